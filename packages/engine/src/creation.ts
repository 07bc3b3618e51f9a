import { allocate, allocateShape, checkDType, type DType, float32, float64, int64, isFloatingPoint, type Storage } from './dtype.js';
import { RuntimeError, ValueError, describeValue, readOptions } from './errors.js';
import { captureSource } from './provenance.js';
import { checkShape } from './shape.js';
import { Tensor, tensorArgument } from './tensor.js';

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

/** Nested arrays of numbers, as `torch.tensor` takes Python lists. */
export type NestedNumbers = number | readonly NestedNumbers[];

export type TensorData = NestedNumbers | Float32Array | Float64Array | Int32Array;

function checkOptions(options: unknown, where: string): TensorOptions {
  const { dtype, requiresGrad } = readOptions(options, where, ['dtype', 'requiresGrad'], "{ dtype: 'float32', requiresGrad: true }");
  if (requiresGrad !== undefined && typeof requiresGrad !== 'boolean') {
    throw new TypeError(`${where}: requiresGrad must be true or false, got ${describeValue(requiresGrad)}`);
  }
  return { dtype: dtype === undefined ? undefined : checkDType(dtype, where), requiresGrad: requiresGrad as boolean | undefined };
}

/** Makes a new leaf from values already in row-major order. */
function leaf(values: Storage, shape: readonly number[], dtype: DType, requiresGrad: boolean, fn: string): Tensor {
  if (requiresGrad && !isFloatingPoint(dtype)) {
    throw new RuntimeError('Only Tensors of floating point and complex dtype can require gradients');
  }
  const t = new Tensor(values, shape, dtype);
  t._requiresGrad = requiresGrad;
  t._origin = { kind: 'created', fn };
  t._source = captureSource('cut');
  return t;
}

function storeAs(values: ArrayLike<number>, dtype: DType, where: string): Storage {
  const out = allocate(dtype, values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (dtype === 'int64' && !Number.isFinite(v)) {
      throw new ValueError(`${where}: cannot convert float ${Number.isNaN(v) ? 'NaN' : v > 0 ? 'infinity' : '-infinity'} to integer (element ${i}) for dtype 'int64'`);
    }
    out[i] = dtype === 'int64' ? Math.trunc(v) : v;
  }
  return out;
}

/** PyTorch's MAX_DIMS for nested sequences (torch/csrc/utils/tensor_new.cpp): deeper, or an array holding itself, is refused. */
const MAX_NESTED_DIMS = 128;

/** Shape and row-major values of nested arrays, checked for raggedness and non-numbers (iteratively). */
function flattenNested(data: NestedNumbers): { shape: number[]; values: number[] } {
  const shape: number[] = [];
  for (let probe: NestedNumbers = data; Array.isArray(probe); probe = (probe as readonly NestedNumbers[])[0]!) {
    if (shape.length === MAX_NESTED_DIMS) throw new ValueError("too many dimensions 'list'");
    shape.push(probe.length);
    if (probe.length === 0) break;
  }
  const values: number[] = [];
  const stack: { item: NestedNumbers; depth: number; path: number[] }[] = [{ item: data, depth: 0, path: [] }];
  while (stack.length > 0) {
    const { item, depth, path } = stack.pop()!;
    if (Array.isArray(item)) {
      if (depth >= shape.length) {
        throw new ValueError(`tensor(): expected a number at index [${path.join(', ')}] (the first row set ${shape.length} dimensions), got an array`);
      }
      if (item.length !== shape[depth]) {
        throw new ValueError(`expected sequence of length ${shape[depth]} at dim ${depth} (got ${item.length}) at index [${path.join(', ')}]; nested arrays must be rectangular`);
      }
      for (let i = item.length - 1; i >= 0; i--) stack.push({ item: item[i]!, depth: depth + 1, path: [...path, i] });
    } else if (typeof item === 'number') {
      if (depth !== shape.length) {
        throw new ValueError(`expected sequence of length ${shape[depth]} at dim ${depth} (got a number, ${item}) at index [${path.join(', ')}]; nested arrays must be rectangular`);
      }
      values.push(item);
    } else {
      throw new TypeError(`tensor(): invalid data type '${typeof item}' at index [${path.join(', ')}] (got ${describeValue(item)}); expected numbers or nested arrays of numbers`);
    }
  }
  return { shape, values };
}

/**
 * `torch.tensor(data, dtype=, requires_grad=)`. Plain numbers default to float32 as in PyTorch;
 * a Float64Array is float64 (the NumPy case), a Float32Array float32, an Int32Array int64.
 */
export function tensor(data: TensorData, options?: TensorOptions): Tensor {
  const { dtype, requiresGrad = false } = checkOptions(options, 'tensor()');
  if (data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array) {
    const inferred = data instanceof Float32Array ? float32 : data instanceof Float64Array ? float64 : int64;
    const target = dtype ?? inferred;
    return leaf(storeAs(data, target, 'tensor()'), [data.length], target, requiresGrad, 'tensor');
  }
  if (typeof data !== 'number' && !Array.isArray(data)) {
    throw new TypeError(`tensor(): expected a number, nested arrays of numbers, a Float32Array or a Float64Array, got ${describeValue(data)}`);
  }
  const { shape, values } = flattenNested(data);
  const target = dtype ?? float32;
  return leaf(storeAs(values, target, 'tensor()'), shape, target, requiresGrad, 'tensor');
}

type SizeArgs = [readonly number[], TensorOptions?] | number[] | [...number[], TensorOptions];

