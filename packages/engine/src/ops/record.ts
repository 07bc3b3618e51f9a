import { leavesBehind } from '../autograd/accumulate-grad.js';
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
  type CutTensor,
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

/** Most nodes walked for the leaves behind a cut-off tensor: a huge history is not worth a slow cut. */
const MAX_LEAF_WALK = 10_000;

/** A tensor made by an op, described at its cut: its gradFn's name, shape and dtype, and the leaves behind it (weakly). */
function describeCut(t: Tensor): CutTensor | undefined {
  const root = t.gradFn;
  if (root === null) return undefined;
  const leaves = leavesBehind(root, MAX_LEAF_WALK).map((leaf) => new WeakRef(leaf));
  const op = t._origin.kind === 'op' ? t._origin.op : undefined;
  return { gradFn: root.name(), op, source: root.source, shape: t.shape, dtype: t.dtype, leaves };
}

/** `t`, which needed a gradient, cut off at `at`: held weakly, and described when an op made it (so the cut outlives it). */
export function newCutSource(t: Tensor, cut: CutSource['cut'], at: Tensor, extra: Pick<CutSource, 'via' | 'op'> = {}): CutSource {
  const described = describeCut(t);
  return { tensor: new WeakRef(t), cut, ...extra, at, ...(described !== undefined ? { described } : {}) };
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
    if (gradOff) return [newCutSource(t, 'noGrad', output)];
    return op === undefined ? t._cutSources : [newCutSource(t, 'nonDifferentiable', output, { op })];
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
  // Where a chain breaks, the line is kept in every mode but 'off'; any other result's with every op's.
  output._source = cuts.length > 0 && (gradOff || cuts.some((c) => c.at === output)) ? captureSource('cut') : opSource();
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
