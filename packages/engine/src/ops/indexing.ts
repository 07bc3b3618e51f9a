/**
 * Python's subscript, `x[...]` and `x[...] = v`, as `x.at(...)` and `x.setAt(..., v)`. Each item
 * is one entry of Python's index tuple: a whole number (`x[0]`, SelectBackward0), a slice written
 * as in Python (`':'`, `'1:3'`, `'::2'`) or made with `slice(start, stop, step)` (SliceBackward0),
 * `null` for None (a new axis), `'...'` for Ellipsis, and int64 or bool tensors or arrays of
 * numbers or booleans (advanced indexing: IndexBackward0, and IndexPutBackward0 for assignment).
 */
import { Node } from '../autograd/node.js';
import { allocate } from '../dtype.js';
import { IndexError, ValueError, describeValue } from '../errors.js';
import { broadcastShapes, contiguousStrides, numel, sameShape, type Shape } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { operand } from './arithmetic.js';
import { connectInPlace } from './copy-slices.js';
import { checkInPlace, fillWithTensor_, recordCutSources } from './inplace.js';
import { fromValues } from './kernels.js';
import { recordOp } from './record.js';
import { alias, INT64_MAX, select, slice as sliceOp } from './select-slice.js';
import { unsqueeze } from './shape-ops.js';
import { broadcastValues, contiguousValues, elementOffsets } from './strided.js';

/** Python's `slice(start, stop, step)`; null or undefined is None. */
export class Slice {
  constructor(
    readonly start: number | null = null,
    readonly stop: number | null = null,
    readonly step: number | null = null,
  ) {}

  toString(): string {
    const part = (v: number | null) => (v === null ? '' : String(v));
    return `${part(this.start)}:${part(this.stop)}${this.step === null ? '' : `:${this.step}`}`;
  }
}

/** `slice(start, stop, step)` for computed bounds: `x.at(slice(i, i + 16))` is `x[i:i + 16]`. */
export function slice(start: number | null = null, stop: number | null = null, step: number | null = null): Slice {
  for (const v of [start, stop, step]) {
    if (v !== null && (typeof v !== 'number' || !Number.isInteger(v))) {
      throw new TypeError(`slice(): bounds must be whole numbers or null, got ${describeValue(v)}`);
    }
  }
  return new Slice(start, stop, step);
}

/** One item of an index: what Python allows inside `x[...]`. */
export type IndexItem = number | string | null | Slice | Tensor | readonly number[] | readonly boolean[];

type Parsed =
  | { kind: 'int'; value: number }
  | { kind: 'slice'; start: number; stop: number; step: number }
  | { kind: 'none' }
  | { kind: 'ellipsis' }
  | { kind: 'tensor'; tensor: Tensor };

const SLICE_TEXT = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/;

/** PyTorch's refusal of an index item, naming its Python type. */
function invalidIndex(item: unknown): IndexError {
  const type = typeof item === 'number' ? 'float' : typeof item === 'boolean' ? 'bool' : typeof item === 'string' ? 'str' : describeValue(item);
  return new IndexError(`only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${type})`);
}

