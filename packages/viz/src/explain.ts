/** `explain()`: in words, why a tensor's `.grad` is or will be null — or that it will arrive. */
import { describeValue, isTensor, snapshot, type Tensor } from '@gradviz/engine';
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { dialectOf } from './code-dialect.js';
import { diagnose, type Finding } from './diagnose.js';
import { checkOutputs } from './input.js';
import { format, type Lang, message } from './messages/index.js';
import { environmentLang } from './messages/lang.js';

/** Findings that stop every gradient: backward raises before it fills anything. */
const BACKWARD_RAISES = new Set<Finding['kind']>(['outputWithoutGrad', 'savedTensorModified', 'graphFreed', 'leafMovedIntoGraph']);

function withFix(finding: Finding, lang: Lang): string {
  return `${finding.text} ${format(lang, message('explain.fix', { fix: finding.fix }))}`;
}

/** The explanation of one params name, from a graph's findings (in their language). */
export function explainName(graph: GraphSnapshot, findings: readonly Finding[], name: string, lang: Lang = findings[0]?.lang ?? environmentLang()): string {
  const entry = graph.params.find((p) => p.name === name);
  if (!entry) {
    const known = graph.params.map((p) => p.name);
    throw new TypeError(format(lang, message(known.length ? 'explain.unknownName' : 'explain.unknownNameNoParams', { name, known: known.join(', ') })));
  }
  // A param cut in two ways has a finding for each.
  const problems = findings.filter((f) => f.params.includes(name) && f.kind !== 'dtypeCopy' && f.severity !== 'info');
  const raises = findings.filter((f) => BACKWARD_RAISES.has(f.kind) && !problems.includes(f));
  const none = dialectOf(graph).none;
  if (problems.length > 0 || raises.length > 0) {
    const said = [...raises, ...problems].map((f) => withFix(f, lang));
    // Backward raises, so even a param otherwise fine gets nothing.
    if (problems.length === 0) said.push(format(lang, message('explain.blocked', { name, none })));
    return said.join(' ');
  }
  const info = findings.find((f) => f.params.includes(name));
  const arrives = format(lang, message('explain.arrives', { name }));
  return info ? `${arrives} ${info.text}` : arrives;
}

export interface ExplainOptions {
  /** The outputs backward will run from; without them only the tensor itself is read. */
  outputs?: Tensor | readonly Tensor[];
  /** How to call the tensor in the text (default `x`). */
  name?: string;
  /** The language of the words. Default: the environment's. */
  lang?: Lang;
}

/** Why `tensor.grad` is or will be null, or that backward from `outputs` fills it. */
export function explain(tensor: Tensor, options: ExplainOptions = {}): string {
  const name = options.name ?? 'x';
  const lang = options.lang ?? environmentLang();
  if (!isTensor(tensor)) throw new TypeError(`explain(): expected a Tensor, got ${describeValue(tensor)}`);
  if (options.outputs === undefined) {
    if (tensor.isLeaf && tensor.requiresGrad) return format(lang, message('explain.leafAlone', { name }));
    // Read the tensor on its own: its own graph holds whatever makes it a non-leaf.
    const graph = snapshot(tensor, { params: { [name]: tensor } });
    return explainName(graph, diagnose(graph, { lang }).filter((f) => f.kind !== 'outputWithoutGrad'), name, lang);
  }
  const graph = snapshot(checkOutputs(options.outputs, 'explain()'), { params: { [name]: tensor } });
  return explainName(graph, diagnose(graph, { lang }), name, lang);
}
