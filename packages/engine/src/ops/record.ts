import { isGradEnabled } from '../autograd/grad-mode.js';
import { isFloatingPoint } from '../dtype.js';
import type { ConstantInput, Edge, Node } from '../autograd/node.js';
import {
  captureSource,
  currentModuleCall,
  isRecordingProvenance,
  mergeCutSources,
  opSource,
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
  if (t._wrappedNumber) return { number: t._storage[t._offset]! };
  t._usedWithoutGrad = true;
  return { tensor: t };
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
  node.source = opSource();
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
 * under `noGrad` or by an op with no gradient (`op`, given for a result made without a graph while
 * grad mode is on), or the cuts its inputs already carry.
 */
export function cutSourcesOf(inputs: readonly (Tensor | null)[], output: Tensor, op?: string): readonly CutSource[] {
  const gradOff = !isGradEnabled();
  const cut = (t: Tensor): readonly CutSource[] => {
    if (!t.requiresGrad) return t._cutSources;
    if (gradOff) return [{ tensor: new WeakRef(t), cut: 'noGrad', at: output }];
    return op === undefined ? t._cutSources : [{ tensor: new WeakRef(t), cut: 'nonDifferentiable', op, at: output }];
  };
  return mergeCutSources(inputs.flatMap((t) => (t === null ? [] : [cut(t)])));
}

/**
 * Provenance of a result made without a graph: under `noGrad`, by an op with no gradient (an
 * integral or bool result), or from inputs that need no grad (which it marks as used, so a later
 * `requiresGrad_()` on one of them can say it came too late).
 */
export function markWithoutGraph(op: string, inputs: readonly (Tensor | null)[], output: Tensor): void {
  if (!isRecordingProvenance()) return;
  const gradOff = !isGradEnabled();
  output._origin = gradOff ? { kind: 'noGrad', op } : { kind: 'op', op };
  output._cutSources = cutSourcesOf(inputs, output, op);
  for (const input of inputs) if (input !== null && !input.requiresGrad) input._usedWithoutGrad = true;
  const cuts = output._cutSources;
  if (cuts.length > 0 && (gradOff || cuts.some((c) => c.at === output))) output._source = captureSource('cut');
}

/** The result of an op that has no gradient (argmax, comparisons): never in a graph, and a cut for what needed one. */
export function resultWithoutGradient(op: string, inputs: readonly (Tensor | null)[], output: Tensor): Tensor {
  markWithoutGraph(op, inputs, output);
  return output;
}

/** An in-place change of `self`'s storage by user code: the version counter keeps the op and the line. */
export function noteInPlace(self: Tensor, op: string): void {
  if (isRecordingProvenance()) self._version.changedBy = { op, source: captureSource('cut') };
}
