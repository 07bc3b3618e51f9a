import { allocate, allocateShape, bool, castValue, checkDType, type DType, float32, float64, int64, isFloatingPoint, promoteTypes, type Storage } from './dtype.js';
import { RuntimeError, ValueError, describeValue, readOptions } from './errors.js';
import { contiguousValues, convertValues } from './ops/strided.js';
import { captureSource, type CutSource, isRecordingProvenance, mergeCutSources, type ValuesExit } from './provenance.js';
import { newCutSource } from './ops/record.js';
import { itemSourceOf, valuesSourceOf } from './values.js';
import { warn } from './warnings.js';
import { checkShape } from './shape.js';
import { Tensor, tensorArgument } from './tensor.js';

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

/** Nested arrays of numbers, as `torch.tensor` takes Python lists. */
export type NestedNumbers = number | readonly NestedNumbers[];

/** What `tensor()` reads in nested arrays: numbers, booleans, and one-element tensors (their values are copied). */
export type NestedValues = number | boolean | Tensor | readonly NestedValues[];

export type TensorData = NestedValues | Float32Array | Float64Array | Int32Array | Uint8Array;

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
    out[i] = castValue(v, dtype === 'float32' ? 'float64' : dtype);
  }
  return out;
}

/** Nested data read: shape, row-major values, the dtype PyTorch infers, and the tensors and handed-out arrays the values came from. */
interface Flattened {
  shape: number[];
  values: number[];
  dtype: DType | undefined;
  sources: { tensor: Tensor; via: ValuesExit }[];
}
/** PyTorch's MAX_DIMS for nested sequences (torch/csrc/utils/tensor_new.cpp): deeper, or an array holding itself, is refused. */
const MAX_NESTED_DIMS = 128;

/** Shape and row-major values of nested arrays, checked for raggedness and non-numbers (iteratively). */
function flattenNested(data: NestedValues): Flattened {
  const shape: number[] = [];
  for (let probe: NestedValues = data; Array.isArray(probe); probe = (probe as readonly NestedValues[])[0]!) {
    if (shape.length === MAX_NESTED_DIMS) throw new ValueError("too many dimensions 'list'");
    shape.push(probe.length);
    if (probe.length === 0) break;
  }
  const out: Flattened = { shape, values: [], dtype: undefined, sources: [] };
  const infer = (dtype: DType) => {
    out.dtype = out.dtype === undefined ? dtype : promoteTypes(out.dtype, dtype);
  };
  const stack: { item: NestedValues; depth: number; path: number[] }[] = [{ item: data, depth: 0, path: [] }];
  while (stack.length > 0) {
    const { item, depth, path } = stack.pop()!;
    if (Array.isArray(item)) {
      if (depth >= shape.length) {
        throw new ValueError(`tensor(): expected a number at index [${path.join(', ')}] (the first row set ${shape.length} dimensions), got an array`);
      }
      if (item.length !== shape[depth]) {
        throw new ValueError(`expected sequence of length ${shape[depth]} at dim ${depth} (got ${item.length}) at index [${path.join(', ')}]; nested arrays must be rectangular`);
      }
      const handedOut = valuesSourceOf(item)?.tensor.deref();
      if (handedOut !== undefined && !out.sources.some((s) => s.tensor === handedOut)) out.sources.push({ tensor: handedOut, via: 'tolist' });
      for (let i = item.length - 1; i >= 0; i--) stack.push({ item: item[i]!, depth: depth + 1, path: [...path, i] });
      continue;
    }
    if (depth !== shape.length) {
      const got = typeof item === 'number' ? `a number, ${item}` : describeValue(item);
      throw new ValueError(`expected sequence of length ${shape[depth]} at dim ${depth} (got ${got}) at index [${path.join(', ')}]; nested arrays must be rectangular`);
    }
    if (typeof item === 'number') {
      infer(float32);
      out.values.push(item);
      const itemOf = itemSourceOf(item);
      if (itemOf !== undefined && !out.sources.some((s) => s.tensor === itemOf)) out.sources.push({ tensor: itemOf, via: 'item' });
    } else if (typeof item === 'boolean') {
      infer(bool);
      out.values.push(item ? 1 : 0);
    } else if (item instanceof Tensor) {
      // PyTorch reads a one-element tensor in a list as a Python scalar of its dtype: a copy of the value.
      if (item.numel() !== 1) throw new ValueError('only one element tensors can be converted to Python scalars');
      infer(item.dtype);
      out.values.push(item._storage[item._offset]!);
      if (!out.sources.some((s) => s.tensor === item)) out.sources.push({ tensor: item, via: 'tensor' });
    } else {
      throw new TypeError(`tensor(): invalid data type '${typeof item}' at index [${path.join(', ')}] (got ${describeValue(item)}); expected numbers, booleans, one-element tensors or nested arrays of them`);
    }
  }
  return out;
}

