/**
 * Random numbers that reproduce PyTorch 1.13's CPU generator bit for bit: after `manualSeed(s)`,
 * `randn`, `rand`, `randint`, `randperm`, `uniform_` and `normal_` draw what `torch.manual_seed(s)`
 * and the same calls draw. The kernels in this folder follow ATen's sources (MT19937RNGEngine.h,
 * DistributionsHelper.h, TransformationHelper.h, native/cpu/DistributionTemplates.h,
 * avx_mathfun.h, TensorFactories.cpp) as built for x86-64 with AVX2: that build compiles the
 * kernels with FMA enabled and GCC fuses `a * b + c` into one rounding, so the code does too.
 * (On a CPU without AVX2, PyTorch's float32 normal_ of 16+ elements takes a libm-based path
 * instead and draws slightly different values; this folder reproduces the AVX2 ones.)
 */
import { isGradEnabled } from '../autograd/grad-mode.js';
import { _leafFromValues, _sizeArguments, type TensorOptions } from '../creation.js';
import { allocate, allocateShape, type DType, int64, isFloatingPoint, scalarTypeName, type Storage } from '../dtype.js';
import { RuntimeError, describeValue } from '../errors.js';
import { LEAF_INPLACE_MESSAGE } from '../ops/inplace.js';
import { Tensor } from '../tensor.js';
import { fillInteger, fillNormal, fillUniform } from './distributions.js';
import { defaultGenerator, Generator } from './generator.js';

export { Generator, manualSeed } from './generator.js';

export interface RandomOptions extends TensorOptions {
  generator?: Generator;
}

type RandomSizeArgs = [readonly number[], RandomOptions?] | number[] | [...number[], RandomOptions];

/** Takes `generator` out of a trailing options object, leaving the rest for creation.ts to check. */
function takeGenerator(args: readonly unknown[], where: string): { rest: unknown[]; gen: Generator } {
  const last = args[args.length - 1];
  if (last === null || typeof last !== 'object' || Array.isArray(last) || !('generator' in last)) {
    return { rest: [...args], gen: defaultGenerator };
  }
  const { generator, ...options } = last as RandomOptions;
  return { rest: [...args.slice(0, -1), options], gen: checkGenerator(generator, where) };
}

function checkGenerator(generator: unknown, where: string): Generator {
  if (generator === undefined) return defaultGenerator;
  if (!(generator instanceof Generator)) throw new TypeError(`${where}: generator must be a Generator, got ${describeValue(generator)}`);
  return generator;
}

