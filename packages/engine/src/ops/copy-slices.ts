/**
 * An in-place change made through a view while recording, as PyTorch records it: the op's node
 * works on the view's elements, and the base gets a CopySlices node that routes the base's
 * gradient through it (the view itself then takes its history from the base: AsStridedBackward0).
 */
import { Node } from '../autograd/node.js';
import { allocate } from '../dtype.js';
import { isRecordingProvenance } from '../provenance.js';
import type { Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';
import { connectNode, gradientEdge, noteInPlace, wireNode } from './record.js';
import { contiguousValues, elementOffsets } from './strided.js';

interface Geometry {
  readonly shape: Shape;
  readonly strides: readonly number[];
  readonly offset: number;
}

const geometryOf = (t: Tensor): Geometry => ({ shape: t.shape, strides: t._strides, offset: t._offset });

/** For each element of `view`, its row-major index in `base` (both read the same storage). */
export function viewIndicesInBase(base: Geometry, view: Geometry): Int32Array {
  const basePositions = elementOffsets(base.shape, base.strides, base.offset);
  const indexOf = new Map<number, number>();
  basePositions.forEach((position, i) => indexOf.set(position, i));
  return Int32Array.from(elementOffsets(view.shape, view.strides, view.offset), (position) => indexOf.get(position)!);
}

export class CopySlices extends Node {
  readonly #base: Geometry;
  readonly #view: Geometry;
  readonly #fn: Node;

  constructor(base: Tensor, view: Tensor, fn: Node) {
    super();
    this.#base = geometryOf(base);
    this.#view = geometryOf(view);
    this.#fn = fn;
  }

  name(): string {
    return 'CopySlices';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const indices = viewIndicesInBase(this.#base, this.#view);
    const result = contiguousValues(grad).slice();
    const slice = allocate(grad.dtype, indices.length);
    indices.forEach((index, i) => (slice[i] = result[index]!));
    const [viewGrad, ...rest] = this.#fn.applyOutputs([fromValues(slice, this.#view.shape, grad.dtype)]);
    const written = viewGrad ? contiguousValues(viewGrad) : null;
    indices.forEach((index, i) => (result[index] = written ? written[i]! : 0));
    return [this.needsInputGrad(0) ? fromValues(result, grad.shape, grad.dtype) : null, ...rest];
  }
}

/**
 * Records an in-place op on `self` made by `node` from `inputs` (self first). On a view, the node
 * is wrapped in CopySlices on the base, whose other inputs are the node's.
 */
export function connectInPlace(node: Node, inputs: readonly Tensor[], self: Tensor, op: string): void {
  noteInPlace(self, op);
  const base = self._base;
  if (base === null) {
    connectNode(node, inputs, self, op);
    return;
  }
  wireNode(node, inputs, self);
  const copySlices = new CopySlices(base, self, node);
  const baseEdge = gradientEdge(base);
  copySlices.connect(
    [baseEdge, ...node.nextFunctions.slice(1)],
    [baseEdge[0] ? { shape: base.shape, dtype: base.dtype } : null, ...node.inputMetadata.slice(1)],
    [baseEdge[0] ? null : { tensor: base }, ...node.constants.slice(1)],
  );
  copySlices.output = { shape: base.shape, dtype: base.dtype };
  copySlices.module = node.module;
  copySlices.source = node.source;
  base._setHistory(copySlices, 0);
  if (isRecordingProvenance()) base._origin = { kind: 'op', op };
}