const COPY_CONSTRUCT_WARNING =
  'To copy construct from a tensor, it is recommended to use sourceTensor.clone().detach() or sourceTensor.clone().detach().requires_grad_(True), rather than torch.tensor(sourceTensor).';

/**
 * A tensor made of values copied from other tensors carries where they came from: its origin
 * names the first, and a tensor that needed a gradient is a cut (its values enter without a graph).
 */
function recordValuesSources(t: Tensor, sources: readonly { tensor: Tensor; via: ValuesExit }[]): Tensor {
  if (sources.length === 0 || !isRecordingProvenance()) return t;
  const [first] = sources;
  t._origin = { kind: 'created', fn: 'tensor', of: new WeakRef(first!.tensor), via: first!.via };
  t._cutSources = mergeCutSources(
    sources.map(({ tensor, via }): readonly CutSource[] =>
      tensor.requiresGrad ? [newCutSource(tensor, 'values', t, { via })] : tensor._cutSources,
    ),
  );
  return t;
}

/** `torch.tensor(t)` of a tensor: a copy of its values and dtype, outside the graph, with PyTorch's warning. */
function copyOfTensor(data: Tensor, dtype: DType | undefined, requiresGrad: boolean): Tensor {
  warn(COPY_CONSTRUCT_WARNING);
  const target = dtype ?? data.dtype;
  const copied = leaf(convertValues(contiguousValues(data), target), data.shape, target, requiresGrad, 'tensor');
  return recordValuesSources(copied, [{ tensor: data, via: 'tensor' }]);
}

/**
 * `torch.tensor(data, dtype=, requires_grad=)`. Plain numbers default to float32 as in PyTorch,
 * booleans give bool; a Float64Array is float64 (the NumPy case), a Float32Array float32, an
 * Int32Array or Uint8Array int64 — unless the array came from `numpy()`, which keeps its tensor's
 * dtype as a NumPy array does. One-element tensors inside the arrays are read as their values
 * (copied: the result has no graph, as in PyTorch).
 */
export function tensor(data: TensorData, options?: TensorOptions): Tensor {
  const { dtype, requiresGrad = false } = checkOptions(options, 'tensor()');
  if (data instanceof Tensor) return copyOfTensor(data, dtype, requiresGrad);
  if (data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array || data instanceof Uint8Array) {
    const handedOut = valuesSourceOf(data);
    const inferred = handedOut?.dtype ?? (data instanceof Float32Array ? float32 : data instanceof Float64Array ? float64 : int64);
    const target = dtype ?? inferred;
    const made = leaf(storeAs(data, target, 'tensor()'), [data.length], target, requiresGrad, 'tensor');
    const source = handedOut?.tensor.deref();
    return recordValuesSources(made, source ? [{ tensor: source, via: 'numpy' }] : []);
  }
  if (typeof data !== 'number' && typeof data !== 'boolean' && !Array.isArray(data)) {
    throw new TypeError(`tensor(): expected a number, a boolean, a tensor, nested arrays of them, a Float32Array or a Float64Array, got ${describeValue(data)}`);
  }
  const { shape, values, dtype: inferred, sources } = flattenNested(data);
  const target = dtype ?? inferred ?? float32;
  return recordValuesSources(leaf(storeAs(values, target, 'tensor()'), shape, target, requiresGrad, 'tensor'), sources);
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
  if (value !== 0) values.fill(castValue(value, dtype === 'float32' ? 'float64' : dtype));
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
