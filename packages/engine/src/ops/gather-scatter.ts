/**
 * Reading and writing at positions given by tensors: indexSelect, gather, scatter, maskedFill,
 * where (IndexSelectBackward0, GatherBackward0, ScatterBackward0/1, MaskedFillBackward0/1, WhereBackward0).
 */
import { Node } from '../autograd/node.js';
import { allocate, type DType, scalarTypeName } from '../dtype.js';
import { IndexError, RuntimeError, describeValue } from '../errors.js';
import { broadcastShapes, contiguousStrides, normalizeDim, numel, type Shape } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { operand } from './arithmetic.js';
import { connectInPlace } from './copy-slices.js';
import { checkInPlace, recordCutSources, writeInto } from './inplace.js';
import { fromValues, resultTypeOf } from './kernels.js';
import { recordOp } from './record.js';
import { broadcastValues, contiguousValues, convertValues } from './strided.js';

function indexTensor(value: unknown, fn: string): Tensor {
  if (!(value instanceof Tensor)) throw new TypeError(`${fn}(): argument 'index' must be a Tensor, got ${describeValue(value)}`);
  if (value.dtype !== 'int64') throw new RuntimeError(`${fn}(): Expected dtype int64 for index`);
  return value;
}

function zerosOf(shape: Shape, dtype: DType): Tensor {
  return fromValues(allocate(dtype, numel(shape)), shape, dtype);
}

/**
 * For each element of `index` (row-major), the row-major position in a tensor of `shape` whose
 * coordinate along `d` is the index value: what gather reads and scatter writes.
 */
function positionsAlong(shape: Shape, index: Tensor, d: number): Int32Array {
  const idx = contiguousValues(index);
  const strides = contiguousStrides(shape);
  const indexStrides = contiguousStrides(index.shape);
  const out = new Int32Array(idx.length);
  for (let p = 0; p < idx.length; p++) {
    let rest = p;
    let position = 0;
    for (let k = 0; k < index.ndim; k++) {
      const coordinate = Math.floor(rest / indexStrides[k]!);
      rest -= coordinate * indexStrides[k]!;
      if (k !== d) position += coordinate * strides[k]!;
    }
    const i = idx[p]!;
    const size = shape[d] ?? 1;
    if (i < -size || i >= size) throw new RuntimeError(`index ${i} is out of bounds for dimension ${d} with size ${size}`);
    out[p] = position + (i < 0 ? i + size : i) * (strides[d] ?? 1);
  }
  return out;
}

function checkSameRank(t: Tensor, index: Tensor, fn: string): void {
  if (index.ndim !== t.ndim && !(index.ndim <= 1 && t.ndim <= 1)) {
    throw new RuntimeError(`Index tensor must have the same number of dimensions as ${fn === 'gather' ? 'input' : 'self'} tensor`);
  }
}

// ---- indexSelect -------------------------------------------------------------------------------

class IndexSelectBackward0 extends Node {
  readonly #dim: number;
  readonly #shape: Shape;

  constructor(given: number, dim: number, index: Tensor, inputShape: Shape) {
    super();
    [this.#dim, this.#shape] = [dim, inputShape];
    this.saveInt('dim', given);
    this.saveTensor('index', index);
    this.saveInts('self_sizes', inputShape);
  }

  name(): string {
    return 'IndexSelectBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [indexAdd(zerosOf(this.#shape, grad.dtype), this.#dim, this.savedTensor('index'), grad)];
  }
}

/** Rows of `d` picked by a 1-D index, and where each lands in the result. */
function indexSelectLayout(shape: Shape, d: number, idx: ArrayLike<number>): { outer: number; inner: number; size: number } {
  const size = shape[d] ?? 1;
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i]!;
    if (v < -size || v >= size) throw new IndexError(`index out of range in self`);
  }
  return { outer: shape.slice(0, d).reduce((a, b) => a * b, 1), inner: shape.slice(d + 1).reduce((a, b) => a * b, 1), size };
}

/** `out.index_add_(d, index, src)` on a contiguous `out`. */
function indexAdd(out: Tensor, d: number, index: Tensor, src: Tensor): Tensor {
  const idx = contiguousValues(index);
  const { outer, inner, size } = indexSelectLayout(out.shape, d, idx);
  const s = contiguousValues(src);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < idx.length; j++) {
      const row = idx[j]! < 0 ? idx[j]! + size : idx[j]!;
      for (let k = 0; k < inner; k++) out._storage[(o * size + row) * inner + k]! += s[(o * idx.length + j) * inner + k]!;
    }
  }
  return out;
}

/** `x.index_select(dim, index)`: the entries of `dim` at a 1-D int64 index, copied. */
export function indexSelect(t: Tensor, dim: number, indexValue: Tensor): Tensor {
  const index = indexTensor(indexValue, 'index_select');
  if (index.ndim > 1) throw new IndexError('index_select(): Index is supposed to be a vector');
  const d = normalizeDim(dim, t.ndim);
  const idx = contiguousValues(index);
  const { outer, inner, size } = indexSelectLayout(t.shape, d, idx);
  const values = contiguousValues(t);
  const shape = t.ndim === 0 ? [] : t.shape.map((s, k) => (k === d ? idx.length : s));
  const out = allocate(t.dtype, numel(shape));
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < idx.length; j++) {
      const row = idx[j]! < 0 ? idx[j]! + size : idx[j]!;
      out.set(values.subarray((o * size + row) * inner, (o * size + row + 1) * inner), (o * idx.length + j) * inner);
    }
  }
  return recordOp('index_select', [t], fromValues(out, shape, t.dtype), () => new IndexSelectBackward0(dim, d, index, t.shape));
}

