/**
 * The views basic indexing makes (`x[0]`, `x[1:3]`, `x[...]`) and the narrowing that split and
 * cat's backward use: SelectBackward0, SliceBackward0, AliasBackward0.
 */
import { Node } from '../autograd/node.js';
import { allocate } from '../dtype.js';
import { IndexError, ValueError, describeValue } from '../errors.js';
import { normalizeDim, numel, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';
import { recordOp } from './record.js';
import { asView } from './shape-ops.js';
import { contiguousValues, elementOffsets } from './strided.js';

/** Python's `sys.maxsize`: what a slice without an end saves, as PyTorch 1.13 does. */
export const INT64_MAX = 2 ** 63 - 1;

/** A zero gradient of the input's shape with `grad` written where the view read (the `*_backward` of a view op). */
function scatterIntoZeros(grad: Tensor, inputShape: Shape, view: (zeros: Tensor) => Tensor): Tensor {
  const out = fromValues(allocate(grad.dtype, numel(inputShape)), inputShape, grad.dtype);
  const target = view(out);
  const offsets = elementOffsets(target.shape, target._strides, target._offset);
  const g = grad.contiguous();
  for (let i = 0; i < offsets.length; i++) out._storage[offsets[i]!] = g._storage[g._offset + i]!;
  return out;
}

class SelectBackward0 extends Node {
  readonly #dim: number;
  readonly #index: number;
  readonly #shape: Shape;

  constructor(dim: number, index: number, d: number, i: number, inputShape: Shape) {
    super();
    [this.#dim, this.#index, this.#shape] = [d, i, inputShape];
    this.saveInt('dim', dim);
    this.saveInt('index', index);
    this.saveInts('self_sizes', inputShape);
  }

  name(): string {
    return 'SelectBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [scatterIntoZeros(grad, this.#shape, (z) => selectView(z, this.#dim, this.#index))];
  }
}

function selectView(t: Tensor, d: number, i: number): Tensor {
  const shape = t.shape.filter((_, k) => k !== d);
  const strides = t._strides.filter((_, k) => k !== d);
  return asView(t, shape, strides, t._offset + i * t._strides[d]!);
}

/** `x.select(dim, index)`: the view at one index of a dim (`x[i]`). */
export function select(t: Tensor, dim: number, index: number): Tensor {
  if (t.ndim === 0) throw new IndexError('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, t.ndim);
  if (typeof index !== 'number' || !Number.isInteger(index)) throw new TypeError(`select(): index must be a whole number, got ${describeValue(index)}`);
  const size = t.shape[d]!;
  if (index < -size || index >= size) {
    throw new IndexError(`index ${index} is out of bounds for dimension ${d} with size ${size}`);
  }
  const i = index < 0 ? index + size : index;
  return recordOp('select', [t], selectView(t, d, i), () => new SelectBackward0(dim, index, d, i, t.shape));
}

/** Where a slice reads, after clamping: `length` entries of dim `d` from `start`, `step` apart. */
interface SliceRange {
  readonly d: number;
  readonly start: number;
  readonly length: number;
  readonly step: number;
}

class SliceBackward0 extends Node {
  readonly #range: SliceRange;
  readonly #shape: Shape;

  constructor(dim: number, start: number, end: number, step: number, range: SliceRange, inputShape: Shape) {
    super();
    this.#range = range;
    this.#shape = inputShape;
    this.saveInt('dim', dim);
    this.saveInt('end', end);
    this.saveInts('self_sym_sizes', inputShape);
    this.saveInt('start', start);
    this.saveInt('step', step);
  }

  name(): string {
    return 'SliceBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const { d, start, length, step } = this.#range;
    return [scatterIntoZeros(grad, this.#shape, (z) => sliceView(z, d, start, length, step))];
  }
}

function sliceView(t: Tensor, d: number, start: number, length: number, step: number): Tensor {
  const shape = [...t.shape];
  const strides = [...t._strides];
  shape[d] = length;
  strides[d] = t._strides[d]! * step;
  return asView(t, shape, strides, t._offset + start * t._strides[d]!);
}

/**
 * `x.slice(dim, start, end, step)` (`x[start:end:step]`): start and end are clamped to the dim as
 * Python clamps them; PyTorch saves them as given (an omitted end is `sys.maxsize`).
 */
export function slice(t: Tensor, dim: number, start = 0, end = INT64_MAX, step = 1): Tensor {
  if (t.ndim === 0) throw new IndexError('slice() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, t.ndim);
  if (step <= 0) throw new ValueError('step must be greater than zero');
  const size = t.shape[d]!;
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const from = clamp(start);
  const to = Math.max(clamp(end), from);
  const length = Math.ceil((to - from) / step);
  const range = { d, start: from, length, step };
  return recordOp('slice', [t], sliceView(t, d, from, length, step), () => new SliceBackward0(dim, start, end, step, range, t.shape));
}

class AliasBackward0 extends Node {
  name(): string {
    return 'AliasBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [grad];
  }
}

/** `torch.alias`: a view of the whole tensor (`x[...]`). */
export function alias(t: Tensor): Tensor {
  return recordOp('alias', [t], asView(t, t.shape, t._strides), () => new AliasBackward0());
}

/** A row-major copy of `length` entries of `dim` from `start`: the pieces split and cat's backward hand out. */
export function narrowCopy(t: Tensor, d: number, start: number, length: number): Tensor {
  const view = sliceView(t, d, start, length, 1);
  return fromValues(contiguousValues(view).slice(), view.shape, view.dtype);
}
