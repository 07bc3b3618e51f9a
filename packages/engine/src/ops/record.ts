import { isGradEnabled } from '../autograd/grad-mode.js';
import { isFloatingPoint } from '../dtype.js';
import type { ConstantInput, Edge, Node } from '../autograd/node.js';
import {
  captureSource,
  currentModuleCall,
  isRecordingProvenance,
  mergeCutSources,
  type CutSource,
} from '../provenance.js';
import type { Tensor } from '../tensor.js';

/** Where the gradient of `t` goes: its `gradFn`, its AccumulateGrad, or nowhere (also for an absent input). */
export function gradientEdge(t: Tensor | null): Edge {
  if (t === null) return [null, 0];
  const gradFn = t.gradFn;
  if (gradFn) return [gradFn, t._outputNr];
  if (t._requiresGrad) return [t.gradAccumulator(), 0];
  return [null, 0];
}

/** Whether an op on these inputs is recorded for backward right now. */
export function needsGraph(inputs: readonly (Tensor | null)[]): boolean {
  return isGradEnabled() && inputs.some((t) => t?.requiresGrad);
}

function constantOf(t: Tensor | null): ConstantInput {
  if (t === null) return { absent: true };
  return t._wrappedNumber ? { number: t._storage[t._offset]! } : { tensor: t };
}

/**
 * Hooks a node made by `makeNode` between the inputs and `output`. A null input is an optional
 * one not given (PyTorch's undefined tensor, as `bias=None`): its edge is `(None, 0)`.
 */
export function connectNode(node: Node, inputs: readonly (Tensor | null)[], output: Tensor, op: string): void {
  connectOutputs(node, inputs, [output], op);
}

/** Sets a node's edges to the inputs, and what it made (shape, dtype, module, source line). */
export function wireNode(node: Node, inputs: readonly (Tensor | null)[], output: Tensor): void {
  const edges = inputs.map(gradientEdge);
  node.connect(
    edges,
    edges.map(([next], i) => (next ? { shape: inputs[i]!.shape, dtype: inputs[i]!.dtype } : null)),
    edges.map(([next], i) => (next ? null : constantOf(inputs[i]!))),
  );
  node.output = { shape: output.shape, dtype: output.dtype };
  node.moduleCall = currentModuleCall() ?? undefined;
  node.module = node.moduleCall?.path;
  node.source = captureSource('op');
}

/** As `connectNode`, for a node with several outputs (split, unbind): output i gets `outputNr` i. */
export function connectOutputs(node: Node, inputs: readonly (Tensor | null)[], outputs: readonly Tensor[], op: string): void {
  wireNode(node, inputs, outputs[0]!);
  outputs.forEach((output, i) => {
    output._setHistory(node, i);
    if (isRecordingProvenance()) output._origin = { kind: 'op', op };
  });
}

/**
 * Records an op's result: with a backward node when an input requires grad, grad mode is on and
 * the result is floating point (PyTorch gives integral and bool results no grad_fn), otherwise
 * with the provenance that explains why it has none.
 */
export function recordOp(op: string, inputs: readonly (Tensor | null)[], output: Tensor, makeNode: (output: Tensor) => Node): Tensor {
  if (needsGraph(inputs) && isFloatingPoint(output.dtype)) connectNode(makeNode(output), inputs, output, op);
  else markWithoutGraph(op, inputs, output);
  return output;
}

/**
 * What needed a gradient and reached `output` through a cut: an input that requires grad, used
 * under `noGrad`, or the cuts its inputs already carry.
 */
export function cutSourcesOf(inputs: readonly (Tensor | null)[], output: Tensor): readonly CutSource[] {
  const gradOff = !isGradEnabled();
  const cut = (t: Tensor): readonly CutSource[] =>
    gradOff && t.requiresGrad ? [{ tensor: new WeakRef(t), cut: 'noGrad', at: output }] : t._cutSources;
  return mergeCutSources(inputs.flatMap((t) => (t === null ? [] : [cut(t)])));
}

/** Provenance of a result made without a graph: under `noGrad`, or from inputs that need no grad. */
export function markWithoutGraph(op: string, inputs: readonly (Tensor | null)[], output: Tensor): void {
  if (!isRecordingProvenance()) return;
  const gradOff = !isGradEnabled();
  output._origin = gradOff ? { kind: 'noGrad', op } : { kind: 'op', op };
  output._cutSources = cutSourcesOf(inputs, output);
  if (gradOff && output._cutSources.length > 0) output._source = captureSource('cut');
}