// ---- gather / scatter --------------------------------------------------------------------------

class GatherBackward0 extends Node {
  readonly #dim: number;

  constructor(given: number, dim: number, self: Tensor, index: Tensor) {
    super();
    this.#dim = dim;
    this.saveInt('dim', given);
    this.saveTensor('index', index);
    this.saveTensor('self', self);
    this.saveValue('sparse_grad', { type: 'bool', value: false });
  }

  name(): string {
    return 'GatherBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const self = this.savedTensor('self');
    const out = zerosOf(self.shape, grad.dtype);
    const g = contiguousValues(grad);
    positionsAlong(self.shape, this.savedTensor('index'), this.#dim).forEach((position, p) => {
      out._storage[position]! += g[p]!;
    });
    return [out];
  }
}

/** `x.gather(dim, index)`: `out[i][j] = x[i][index[i][j]]` for dim 1 (and so on for other dims). */
export function gather(t: Tensor, dim: number, indexValue: Tensor): Tensor {
  const index = indexTensor(indexValue, 'gather');
  checkSameRank(t, index, 'gather');
  const d = normalizeDim(dim, t.ndim);
  index.shape.forEach((size, k) => {
    if (k !== d && size > (t.shape[k] ?? 1)) {
      throw new RuntimeError(`Size does not match at dimension ${k} expected index [${index.shape.join(', ')}] to be smaller than self [${t.shape.join(', ')}] apart from dimension ${d}`);
    }
  });
  const values = contiguousValues(t);
  const positions = positionsAlong(t.shape, index, d);
  const out = allocate(t.dtype, positions.length);
  positions.forEach((position, p) => {
    out[p] = values[position]!;
  });
  return recordOp('gather', [t], fromValues(out, index.shape, t.dtype), () => new GatherBackward0(dim, d, t, index));
}

class ScatterBackward extends Node {
  readonly #dim: number;
  readonly #withSource: boolean;

