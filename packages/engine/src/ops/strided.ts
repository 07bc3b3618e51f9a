import { allocate, type DType, type Storage } from '../dtype.js';
import { type Operand, unaryInto } from '../kernels/elementwise.js';
import { numel, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';

/** Storage offsets of every element in row-major order (an odometer: no recursion, any rank). */
export function elementOffsets(shape: Shape, strides: readonly number[], offset: number): Int32Array | Float64Array {
  const n = numel(shape);
  const out = n < 2 ** 31 ? new Int32Array(n) : new Float64Array(n);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  let pos = offset;
  for (let i = 0; i < n; i++) {
    out[i] = pos;
    for (let d = rank - 1; d >= 0; d--) {
      index[d]!++;
      pos += strides[d]!;
      if (index[d]! < shape[d]!) break;
      pos -= strides[d]! * shape[d]!;
      index[d] = 0;
    }
  }
  return out;
}

/** The tensor's elements in row-major order: its own storage when already laid out so (do not write to it). */
export function contiguousValues(t: Tensor): Storage {
  const n = t.numel();
  if (t.isContiguous() && t._offset === 0 && t._storage.length === n) return t._storage;
  const out = allocate(t.dtype, n);
  if (t.isContiguous()) {
    out.set(t._storage.subarray(t._offset, t._offset + n));
    return out;
  }
  unaryInto('copy', out, t.shape, operandOf(t));
  return out;
}

/** `t` read in place as a kernel operand, broadcast to `target` when given. */
export function operandOf(t: Tensor, target?: Shape): Operand {
  const strides = target === undefined ? t._strides : broadcastStrides(t.shape, t._strides, target);
  return { values: t._storage, offset: t._offset, strides };
}

/** Strides that read `shape`'s elements as if broadcast to `target` (0 along broadcast dims). */
export function broadcastStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const out = new Array<number>(target.length).fill(0);
  const shift = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[i + shift] = shape[i] === 1 ? 0 : strides[i]!;
  return out;
}

/** Values of `t` broadcast to `target`, row-major. */
export function broadcastValues(t: Tensor, target: Shape): Storage {
  const n = numel(target);
  if (t.numel() === n && t.shape.length === target.length) return contiguousValues(t);
  const out = allocate(t.dtype, n);
  if (t.numel() === 1) {
    out.fill(t._storage[t._offset]!);
    return out;
  }
  unaryInto('copy', out, target, operandOf(t, target));
  return out;
}

/** Converts values to a dtype's storage as PyTorch's cast does: toward zero for int64, nonzero (NaN too) is true for bool. */
export function convertValues(values: Storage, to: DType): Storage {
  const out = allocate(to, values.length);
  if (to === 'int64' || to === 'bool') unaryInto(to === 'int64' ? 'truncate' : 'nonzero', out, [values.length], { values, offset: 0, strides: [1] });
  else out.set(values);
  return out;
}

/** Runs `f` over every line along `dim` of a row-major block of `shape`: `f(start, stride, length)`. */
export function forEachLine(shape: readonly number[], dim: number, f: (start: number, stride: number, length: number) => void): void {
  const length = shape[dim] ?? 1;
  const inner = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, dim).reduce((a, b) => a * b, 1);
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) f(o * length * inner + i, inner, length);
}