function parseItem(item: unknown): Parsed {
  if (typeof item === 'number') {
    if (!Number.isInteger(item)) throw invalidIndex(item);
    return { kind: 'int', value: item };
  }
  if (item === null) return { kind: 'none' };
  if (item === '...') return { kind: 'ellipsis' };
  if (item instanceof Slice || typeof item === 'string') {
    const match = typeof item === 'string' ? SLICE_TEXT.exec(item) : null;
    if (typeof item === 'string' && match === null) {
      throw new TypeError(`at(): ${JSON.stringify(item)} is not an index; write a slice as in Python (':', '1:3', '::2', '-1:'), '...' for Ellipsis, or null for None`);
    }
    const [start, stop, step] = item instanceof Slice ? [item.start, item.stop, item.step] : match!.slice(1).map((v) => (v === undefined ? null : Number(v)));
    if (step === 0) throw new ValueError('slice step cannot be zero');
    if (step !== null && step! < 0) throw new ValueError('step must be greater than zero');
    return { kind: 'slice', start: start ?? 0, stop: stop ?? INT64_MAX, step: step ?? 1 };
  }
  if (item instanceof Tensor) {
    // A 0-dim integer tensor indexes as a number would (SelectBackward0).
    if (item.ndim === 0 && item.dtype === 'int64') return { kind: 'int', value: item.item() };
    if (item.dtype !== 'int64' && item.dtype !== 'bool') {
      throw new IndexError('tensors used as indices must be long, byte or bool tensors');
    }
    return { kind: 'tensor', tensor: item };
  }
  if (Array.isArray(item)) {
    const booleans = item.length > 0 && item.every((v) => typeof v === 'boolean');
    if (!booleans && item.some((v) => typeof v !== 'number' || !Number.isInteger(v))) {
      throw new IndexError(`an array index must hold whole numbers or booleans, got ${describeValue(item)}`);
    }
    const values = booleans ? Uint8Array.from(item as boolean[], (b) => (b ? 1 : 0)) : Float64Array.from(item as number[]);
    return { kind: 'tensor', tensor: fromValues(values, [item.length], booleans ? 'bool' : 'int64') };
  }
  throw invalidIndex(item);
}

/** The dims an item consumes: one, a bool tensor's own rank, or none (None, Ellipsis). */
function consumed(item: Parsed): number {
  if (item.kind === 'none' || item.kind === 'ellipsis') return 0;
  if (item.kind === 'tensor' && item.tensor.dtype === 'bool') return item.tensor.ndim;
  return 1;
}

/** PyTorch's `applySlicing`: the basic items applied as views, the tensor items collected per dim of the result. */
function applySlicing(self: Tensor, items: readonly unknown[]): { sliced: Tensor; indices: (Tensor | null)[] } {
  const parsed = items.map(parseItem);
  if (self.ndim === 0 && parsed.length === 1 && parsed[0]!.kind === 'int') {
    throw new IndexError('invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number');
  }
  const specified = parsed.reduce((n, item) => n + consumed(item), 0);
  if (specified > self.ndim) throw new IndexError(`too many indices for tensor of dimension ${self.ndim}`);
  let result = self;
  let dim = 0;
  const indices: (Tensor | null)[] = [];
  const recordIndex = (d: number, t: Tensor) => {
    while (indices.length < d) indices.push(null);
    indices.push(t);
  };
  for (const item of parsed) {
    switch (item.kind) {
      case 'int':
        result = select(result, dim, item.value);
        break;
      case 'slice':
        result = sliceOp(result, dim, item.start, item.stop, item.step);
        dim++;
        break;
      case 'none':
        result = unsqueeze(result, dim);
        dim++;
        break;
      case 'ellipsis':
        dim += self.ndim - specified;
        break;
      case 'tensor':
        recordIndex(dim, item.tensor);
        dim += consumed(item);
        break;
    }
  }
  return { sliced: result, indices };
}

/** Bool masks turned into one int64 index per dim they cover (their `nonzero()`), as advanced indexing reads them. */
function expandMasks(shape: Shape, indices: readonly (Tensor | null)[]): (Float64Array | null)[] {
  const out: (Float64Array | null)[] = [];
  let d = 0;
  for (const index of indices) {
    if (index === null) {
      out.push(null);
      d++;
    } else if (index.dtype === 'bool') {
      index.shape.forEach((size, k) => {
        if (size !== shape[d + k]) {
          throw new IndexError(`The shape of the mask [${index.shape.join(', ')}] at index ${k} does not match the shape of the indexed tensor [${shape.join(', ')}] at index ${d + k}`);
        }
      });
      const mask = contiguousValues(index);
      const strides = contiguousStrides(index.shape);
      const columns = index.shape.map(() => [] as number[]);
      for (let p = 0; p < mask.length; p++) {
        if (!mask[p]) continue;
        let rest = p;
        strides.forEach((stride, k) => {
          columns[k]!.push(Math.floor(rest / stride));
          rest %= stride;
        });
      }
      for (const column of columns) out.push(Float64Array.from(column));
      d += index.ndim;
    } else {
      out.push(contiguousValues(index) as Float64Array);
      d++;
    }
  }
  return out;
}

