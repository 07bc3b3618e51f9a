import { Node } from '../autograd/node.js';
import { allocate, legacyTypeName } from '../dtype.js';
import { RuntimeError, describeValue } from '../errors.js';
import { inferSize, normalizeDim, numel, type Shape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { clone } from './copy.js';
import { fromValues } from './kernels.js';
import { gradientEdge, recordOp } from './record.js';
import { sumTo } from './reduction.js';
import { contiguousValues, elementOffsets } from './strided.js';

/** A tensor over `t`'s storage with another shape and strides; it shares `t`'s version counter. */
export function asView(t: Tensor, shape: Shape, strides: readonly number[], offset = t._offset): Tensor {
  const view = new Tensor(t._storage, shape, t.dtype, strides, offset, t._version);
  view._base = t._base ?? t;
  view._viewBaseGradFn = view._base.gradFn;
  return view;
}

/** A view's history rebuilt on its base: the gradient is scattered back to where the view reads. */
class AsStridedBackward0 extends Node {
  readonly #base: { shape: Shape; strides: readonly number[]; offset: number };
  readonly #view: { shape: Shape; strides: readonly number[]; offset: number };

  constructor(base: Tensor, view: Tensor) {
    super();
    this.#base = { shape: base.shape, strides: base._strides, offset: base._offset };
    this.#view = { shape: view.shape, strides: view._strides, offset: view._offset };
    this.saveInts('size', view.shape);
    this.saveInt('storage_offset', view._offset);
    this.saveInts('stride', view._strides);
  }

  name(): string {
    return 'AsStridedBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const base = this.#base;
    const view = this.#view;
    const baseIndex = new Map<number, number>();
    elementOffsets(base.shape, base.strides, base.offset).forEach((position, i) => baseIndex.set(position, i));
    const g = contiguousValues(grad);
    const out = allocate(grad.dtype, numel(base.shape));
    elementOffsets(view.shape, view.strides, view.offset).forEach((position, i) => {
      out[baseIndex.get(position)!]! += g[i]!;
    });
    return [fromValues(out, base.shape, grad.dtype)];
  }
}

/**
 * PyTorch regenerates the grad_fn of a view whose base was rewritten in place: AsStridedBackward0
 * on the base's new history (or none, when the base needs no gradient).
 */
export function rebaseView(view: Tensor): void {
  const base = view._base!;
  view._viewBaseGradFn = base.gradFn;
  if (!base.requiresGrad) {
    view._gradFn = null;
    return;
  }
  const node = new AsStridedBackward0(base, view);
  node.connect([gradientEdge(base)], [{ shape: base.shape, dtype: base.dtype }], [null]);
  node.output = { shape: view.shape, dtype: view.dtype };
  view._setHistory(node, 0);
}

/**
 * Strides that let `newShape` read `t`'s elements in order without a copy, or null when the
 * layout does not allow it (PyTorch's `computeStride`).
 */
function viewStrides(oldShape: Shape, oldStrides: readonly number[], newShape: Shape): number[] | null {
  if (oldShape.length === 0) return newShape.map(() => 1);
  const total = numel(oldShape);
  const newStrides = new Array<number>(newShape.length);
  if (total === 0) {
    let step = 1;
    for (let i = newShape.length - 1; i >= 0; i--) {
      newStrides[i] = step;
      step *= Math.max(newShape[i]!, 1);
    }
    return newStrides;
  }
  let viewD = newShape.length - 1;
  let chunkBaseStride = oldStrides[oldStrides.length - 1]!;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
    tensorNumel *= oldShape[tensorD]!;
    if (tensorD === 0 || (oldShape[tensorD - 1] !== 1 && oldStrides[tensorD - 1] !== tensorNumel * chunkBaseStride)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBaseStride;
        viewNumel *= newShape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (tensorD > 0) {
        chunkBaseStride = oldStrides[tensorD - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? newStrides : null;
}

/** Backward of a view that only changed the shape: reshape the gradient back (`self_sym_sizes`). */
class ReshapeBackward extends Node {
  readonly #name: string;
  readonly #shape: Shape;

  constructor(name: string, sizesName: string, inputShape: Shape) {
    super();
    this.#name = name;
    this.#shape = inputShape;
    this.saveInts(sizesName, inputShape);
  }

  name(): string {
    return this.#name;
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [grad.reshape([...this.#shape])];
  }
}

export function view(t: Tensor, shape: unknown): Tensor {
  const target = inferSize(shape, t.numel());
  const strides = viewStrides(t.shape, t._strides, target);
  if (strides === null) {
    throw new RuntimeError(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  }
  return recordOp('view', [t], asView(t, target, strides), () => new ReshapeBackward('ViewBackward0', 'self_sym_sizes', t.shape));
}

/**
 * A view when the layout allows, else a copy (CloneBackward0, UnsafeViewBackward0). The view's node
 * is PyTorch 1.13's ReshapeAliasBackward0 under the name PyTorch 2.x and the reference data use,
 * ViewBackward0.
 */
export function reshape(t: Tensor, shape: unknown): Tensor {
  const target = inferSize(shape, t.numel());
  const strides = viewStrides(t.shape, t._strides, target);
  if (strides !== null) {
    return recordOp('reshape', [t], asView(t, target, strides), () => new ReshapeBackward('ViewBackward0', 'self_sym_sizes', t.shape));
  }
  return unsafeView(clone(t), target);
}

/**
 * `torch._unsafe_view`: a fresh contiguous result read with another shape, which autograd does
 * not treat as a view (reshape's copy path and matmul's unfolding use it).
 */
export function unsafeView(t: Tensor, shape: Shape): Tensor {
  if (!t.isContiguous() || numel(shape) !== t.numel()) {
    throw new RuntimeError(`_unsafe_view: expected a contiguous tensor of ${numel(shape)} elements, got shape [${t.shape.join(', ')}]`);
  }
  const out = new Tensor(t._storage, shape, t.dtype, undefined, t._offset, t._version);
  return recordOp('_unsafe_view', [t], out, () => new ReshapeBackward('UnsafeViewBackward0', 'self_sym_sizes', t.shape));
}

export function flatten(t: Tensor, startDim = 0, endDim = -1): Tensor {
  if (t.ndim === 0) return reshape(t, [1]);
  const start = normalizeDim(startDim, t.ndim);
  const end = normalizeDim(endDim, t.ndim);
  if (start > end) throw new RuntimeError('flatten() has invalid args: start_dim cannot come after end_dim');
  if (start === end) return t;
  const middle = t.shape.slice(start, end + 1).reduce((a, b) => a * b, 1);
  return reshape(t, [...t.shape.slice(0, start), middle, ...t.shape.slice(end + 1)]);
}

class UnsqueezeBackward0 extends Node {
  readonly #dim: number;

  constructor(given: number, dim: number) {
    super();
    this.#dim = dim;
    this.saveInt('dim', given);
  }

  name(): string {
    return 'UnsqueezeBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [grad.squeeze(this.#dim)];
  }
}

export function unsqueeze(t: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, t.ndim + 1);
  const shape = [...t.shape];
  const strides = [...t._strides];
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d < t.ndim ? t._strides[d]! * t.shape[d]! : 1);
  return recordOp('unsqueeze', [t], asView(t, shape, strides), () => new UnsqueezeBackward0(dim, d));
}

class SqueezeDimBackward extends ReshapeBackward {
  constructor(name: string, dim: number, inputShape: Shape) {
    super(name, 'self_sizes', inputShape);
    this.saveInt('dim', dim);
  }
}

/** `nodeName` lets matmul name its in-place squeeze as PyTorch does. */
export function squeeze(t: Tensor, dim?: number, nodeName = 'SqueezeBackward1'): Tensor {
  const d = dim === undefined ? undefined : normalizeDim(dim, t.ndim);
  const keep = t.shape.map((size, i) => size !== 1 || (d !== undefined && i !== d));
  const out = asView(t, t.shape.filter((_, i) => keep[i]), t._strides.filter((_, i) => keep[i]));
  return recordOp('squeeze', [t], out, () =>
    dim === undefined ? new ReshapeBackward('SqueezeBackward0', 'self_sizes', t.shape) : new SqueezeDimBackward(nodeName, dim, t.shape),
  );
}

class ExpandBackward0 extends Node {
  readonly #shape: Shape;

  constructor(inputShape: Shape) {
    super();
    this.#shape = inputShape;
    this.saveInts('self_sym_sizes', inputShape);
  }

  name(): string {
    return 'ExpandBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [sumTo(grad, this.#shape)];
  }
}

export function expand(t: Tensor, sizes: unknown): Tensor {
  if (!Array.isArray(sizes) || sizes.some((s) => typeof s !== 'number' || !Number.isInteger(s))) {
    throw new TypeError(`expand(): sizes must be whole numbers, got ${describeValue(sizes)}`);
  }
  const target = sizes as number[];
  if (target.length < t.ndim) {
    throw new RuntimeError(
      `expand(${legacyTypeName(t.dtype)}{[${t.shape.join(', ')}]}, size=[${target.join(', ')}]): the number of sizes provided (${target.length}) must be greater or equal to the number of dimensions in the tensor (${t.ndim})`,
    );
  }
  const lead = target.length - t.ndim;
  const shape: number[] = [];
  const strides: number[] = [];
  target.forEach((size, i) => {
    const own = i - lead;
    const current = own >= 0 ? t.shape[own]! : 1;
    const resolved = size === -1 && own >= 0 ? current : size;
    if (own >= 0 && current !== 1 && resolved !== current) {
      throw new RuntimeError(
        `The expanded size of the tensor (${resolved}) must match the existing size (${current}) at non-singleton dimension ${i}.  Target sizes: [${target.join(', ')}].  Tensor sizes: [${t.shape.join(', ')}]`,
      );
    }
    if (resolved < 0) throw new RuntimeError(`The expanded size of the tensor (${resolved}) isn't allowed in a leading, non-existing dimension ${i}`);
    shape.push(resolved);
    strides.push(own >= 0 && current === resolved ? t._strides[own]! : 0);
  });
  return recordOp('expand', [t], asView(t, shape, strides), () => new ExpandBackward0(t.shape));
}

class TBackward0 extends Node {
  name(): string {
    return 'TBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [grad.t()];
  }
}

export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new RuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.ndim}D`);
  const out = asView(x, [...x.shape].reverse(), [...x._strides].reverse());
  return recordOp('t', [x], out, () => new TBackward0());
}

class TransposeBackward0 extends Node {
  readonly #dims: [number, number];

  constructor(dim0: number, dim1: number, d0: number, d1: number) {
    super();
    this.#dims = [d0, d1];
    this.saveInt('dim0', dim0);
    this.saveInt('dim1', dim1);
  }

  name(): string {
    return 'TransposeBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [grad.transpose(...this.#dims)];
  }
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const d0 = normalizeDim(dim0, x.ndim);
  const d1 = normalizeDim(dim1, x.ndim);
  const shape = [...x.shape];
  const strides = [...x._strides];
  [shape[d0], shape[d1]] = [shape[d1]!, shape[d0]!];
  [strides[d0], strides[d1]] = [strides[d1]!, strides[d0]!];
  return recordOp('transpose', [x], asView(x, shape, strides), () => new TransposeBackward0(dim0, dim1, d0, d1));
}

class PermuteBackward0 extends Node {
  readonly #inverse: number[];

  constructor(given: readonly number[], dims: readonly number[]) {
    super();
    this.#inverse = dims.map((_, i) => dims.indexOf(i));
    this.saveInts('dims', given);
  }

  name(): string {
    return 'PermuteBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [grad.permute(this.#inverse)];
  }
}

/** `x.permute(dims)`: the dims reordered (a view). */
export function permute(x: Tensor, given: readonly number[]): Tensor {
  if (!Array.isArray(given)) throw new TypeError(`permute(): dims must be an array of dims, got ${describeValue(given)}`);
  if (given.length !== x.ndim) {
    throw new RuntimeError(`permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.ndim} is not equal to len(dims) = ${given.length}`);
  }
  const dims = given.map((d) => normalizeDim(d, x.ndim));
  if (new Set(dims).size !== dims.length) throw new RuntimeError('permute(): duplicate dims are not allowed.');
  const out = asView(x, dims.map((d) => x.shape[d]!), dims.map((d) => x._strides[d]!));
  return recordOp('permute', [x], out, () => new PermuteBackward0(given, dims));
}
