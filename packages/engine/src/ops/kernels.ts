import { allocate, type DType, isFloatingPoint, resultType, type Storage } from '../dtype.js';
import { type BinaryOp, binaryInto, type Operand, type UnaryOp, unaryInto } from '../kernels/elementwise.js';
import { broadcastShapes, contiguousStrides, numel } from '../shape.js';
import { Tensor } from '../tensor.js';
import { broadcastStrides, broadcastValues, contiguousValues, convertValues, operandOf } from './strided.js';

/** A new contiguous tensor over `values`. */
export function fromValues(values: Storage, shape: readonly number[], dtype: DType): Tensor {
  return new Tensor(values, shape, dtype);
}

/**
 * A JS number entering an op: a 0-dim int64 (whole numbers) or float64 tensor, as PyTorch wraps
 * Python numbers; `floating` for a value PyTorch's own code computes as a Python float (`math.sqrt(4)`).
 */
export function wrapNumber(value: number, floating = !Number.isInteger(value)): Tensor {
  const t = new Tensor(Float64Array.of(value), [], floating ? 'float64' : 'int64');
  t._wrappedNumber = true;
  t._origin = { kind: 'number', value };
  return t;
}

/** The dtype PyTorch gives the result of an op on these operands. */
export function resultTypeOf(...operands: Tensor[]): DType {
  return resultType(operands.map((t) => ({ dtype: t.dtype, ndim: t.ndim, wrappedNumber: t._wrappedNumber })));
}

/** Elements of `t` as the op computes them: rounded to `dtype` first when that is narrower. */
function valuesIn(t: Tensor, dtype: DType, shape: readonly number[]): Storage {
  const values = broadcastValues(t, shape);
  return t.dtype === dtype || dtype === 'float64' ? values : convertValues(values, dtype);
}

/** `t` as an op reads it when computing in `dtype`: in place, or rounded to `dtype` first when that is narrower. */
export function operandIn(t: Tensor, dtype: DType, shape: readonly number[]): Operand {
  if (t.dtype === dtype || dtype === 'float64') return operandOf(t, shape);
  const values = convertValues(contiguousValues(t), dtype);
  return { values, offset: 0, strides: broadcastStrides(t.shape, contiguousStrides(t.shape), shape) };
}

/** Storage for a result of `dtype`: a bool result is computed as numbers first, then made 0 or 1. */
function resultStorage(dtype: DType, n: number): Storage {
  return allocate(dtype === 'bool' ? 'float64' : dtype, n, false);
}

function asResult(values: Storage, shape: readonly number[], dtype: DType): Tensor {
  return fromValues(dtype === 'bool' ? convertValues(values, 'bool') : values, shape, dtype);
}

/** A kernel's binary op over two broadcast operands, computed in `computeIn`; the result has `dtype`. */
export function binary(op: BinaryOp, a: Tensor, b: Tensor, dtype: DType, alpha = 1, computeIn: DType = dtype): Tensor {
  const shape = broadcastShapes(a.shape, b.shape);
  const out = resultStorage(dtype, numel(shape));
  binaryInto(op, out, shape, operandIn(a, computeIn, shape), operandIn(b, computeIn, shape), alpha);
  return asResult(out, shape, dtype);
}

/** A kernel's unary op on every element; the result has `dtype`. */
export function unary(op: UnaryOp, t: Tensor, dtype: DType, p = 0): Tensor {
  const out = resultStorage(dtype, t.numel());
  unaryInto(op, out, t.shape, operandOf(t), p);
  return asResult(out, t.shape, dtype);
}

/** Applies `f` element-wise over two broadcast operands (for ops without a kernel of their own); the result has `dtype`. */
export function zip(a: Tensor, b: Tensor, dtype: DType, fn: (x: number, y: number) => number, computeIn: DType = dtype): Tensor {
  const f = dtype === 'bool' ? (x: number, y: number) => (fn(x, y) !== 0 ? 1 : 0) : fn;
  const shape = broadcastShapes(a.shape, b.shape);
  const n = numel(shape);
  const out = allocate(dtype, n);
  if (b.numel() === 1 && n > 0) {
    const av = valuesIn(a, computeIn, shape);
    const y = valuesIn(b, computeIn, [])[0]!;
    for (let i = 0; i < n; i++) out[i] = f(av[i]!, y);
  } else {
    const av = valuesIn(a, computeIn, shape);
    const bv = valuesIn(b, computeIn, shape);
    for (let i = 0; i < n; i++) out[i] = f(av[i]!, bv[i]!);
  }
  return fromValues(out, shape, dtype);
}

/** Applies `f` to every element (for ops without a kernel of their own); the result has `dtype`. */
export function map(t: Tensor, dtype: DType, fn: (x: number) => number): Tensor {
  const f = dtype === 'bool' ? (x: number) => (fn(x) !== 0 ? 1 : 0) : fn;
  const values = contiguousValues(t);
  const out = allocate(dtype, values.length);
  for (let i = 0; i < values.length; i++) out[i] = f(values[i]!);
  return fromValues(out, t.shape, dtype);
}

/** Float ops on an int64 or bool tensor compute in the default float dtype, as PyTorch's `exp(int)` does. */
export function floatResultType(t: Tensor): DType {
  return isFloatingPoint(t.dtype) ? t.dtype : 'float32';
}