/**
 * Where advanced indexing reads in a tensor of `shape` laid out with `strides` from `offset`: the
 * result's shape and, for each of its elements in row-major order, the storage position.
 */
export function advancedPositions(shape: Shape, strides: readonly number[], offset: number, indices: readonly (Tensor | null)[]): { shape: number[]; positions: Float64Array } {
  const columns = expandMasks(shape, indices);
  // The index tensors' own shapes (a mask's columns are 1-D of its count of true entries).
  const indexShapes: Shape[] = [];
  let d = 0;
  for (const index of indices) {
    if (index === null) d++;
    else if (index.dtype === 'bool') {
      const count = columns[d]!.length;
      for (let k = 0; k < index.ndim; k++) indexShapes.push([count]);
      d += index.ndim;
    } else {
      indexShapes.push(index.shape);
      d++;
    }
  }
  const indexed = columns.flatMap((c, k) => (c === null ? [] : [k]));
  const broadcast = indexShapes.reduce<number[]>((acc, s) => broadcastShapes(acc, s), []);
  const adjacent = indexed.every((k, i) => i === 0 || k === indexed[i - 1]! + 1);
  const first = indexed[0]!;
  const rest = shape.map((_, k) => k).filter((k) => !indexed.includes(k));
  const before = adjacent ? rest.filter((k) => k < first) : [];
  const after = adjacent ? rest.filter((k) => k > first) : rest;
  const outShape = [...before.map((k) => shape[k]!), ...broadcast, ...after.map((k) => shape[k]!)];
  // Storage offset contributed by the index tensors, for each broadcast position.
  const count = numel(broadcast);
  const indexOffsets = new Float64Array(count);
  indexed.forEach((k, j) => {
    const column = columns[k]!;
    const src = fromValues(column, indexShapes[j]!, 'float64');
    const values = broadcastValues(src, broadcast);
    const size = shape[k]!;
    for (let b = 0; b < count; b++) {
      const i = values[b]!;
      if (i < -size || i >= size) throw new IndexError(`index ${i} is out of bounds for dimension ${k} with size ${size}`);
      indexOffsets[b]! += (i < 0 ? i + size : i) * strides[k]!;
    }
  });
  const blockOffsets = (dims: number[]) => elementOffsets(dims.map((k) => shape[k]!), dims.map((k) => strides[k]!), 0);
  const [pre, post] = [blockOffsets(before), blockOffsets(after)];
  const positions = new Float64Array(numel(outShape));
  let n = 0;
  for (let a = 0; a < pre.length; a++) {
    for (let b = 0; b < count; b++) {
      for (let c = 0; c < post.length; c++) positions[n++] = offset + pre[a]! + indexOffsets[b]! + post[c]!;
    }
  }
  return { shape: outShape, positions };
}

class IndexBackward0 extends Node {
  readonly #shape: Shape;

  constructor(inputShape: Shape, indices: readonly (Tensor | null)[]) {
    super();
    this.#shape = inputShape;
    this.saveTensors('indices', indices);
    this.saveInts('self_sizes', inputShape);
  }

  name(): string {
    return 'IndexBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const shape = this.#shape;
    const { positions } = advancedPositions(shape, contiguousStrides(shape), 0, this.savedTensors('indices'));
    const out = allocate(grad.dtype, numel(shape));
    const g = contiguousValues(grad);
    positions.forEach((position, i) => (out[position]! += g[i]!));
    return [fromValues(out, shape, grad.dtype)];
  }
}