  constructor(given: number, dim: number, index: Tensor, withSource: boolean) {
    super();
    [this.#dim, this.#withSource] = [dim, withSource];
    this.saveInt('dim', given);
    this.saveTensor('index', index);
  }

  name(): string {
    return this.#withSource ? 'ScatterBackward0' : 'ScatterBackward1';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const index = this.savedTensor('index');
    const positions = positionsAlong(grad.shape, index, this.#dim);
    const self = this.needsInputGrad(0) ? fromValues(contiguousValues(grad).slice(), grad.shape, grad.dtype) : null;
    if (self) for (const position of positions) self._storage[position] = 0;
    if (!this.#withSource) return [self];
    const g = contiguousValues(grad);
    const src = this.needsInputGrad(1) ? fromValues(allocate(grad.dtype, positions.length), index.shape, grad.dtype) : null;
    if (src) positions.forEach((position, p) => (src._storage[p] = g[position]!));
    return [self, src];
  }
}

/** `x.scatter(dim, index, src)`: a copy of x with `src`'s values (or one number) written where index points along dim. */
export function scatter(t: Tensor, dim: number, indexValue: Tensor, src: TensorLike): Tensor {
  const index = indexTensor(indexValue, 'scatter');
  checkSameRank(t, index, 'scatter');
  const d = normalizeDim(dim, t.ndim);
  const out = fromValues(contiguousValues(t).slice(), t.shape, t.dtype);
  const positions = positionsAlong(t.shape, index, d);
  if (typeof src === 'number') {
    const value = convertValues(Float64Array.of(src), t.dtype)[0]!;
    for (const position of positions) out._storage[position] = value;
    return recordOp('scatter', [t], out, () => new ScatterBackward(dim, d, index, false));
  }
  const source = operand(src, 'scatter', 'src');
  if (source.dtype !== t.dtype) {
    throw new RuntimeError(`scatter(): Expected self.dtype to be equal to src.dtype`);
  }
  // src is read at the index's positions: its leading block of the index's shape.
  const srcStrides = contiguousStrides(source.shape);
  const indexStrides = contiguousStrides(index.shape);
  const s = contiguousValues(source);
  positions.forEach((position, p) => {
    let rest = p;
    let at = 0;
    for (let k = 0; k < index.ndim; k++) {
      const coordinate = Math.floor(rest / indexStrides[k]!);
      rest -= coordinate * indexStrides[k]!;
      at += coordinate * srcStrides[k]!;
    }
    out._storage[position] = s[at]!;
  });
  return recordOp('scatter', [t, source], out, () => new ScatterBackward(dim, d, index, true));
}

// ---- maskedFill / where ----------------------------------------------------------------------------

/** A mask: true where nonzero (PyTorch 1.13 still takes masks of other dtypes that way). */
function boolMask(mask: unknown, fn: string): Tensor {
  if (!(mask instanceof Tensor)) throw new TypeError(`${fn}(): argument 'mask' must be a Tensor, got ${describeValue(mask)}`);
  return mask;
}

class MaskedFillBackward extends Node {
  readonly #withTensor: boolean;

  constructor(mask: Tensor, withTensor: boolean) {
    super();
    this.#withTensor = withTensor;
    this.saveTensor('mask', mask);
  }

  name(): string {
    return this.#withTensor ? 'MaskedFillBackward1' : 'MaskedFillBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const mask = broadcastValues(this.savedTensor('mask'), grad.shape);
    const g = contiguousValues(grad);
    const self = allocate(grad.dtype, g.length);
    let filled = 0;
    for (let i = 0; i < g.length; i++) {
      if (mask[i]) filled += g[i]!;
      else self[i] = g[i]!;
    }
    const out: (Tensor | null)[] = [this.needsInputGrad(0) ? fromValues(self, grad.shape, grad.dtype) : null];
    if (this.#withTensor) out.push(this.needsInputGrad(1) ? fromValues(Float64Array.of(filled), [], 'float64').to(grad.dtype) : null);
    return out;
  }
}

/** Values of `t` with `value` where the mask is true; the mask broadcasts to t's shape. */
export function maskedFillValues(t: Tensor, mask: Tensor, value: number): Tensor {
  broadcastShapes(t.shape, mask.shape);
  const m = broadcastValues(mask, t.shape);
  const out = contiguousValues(t).slice();
  const fill = convertValues(Float64Array.of(value), t.dtype)[0]!;
  for (let i = 0; i < out.length; i++) if (m[i]) out[i] = fill;
  return fromValues(out, t.shape, t.dtype);
}

/** `x.masked_fill(mask, value)`: value (a number, or a 0-dim tensor) where mask is true. */
export function maskedFill(t: Tensor, maskValue: Tensor, value: TensorLike): Tensor {
  const mask = boolMask(maskValue, 'masked_fill_');
  if (typeof value === 'number') return recordOp('masked_fill', [t], maskedFillValues(t, mask, value), () => new MaskedFillBackward(mask, false));
  const v = operand(value, 'masked_fill', 'value');
  if (v.ndim !== 0) {
    throw new RuntimeError(`masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${v.ndim} dimension(s).`);
  }
  return recordOp('masked_fill', [t, v], maskedFillValues(t, mask, v.item()), () => new MaskedFillBackward(mask, true));
}

class WhereBackward0 extends Node {
  constructor(condition: Tensor) {
    super();
    this.saveTensor('condition', condition);
  }

  name(): string {
    return 'WhereBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const c = broadcastValues(this.savedTensor('condition'), grad.shape);
    const g = contiguousValues(grad);
    const pick = (whenTrue: boolean) => {
      const out = allocate(grad.dtype, g.length);
      for (let i = 0; i < g.length; i++) if ((c[i] !== 0) === whenTrue) out[i] = g[i]!;
      return fromValues(out, grad.shape, grad.dtype);
    };
    return [this.needsInputGrad(0) ? pick(true) : null, this.needsInputGrad(1) ? pick(false) : null];
  }
}

/** `torch.where(condition, x, y)`: x where the condition holds, else y; all three broadcast. */
export function where(conditionValue: Tensor, x: TensorLike, y: TensorLike): Tensor {
  if (!(conditionValue instanceof Tensor)) throw new TypeError(`where(): argument 'condition' must be a Tensor, got ${describeValue(conditionValue)}`);
  if (conditionValue.dtype !== 'bool') throw new RuntimeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${scalarTypeName(conditionValue.dtype)}`);
  const [self, other] = [operand(x, 'where', 'self'), operand(y, 'where', 'other')];
  const shape = broadcastShapes(broadcastShapes(conditionValue.shape, self.shape), other.shape);
  const dtype = resultTypeOf(self, other);
  const [c, a, b] = [broadcastValues(conditionValue, shape), broadcastValues(self, shape), broadcastValues(other, shape)];
  const out = allocate(dtype, numel(shape));
  for (let i = 0; i < out.length; i++) out[i] = c[i] ? a[i]! : b[i]!;
  return recordOp('where', [self, other], fromValues(out, shape, dtype), () => new WhereBackward0(conditionValue));
}

/** `x.masked_fill_(mask, value)`, in place (MaskedFillBackward0; CopySlices through a view). */
export function maskedFill_<T extends Tensor>(self: T, maskValue: Tensor, value: number): T {
  const mask = boolMask(maskValue, 'masked_fill_');
  if (typeof value !== 'number') throw new TypeError(`masked_fill_(): value must be a number, got ${describeValue(value)}`);
  const recording = checkInPlace(self, []);
  writeInto(self, maskedFillValues(self, mask, value));
  if (recording) connectInPlace(new MaskedFillBackward(mask, false), [self], self, 'masked_fill_');
  else recordCutSources(self, [self], 'masked_fill_');
  return self;
}