/** Reads `f(2, 3)`, `f([2, 3])`, `f(2, 3, options)` or `f([2, 3], options)`. */
function sizeArguments(args: readonly unknown[], where: string): { shape: number[]; options: TensorOptions } {
  const last = args[args.length - 1];
  const hasOptions = last !== null && typeof last === 'object' && !Array.isArray(last);
  const sizes = hasOptions ? args.slice(0, -1) : args;
  const shape = sizes.length === 1 && Array.isArray(sizes[0]) ? sizes[0] : sizes;
  return { shape: checkShape(shape, where), options: checkOptions(hasOptions ? last : undefined, where) };
}

function filled(shape: number[], value: number, options: TensorOptions, fn: string): Tensor {
  const dtype = options.dtype ?? float32;
  const values = allocateShape(dtype, shape);
  if (value !== 0) values.fill(dtype === 'int64' ? Math.trunc(value) : value);
  return leaf(values, shape, dtype, options.requiresGrad ?? false, fn);
}

export function zeros(...args: SizeArgs): Tensor {
  const { shape, options } = sizeArguments(args, 'zeros()');
  return filled(shape, 0, options, 'zeros');
}

export function ones(...args: SizeArgs): Tensor {
  const { shape, options } = sizeArguments(args, 'ones()');
  return filled(shape, 1, options, 'ones');
}

/** `torch.full(size, fill_value)`; float32 unless a dtype is given. */
export function full(shape: readonly number[], fillValue: number, options?: TensorOptions): Tensor {
  if (typeof fillValue !== 'number') throw new TypeError(`full(): fillValue must be a number, got ${describeValue(fillValue)}`);
  return filled(checkShape(shape, 'full()'), fillValue, checkOptions(options, 'full()'), 'full');
}

export function zerosLike(t: Tensor, options?: TensorOptions): Tensor {
  const like = tensorArgument(t, 'zerosLike');
  return filled([...like.shape], 0, { dtype: like.dtype, ...checkOptions(options, 'zerosLike()') }, 'zerosLike');
}

export function onesLike(t: Tensor, options?: TensorOptions): Tensor {
  const like = tensorArgument(t, 'onesLike');
  return filled([...like.shape], 1, { dtype: like.dtype, ...checkOptions(options, 'onesLike()') }, 'onesLike');
}

function checkFiniteNumber(value: unknown, name: string, where: string): number {
  if (typeof value !== 'number') throw new TypeError(`${where}: ${name} must be a number, got ${describeValue(value)}`);
  return value;
}

/**
 * `torch.arange(start, end, step)`, or `arange(end)`. Whole-number arguments give int64, as
 * Python ints do in PyTorch; pass `{ dtype }` to choose.
 */
export function arange(start: number, end?: number | TensorOptions, step?: number | TensorOptions, options?: TensorOptions): Tensor {
  let opts = options;
  const positional: number[] = [];
  for (const arg of [start, end, step]) {
    if (arg === undefined) continue;
    if (typeof arg === 'object' && !Array.isArray(arg)) opts = arg as TensorOptions;
    else positional.push(checkFiniteNumber(arg, 'each bound', 'arange()'));
  }
  const [from, to, by] = positional.length === 1 ? [0, positional[0]!, 1] : [positional[0]!, positional[1]!, positional[2] ?? 1];
  if (!Number.isFinite(from) || !Number.isFinite(to)) throw new RuntimeError(`unsupported range: ${pyNumber(from)} -> ${pyNumber(to)}`);
  if (!Number.isFinite(by)) throw new RuntimeError(`arange(): step must be a finite number, got ${by}`);
  if (by === 0) throw new RuntimeError('step must be nonzero');
  if ((by > 0 && to < from) || (by < 0 && to > from)) {
    throw new RuntimeError('upper bound and larger bound inconsistent with step sign');
  }
  const { dtype: given, requiresGrad } = checkOptions(opts, 'arange()');
  const dtype = given ?? (positional.every(Number.isInteger) ? int64 : float32);
  const length = Math.ceil((to - from) / by);
  const values = allocate(dtype, length);
  for (let i = 0; i < length; i++) values[i] = from + i * by;
  return leaf(values, [length], dtype, requiresGrad ?? false, 'arange');
}

function pyNumber(x: number): string {
  return Number.isNaN(x) ? 'nan' : x === Number.POSITIVE_INFINITY ? 'inf' : x === Number.NEGATIVE_INFINITY ? '-inf' : String(x);
}

/** `torch.linspace(start, end, steps)`, computed from both ends as PyTorch does. */
export function linspace(start: number, end: number, steps: number, options?: TensorOptions): Tensor {
  checkFiniteNumber(start, 'start', 'linspace()');
  checkFiniteNumber(end, 'end', 'linspace()');
  if (typeof steps !== 'number' || !Number.isInteger(steps)) {
    throw new TypeError(`linspace(): steps must be a whole number, got ${describeValue(steps)}`);
  }
  if (steps < 0) throw new RuntimeError('number of steps must be non-negative');
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new RuntimeError(`linspace(): start and end must be finite, got ${pyNumber(start)} and ${pyNumber(end)}`);
  }
  const { dtype = float32, requiresGrad } = checkOptions(options, 'linspace()');
  const values = allocate(dtype, steps);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) values[i] = i < half ? start + i * step : end - (steps - 1 - i) * step;
  return leaf(values, [steps], dtype, requiresGrad ?? false, 'linspace');
}

export { leaf as _leafFromValues, sizeArguments as _sizeArguments, type SizeArgs };
