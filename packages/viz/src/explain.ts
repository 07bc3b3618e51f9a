/** `explain()`: in words, why a tensor's `.grad` is or will be null — or that it will arrive. */
import { describeValue, isTensor, snapshot, type Tensor } from '@gradviz/engine';
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { diagnose, type Finding } from './diagnose.js';
import { checkOutputs } from './input.js';

/** The explanation of one params name, from a graph's findings. */
export function explainName(graph: GraphSnapshot, findings: readonly Finding[], name: string): string {
  const entry = graph.params.find((p) => p.name === name);
  if (!entry) {
    const known = graph.params.map((p) => p.name);
    throw new TypeError(`explain(): '${name}' is not one of the params of this graph${known.length ? ` (${known.join(', ')})` : ' (it has none)'}`);
  }
  // A param cut in two ways has a finding for each.
  const problems = findings.filter((f) => f.params.includes(name) && f.kind !== 'dtypeCopy');
  if (problems.length > 0) return problems.map((f) => `${f.text} Fix: ${f.fix}`).join(' ');
  const info = findings.find((f) => f.params.includes(name));
  const arrives = `${name} is a leaf of this graph that requires grad: backward fills ${name}.grad.`;
  return info ? `${arrives} ${info.text}` : arrives;
}

export interface ExplainOptions {
  /** The outputs backward will run from; without them only the tensor itself is read. */
  outputs?: Tensor | readonly Tensor[];
  /** How to call the tensor in the text (default `x`). */
  name?: string;
}

/** Why `tensor.grad` is or will be null, or that backward from `outputs` fills it. */
export function explain(tensor: Tensor, options: ExplainOptions = {}): string {
  const name = options.name ?? 'x';
  if (!isTensor(tensor)) throw new TypeError(`explain(): expected a Tensor, got ${describeValue(tensor)}`);
  if (options.outputs === undefined) {
    if (tensor.isLeaf && tensor.requiresGrad) {
      return `${name} is a leaf that requires grad: backward from an output computed from ${name} fills ${name}.grad.`;
    }
    // Read the tensor on its own: its own graph holds whatever makes it a non-leaf.
    const graph = snapshot(tensor, { params: { [name]: tensor } });
    return explainName(graph, diagnose(graph).filter((f) => f.kind !== 'outputWithoutGrad'), name);
  }
  const graph = snapshot(checkOutputs(options.outputs, 'explain()'), { params: { [name]: tensor } });
  return explainName(graph, diagnose(graph), name);
}