/** A trailing options argument as a list of zero or one objects, so it cannot pass for a size. */
function optionsArgument(options: unknown, where: string): object[] {
  if (options === undefined) return [];
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object such as { dtype: 'float32' }, got ${describeValue(options)}`);
  }
  return [options];
}

function requireFloating(dtype: DType, kernel: string): void {
  if (!isFloatingPoint(dtype)) throw new RuntimeError(`"${kernel}" not implemented for '${scalarTypeName(dtype)}'`);
}

/** A new leaf of the given shape, its values written by `fill`. */
function randomLeaf(args: readonly unknown[], fn: string, kernel: string, fill: (data: Storage, dtype: DType, gen: Generator) => void): Tensor {
  const { rest, gen } = takeGenerator(args, `${fn}()`);
  const { shape, options } = _sizeArguments(rest, `${fn}()`);
  const dtype = options.dtype ?? 'float32';
  requireFloating(dtype, kernel);
  const values = allocateShape(dtype, shape);
  fill(values, dtype, gen);
  return _leafFromValues(values, shape, dtype, options.requiresGrad ?? false, fn);
}

/** `torch.randn(*sizes)`: standard normal samples; float32 unless a dtype is given. */
export function randn(...args: RandomSizeArgs): Tensor {
  return randomLeaf(args, 'randn', 'normal_kernel_cpu', (data, dtype, gen) => fillNormal(data, dtype, 0, 1, gen));
}

/** `torch.rand(*sizes)`: uniform samples in [0, 1); float32 unless a dtype is given. */
export function rand(...args: RandomSizeArgs): Tensor {
  return randomLeaf(args, 'rand', 'check_uniform_bounds', (data, dtype, gen) => fillUniform(data, dtype, 0, 1, gen));
}

function checkBound(value: unknown, name: string, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TypeError(`${where}: ${name} must be a whole number between -(2^53 - 1) and 2^53 - 1, got ${describeValue(value)}`);
  }
  return value;
}

/** `torch.randint(low, high, size)` or `torch.randint(high, size)`: integers in [low, high); int64 unless a dtype is given. */
export function randint(low: number, high: number, size: readonly number[], options?: RandomOptions): Tensor;
export function randint(high: number, size: readonly number[], options?: RandomOptions): Tensor;
export function randint(...args: unknown[]): Tensor {
  const [low, high, size, options] = Array.isArray(args[1]) ? [0, ...args] : args;
  const from = checkBound(low, 'low', 'randint()');
  const to = checkBound(high, 'high', 'randint()');
  if (!Array.isArray(size)) throw new TypeError(`randint(): size must be an array of sizes such as [2, 3], got ${describeValue(size)}`);
  if (from >= to) throw new RuntimeError(`random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`);
  const { rest, gen } = takeGenerator([size, ...optionsArgument(options, 'randint()')], 'randint()');
  const { shape, options: tensorOptions } = _sizeArguments(rest, 'randint()');
  const dtype = tensorOptions.dtype ?? int64;
  const values = allocateShape(dtype, shape);
  fillInteger(values, from, to, gen);
  return _leafFromValues(values, shape, dtype, tensorOptions.requiresGrad ?? false, 'randint');
}

/** `torch.randperm(n)`: a random permutation of 0..n-1; int64 unless a dtype is given. */
export function randperm(n: number, options?: RandomOptions): Tensor {
  if (typeof n !== 'number') throw new TypeError(`randperm(): n must be a whole number, got ${describeValue(n)}`);
  const { rest, gen } = takeGenerator([n, ...optionsArgument(options, 'randperm()')], 'randperm()');
  const { options: tensorOptions } = _sizeArguments(rest, 'randperm()');
  const dtype = tensorOptions.dtype ?? int64;
  const values = allocate(dtype, n);
  for (let i = 0; i < n; i++) values[i] = i;
  // randperm_cpu in 1.13: swap position i with a uniform pick from positions i..n-1.
  for (let i = 0; i < n - 1; i++) {
    const j = i + (gen.random() % (n - i));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return _leafFromValues(values, [n], dtype, tensorOptions.requiresGrad ?? false, 'randperm');
}

/** What an in-place random fill must check before writing; returns the elements to overwrite. */
function inPlaceTarget(t: unknown, where: string): Storage {
  if (!(t instanceof Tensor)) throw new TypeError(`${where}: expected a Tensor, got ${describeValue(t)}`);
  if (isGradEnabled() && t.isLeaf && t._requiresGrad) throw new RuntimeError(LEAF_INPLACE_MESSAGE);
  if (!t.isContiguous()) {
    throw new RuntimeError(`${where}: gradviz fills contiguous tensors only (PyTorch's element order differs for other layouts); call .contiguous() first`);
  }
  return t._storage.subarray(t._offset, t._offset + t.numel());
}

function checkNumber(value: unknown, name: string, where: string): number {
  if (typeof value !== 'number') throw new TypeError(`${where}: ${name} must be a number, got ${describeValue(value)}`);
  return value;
}

/** PyTorch's bounds check: within the dtype's range, so never NaN or infinite. */
function checkFinite(value: number, name: string, max: number, dtype: DType): void {
  if (!(value >= -max && value <= max)) {
    throw new RuntimeError(`${name} is out of bounds for ${dtype === 'float32' ? 'float' : 'double'}, got ${value}`);
  }
}

/** `tensor.uniform_(from, to)`: overwrites `t` with uniform samples in [from, to), as a no-grad in-place op. */
export function uniform_(t: Tensor, from = 0, to = 1, generator?: Generator): Tensor {
  const data = inPlaceTarget(t, 'uniform_()');
  requireFloating(t.dtype, 'check_uniform_bounds');
  const gen = checkGenerator(generator, 'uniform_()');
  const max = t.dtype === 'float32' ? 3.4028234663852886e38 : Number.MAX_VALUE;
  checkFinite(checkNumber(from, 'from', 'uniform_()'), 'from', max, t.dtype);
  checkFinite(checkNumber(to, 'to', 'uniform_()'), 'to', max, t.dtype);
  if (from > to) throw new RuntimeError(`uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`);
  if (to - from > max) {
    throw new RuntimeError(`uniform_ expects to-from <= std::numeric_limits<${scalarTypeName(t.dtype)}>::max(), but found to=${to} and from=${from} which result in to-from to exceed the limit`);
  }
  fillUniform(data, t.dtype, from, to, gen);
  t._version.value++;
  return t;
}

/** `tensor.normal_(mean, std)`: overwrites `t` with normal samples, as a no-grad in-place op. */
export function normal_(t: Tensor, mean = 0, std = 1, generator?: Generator): Tensor {
  const data = inPlaceTarget(t, 'normal_()');
  requireFloating(t.dtype, 'normal_kernel_cpu');
  const gen = checkGenerator(generator, 'normal_()');
  checkNumber(mean, 'mean', 'normal_()');
  if (!(checkNumber(std, 'std', 'normal_()') >= 0)) throw new RuntimeError(`normal expects std >= 0.0, but found std ${std}`);
  fillNormal(data, t.dtype, mean, std, gen);
  t._version.value++;
  return t;
}