/** `x[indices]` with tensors: a copy of the elements the indices pick (IndexBackward0). */
export function index(t: Tensor, indices: readonly (Tensor | null)[]): Tensor {
  const { shape, positions } = advancedPositions(t.shape, t._strides, t._offset, indices);
  const out = allocate(t.dtype, positions.length);
  positions.forEach((position, i) => (out[i] = t._storage[position]!));
  return recordOp('index', [t], fromValues(out, shape, t.dtype), () => new IndexBackward0(t.shape, indices));
}

/** `x[...]`: views for the basic items, a copy when tensors index it; `x[...]` alone is an alias, as in PyTorch. */
export function at(t: Tensor, items: readonly unknown[]): Tensor {
  const { sliced, indices } = applySlicing(t, items);
  if (indices.length > 0) return index(sliced, indices);
  return sliced === t ? alias(t) : sliced;
}

class IndexPutBackward0 extends Node {
  constructor(indices: readonly (Tensor | null)[]) {
    super();
    this.saveValue('accumulate', { type: 'bool', value: false });
    this.saveTensors('indices', indices);
  }

  name(): string {
    return 'IndexPutBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const indices = this.savedTensors('indices');
    const { shape, positions } = advancedPositions(grad.shape, contiguousStrides(grad.shape), 0, indices);
    const g = contiguousValues(grad);
    let self: Tensor | null = null;
    if (this.needsInputGrad(0)) {
      const kept = g.slice();
      for (const position of positions) kept[position] = 0;
      self = fromValues(kept, grad.shape, grad.dtype);
    }
    let values: Tensor | null = null;
    if (this.needsInputGrad(1)) {
      const picked = allocate(grad.dtype, positions.length);
      positions.forEach((position, i) => (picked[i] = g[position]!));
      values = fromValues(picked, shape, grad.dtype);
    }
    return [self, values];
  }
}

/** `x.index_put_(indices, values)` (accumulate false): values broadcast to the picked elements, written in place. */
export function indexPut_(self: Tensor, indices: readonly (Tensor | null)[], value: TensorLike): Tensor {
  const values = operand(value, 'index_put_', 'values');
  const recording = checkInPlace(self, [values]);
  const { shape, positions } = advancedPositions(self.shape, self._strides, self._offset, indices);
  const written = broadcastValues(values.dtype === self.dtype ? values : values.to(self.dtype), shape);
  const node = recording ? new IndexPutBackward0(indices) : null;
  positions.forEach((position, i) => (self._storage[position] = written[i]!));
  self._version.value++;
  if (node) connectInPlace(node, [self, values], self, 'index_put_');
  else recordCutSources(self, [self, values], 'index_put_');
  return self;
}

/**
 * `x[...] = value`, as PyTorch's `copy_to`: a value of the picked shape is copied in, a 0-dim one
 * fills (FillBackward3), another is viewed without its leading 1s and expanded; with tensor items,
 * index_put_. Through a view while recording, the base records CopySlices.
 */
export function setAt(t: Tensor, items: readonly unknown[], value: TensorLike): Tensor {
  const { sliced, indices } = applySlicing(t, items);
  if (indices.length > 0) {
    indexPut_(sliced, indices, value);
    return t;
  }
  const src = operand(value, 'setAt', 'value');
  if (sameShape(sliced.shape, src.shape)) sliced.copy_(src);
  else if (src.ndim === 0) fillWithTensor_(sliced, src);
  else {
    let lead = 0;
    while (lead < src.ndim - 1 && src.shape[lead] === 1) lead++;
    const trimmed = lead > 0 ? src.view(src.shape.slice(lead)) : src;
    sliced.copy_(sameShape(trimmed.shape, sliced.shape) ? trimmed : trimmed.expand([...sliced.shape]));
  }
  return t;
}
