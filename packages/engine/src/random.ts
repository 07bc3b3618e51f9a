/**
 * Random numbers that reproduce PyTorch 1.13's CPU generator bit for bit: after `manualSeed(s)`,
 * `randn`, `rand`, `randint`, `randperm`, `uniform_` and `normal_` draw what `torch.manual_seed(s)`
 * and the same calls draw. The kernels below follow ATen's sources (MT19937RNGEngine.h,
 * DistributionsHelper.h, TransformationHelper.h, native/cpu/DistributionTemplates.h,
 * avx_mathfun.h, TensorFactories.cpp) as built for x86-64 with AVX2: that build compiles the
 * kernels with FMA enabled and GCC fuses `a * b + c` into one rounding, so the code does too.
 * (On a CPU without AVX2, PyTorch's float32 normal_ of 16+ elements takes a libm-based path
 * instead and draws slightly different values; this module reproduces the AVX2 ones.)
 */
import { isGradEnabled } from './autograd/grad-mode.js';
import { _leafFromValues, _sizeArguments, type TensorOptions } from './creation.js';
import { allocate, type DType, int64, isFloatingPoint, scalarTypeName, type Storage } from './dtype.js';
import { RuntimeError, describeValue } from './errors.js';
import { LEAF_INPLACE_MESSAGE } from './ops/inplace.js';
import { numel } from './shape.js';
import { Tensor } from './tensor.js';

// ================================================= mt19937 ==================================================

const STATE_SIZE = 624;
const SHIFT_SIZE = 397;

/** The Mersenne Twister exactly as ATen's `mt19937_engine`, seeded by `init_with_uint32`. */
class MT19937 {
  private readonly state = new Uint32Array(STATE_SIZE);
  private next = 0;
  private left = 1;

  constructor(seed32: number) {
    this.state[0] = seed32;
    for (let j = 1; j < STATE_SIZE; j++) {
      const prev = this.state[j - 1]!;
      // Uint32Array stores wrap modulo 2^32, as uint32_t arithmetic does.
      this.state[j] = Math.imul(1812433253, prev ^ (prev >>> 30)) + j;
    }
  }

  nextUint32(): number {
    if (--this.left === 0) this.twist();
    let y = this.state[this.next++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Regenerates all 624 words in place (ATen's `next_state`, written with indices modulo 624). */
  private twist(): void {
    const s = this.state;
    for (let i = 0; i < STATE_SIZE; i++) {
      const following = s[(i + 1) % STATE_SIZE]!;
      const mixed = (s[i]! & 0x80000000) | (following & 0x7fffffff);
      s[i] = s[(i + SHIFT_SIZE) % STATE_SIZE]! ^ (mixed >>> 1) ^ (following & 1 ? 0x9908b0df : 0);
    }
    this.left = STATE_SIZE;
    this.next = 0;
  }
}

// ================================================ Generator =================================================

/** `torch.Generator()`'s seed when none is given (`default_rng_seed_val`). */
const DEFAULT_SEED = 67280421310721;

function checkSeed(seed: unknown, where: string): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new TypeError(`${where}: seed must be a whole number, got ${describeValue(seed)}`);
  }
  if (seed < 0 || seed >= 2 ** 64) {
    throw new RuntimeError(`${where}: seed must be a whole number in [0, 2^64), got ${seed}`);
  }
  return seed;
}

/** `torch.Generator` for the CPU (`at::CPUGeneratorImpl`): an mt19937 plus Box-Muller's spare sample. */
export class Generator {
  private engine!: MT19937;
  private seedValue = DEFAULT_SEED;
  /**
   * `next_double_normal_sample`: the second Box-Muller value, used by the next scalar normal draw.
   * (ATen also keeps `next_float_normal_sample`, but no CPU kernel reads it: they all draw through
   * `normal_distribution<double>`.)
   */
  _nextDoubleNormal: number | null = null;

  constructor(seed: number = DEFAULT_SEED) {
    this.manualSeed(seed);
  }

  /** `generator.manual_seed(seed)`: restarts the sequence and forgets the spare normal sample. */
  manualSeed(seed: number): this {
    this.seedValue = checkSeed(seed, 'manualSeed()');
    // ATen stores the seed as uint64 and seeds mt19937 with its low 32 bits.
    this.engine = new MT19937(this.seedValue % 2 ** 32);
    this._nextDoubleNormal = null;
    return this;
  }

  initialSeed(): number {
    return this.seedValue;
  }

  /** 32 random bits as a number in [0, 2^32). */
  random(): number {
    return this.engine.nextUint32();
  }

  /** 64 random bits: the first 32-bit draw is the high half (`make64BitsFrom32Bits`). */
  random64(): bigint {
    const hi = BigInt(this.random());
    return (hi << 32n) | BigInt(this.random());
  }
}

/** The generator the functions below use unless given one; PyTorch seeds it unpredictably at startup. */
const defaultGenerator = new Generator(Math.floor(Math.random() * 2 ** 53));

/** `torch.manual_seed(seed)`: seeds the default generator and returns it. */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}

// ============================================ exact arithmetic ==============================================

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const f = Math.fround;

/** Rounding error of `s = a + b` (Knuth's TwoSum). */
function sumError(a: number, b: number, s: number): number {
  const bPart = s - a;
  return a - (s - bPart) + (b - bPart);
}

/** Exact `a * b` as hi + lo (Dekker's product, splitting at 2^27 + 1). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const aSplit = 134217729 * a;
  const aHi = aSplit - (aSplit - a);
  const bSplit = 134217729 * b;
  const bHi = bSplit - (bSplit - b);
  const aLo = a - aHi;
  const bLo = b - bHi;
  return [p, aHi * bHi - p + aHi * bLo + aLo * bHi + aLo * bLo];
}

/** `a + b` rounded to odd: keeps a sticky bit so that a second, narrower rounding is still correct. */
function addRoundToOdd(a: number, b: number): number {
  const s = a + b;
  const error = sumError(a, b, s);
  F64[0] = s;
  if (error === 0 || (U64[0]! & 1n) === 1n) return s;
  U64[0] = U64[0]! + ((error > 0) === (s > 0) ? 1n : -1n);
  return F64[0];
}

/** The FMA instruction in float64: `a * b + c` rounded once (Boldo and Melquiond's emulation). */
function fma(a: number, b: number, c: number): number {
  const [productHi, productLo] = twoProduct(a, b);
  const sumHi = c + productHi;
  return sumHi + addRoundToOdd(sumError(c, productHi, sumHi), productLo);
}

/** The FMA instruction in float32, for float32 inputs (their product is exact in a double). */
function fmaf(a: number, b: number, c: number): number {
  return f(addRoundToOdd(a * b, c));
}

// ====================== log, sin and cos as glibc's libm returns them (almost always) =======================
// PyTorch's float64 Box-Muller calls glibc's log, sin and cos, which are correctly rounded for all
// but roughly 1 in 1000 arguments. V8's Math.log/sin/cos miss the last bit some 50 times as often,
// so these evaluate in double-double (about 106 bits) and round once. Where glibc itself misrounds,
// a float64 normal sample ends up 1 (rarely 2) ulp from PyTorch's; float32 ones are unaffected.

type DoubleDouble = readonly [number, number];

function ddNormalize(hi: number, lo: number): DoubleDouble {
  const s = hi + lo;
  return [s, lo - (s - hi)];
}

/** Double-double sum that stays accurate when the high parts cancel. */
function ddAdd(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const hi = a[0] + b[0];
  const lo = a[1] + b[1];
  const [s, e] = ddNormalize(hi, sumError(a[0], b[0], hi) + lo);
  return ddNormalize(s, e + sumError(a[1], b[1], lo));
}

function ddMul(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const [hi, lo] = twoProduct(a[0], b[0]);
  return ddNormalize(hi, lo + (a[0] * b[1] + a[1] * b[0]));
}

function ddDiv(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const q1 = a[0] / b[0];
  const r1 = ddAdd(a, ddMul(b, [-q1, 0]));
  const q2 = r1[0] / b[0];
  const r2 = ddAdd(r1, ddMul(b, [-q2, 0]));
  return ddAdd(ddNormalize(q1, q2), [r2[0] / b[0], 0]);
}

/** Horner's rule in double-double. */
function ddPolynomial(coefficients: readonly DoubleDouble[], x: DoubleDouble): DoubleDouble {
  let sum = coefficients[coefficients.length - 1]!;
  for (let k = coefficients.length - 2; k >= 0; k--) sum = ddAdd(ddMul(sum, x), coefficients[k]!);
  return sum;
}

/** ln 2 and pi/2 as unevaluated sums of doubles. */
const LN2: DoubleDouble = [0.6931471805599453, 2.3190468138462996e-17];
const HALF_PI = [1.5707963267948966, 6.123233995736766e-17, -1.4973849048591698e-33] as const;
/** 1/(2k+1): log(m) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), enough terms for |s| <= 0.172. */
const ATANH_TERMS = Array.from({ length: 23 }, (_, k) => ddDiv([1, 0], [2 * k + 1, 0]));
/** (-1)^k/(2k)! and (-1)^k/(2k+1)!: cos and sin series, enough terms for |r| <= pi/4. */
const COS_TERMS: DoubleDouble[] = [];
const SIN_TERMS: DoubleDouble[] = [];
for (let n = 0, term: DoubleDouble = [1, 0]; n < 32; n++, term = ddDiv(term, [n, 0])) {
  const signed: DoubleDouble = (n >> 1) % 2 === 0 ? term : [-term[0], -term[1]];
  (n % 2 === 0 ? COS_TERMS : SIN_TERMS).push(signed);
}

/** Natural log of a positive normal double, correctly rounded but for ~2^-47 of arguments. */
function accurateLog(x: number): number {
  // x = m * 2^e with m in [sqrt(1/2), sqrt(2)), so s = (m-1)/(m+1) is small.
  let e = Math.floor(Math.log2(x));
  let m = x * 2 ** -e;
  if (m >= 2) [m, e] = [m / 2, e + 1];
  if (m < 1) [m, e] = [m * 2, e - 1];
  if (m > Math.SQRT2) [m, e] = [m / 2, e + 1];
  const onePlusM = 1 + m;
  const s = ddDiv([m - 1, 0], [onePlusM, sumError(1, m, onePlusM)]);
  const logM = ddMul([2 * s[0], 2 * s[1]], ddPolynomial(ATANH_TERMS, ddMul(s, s)));
  return ddAdd(ddMul([e, 0], LN2), logM)[0];
}

/** [sin(theta), cos(theta)] for 0 <= theta < 2*pi (the angles Box-Muller uses), correctly rounded as above. */
function accurateSinCos(theta: number): [number, number] {
  // theta = k * pi/2 + r with |r| <= pi/4; pi/2 is split into three doubles so r keeps its precision.
  const k = Math.round(theta / HALF_PI[0]);
  let r = ddAdd([theta, 0], twoProduct(-k, HALF_PI[0]));
  r = ddAdd(r, twoProduct(-k, HALF_PI[1]));
  r = ddAdd(r, [-k * HALF_PI[2], 0]);
  const r2 = ddMul(r, r);
  const sin = ddMul(r, ddPolynomial(SIN_TERMS, r2))[0];
  const cos = ddPolynomial(COS_TERMS, r2)[0];
  const quadrant = k % 4;
  if (quadrant === 0) return [sin, cos];
  if (quadrant === 1) return [cos, -sin];
  if (quadrant === 2) return [-sin, -cos];
  return [-cos, sin];
}

// ================================= avx_mathfun.h: float32 log and sincos ====================================
// PyTorch's AVX2 float normal_fill uses these (Cephes-based) approximations. Each `fmaf` is a
// multiply-add GCC fused when compiling them with -mfma; each `f(...)` is one float32 rounding.

const LOG_POLY = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(f);
const LOG_Q1 = f(-2.1219444e-4);
const LOG_Q2 = f(0.693359375);
const SQRT_HALF_F = f(0.707106781186547524);
const MINUS_DP = [f(-0.78515625), f(-2.4187564849853515625e-4), f(-3.77489497744594108e-8)] as const;
const SIN_POLY = [f(-1.9515295891e-4), f(8.3321608736e-3), f(-1.6666654611e-1)] as const;
const COS_POLY = [f(2.443315711809948e-5), f(-1.388731625493765e-3), f(4.166664568298827e-2)] as const;
const FOUR_OVER_PI_F = f(1.27323954473516);
const TWO_PI_F = f(2 * Math.PI);

/** `log256_ps` for one positive float lane (no denormal or negative inputs reach it here). */
function avxLog(value: number): number {
  F32[0] = value;
  const bits = U32[0]!;
  // Split into exponent and a mantissa in [0.5, 1).
  U32[0] = (bits & ~0x7f800000) | 0x3f000000;
  let x = F32[0]!;
  let e = (bits >>> 23) - 0x7f + 1;
  const small = x < SQRT_HALF_F;
  if (small) e -= 1;
  x = f(f(x - 1) + (small ? x : 0));
  const z = f(x * x);
  let y = LOG_POLY[0]!;
  for (let k = 1; k < LOG_POLY.length; k++) y = fmaf(y, x, LOG_POLY[k]!);
  y = fmaf(f(y * x), z, f(e * LOG_Q1));
  y = fmaf(-z, 0.5, y);
  return fmaf(e, LOG_Q2, f(x + y));
}

/** `sincos256_ps` for one lane with angle >= 0: returns [sin, cos]. */
function avxSinCos(angle: number): [number, number] {
  const octant = ((Math.trunc(f(angle * FOUR_OVER_PI_F)) + 1) & ~1) | 0;
  const y = f(octant);
  let x = angle;
  for (const dp of MINUS_DP) x = fmaf(y, dp, x);
  const z = f(x * x);
  let c = fmaf(COS_POLY[0], z, COS_POLY[1]);
  c = fmaf(c, z, COS_POLY[2]);
  c = fmaf(f(c * z), z, -f(z * 0.5));
  c = f(c + 1);
  let s = fmaf(SIN_POLY[0], z, SIN_POLY[1]);
  s = fmaf(s, z, SIN_POLY[2]);
  s = fmaf(f(s * z), x, x);
  // Octants 2 mod 4 swap the polynomials; the sign flips follow the cephes quadrant rules.
  // `+ 0` is the masked add of a zero lane in the original (it turns -0 into +0).
  const swap = (octant & 2) !== 0;
  const [sin, cos] = swap ? [c + 0, s + 0] : [s + 0, c + 0];
  const sinSign = (octant & 4) !== 0 ? -1 : 1;
  const cosSign = (~(octant - 2) & 4) !== 0 ? -1 : 1;
  return [sinSign * sin, cosSign * cos];
}

// ============================================== distributions ===============================================

/** `uniform_real_distribution<float>`'s [0, 1) value: the low 24 bits of one 32-bit draw. */
function uniformFloat(gen: Generator): number {
  return (gen.random() & 0xffffff) * 2 ** -24;
}

/** `uniform_real_distribution<double>`'s [0, 1) value: the low 53 bits of `random64()`. */
function uniformDouble(gen: Generator): number {
  const hi = gen.random();
  const lo = gen.random();
  return ((hi & 0x1fffff) * 2 ** 32 + lo) * 2 ** -53;
}

/** `uniform_kernel`: `x * (to - from) + from`, in the tensor's own precision. */
function fillUniform(data: Storage, dtype: DType, from: number, to: number, gen: Generator): void {
  if (dtype === 'float32') {
    const lo = f(from);
    const range = f(f(to) - lo);
    for (let i = 0; i < data.length; i++) data[i] = fmaf(uniformFloat(gen), range, lo);
  } else {
    for (let i = 0; i < data.length; i++) data[i] = fma(uniformDouble(gen), to - from, from);
  }
}

/** `normal_distribution<double>`: Box-Muller on two uniforms, keeping the sine value for the next call. */
function normalSample(gen: Generator, mean: number, std: number): number {
  const spare = gen._nextDoubleNormal;
  if (spare !== null) {
    gen._nextDoubleNormal = null;
    return fma(spare, std, mean);
  }
  const u1 = uniformDouble(gen);
  const u2 = uniformDouble(gen);
  const radius = Math.sqrt(-2 * accurateLog(1 - u2));
  const [sin, cos] = accurateSinCos(2 * Math.PI * u1);
  gen._nextDoubleNormal = radius * sin;
  return fma(radius * cos, std, mean);
}

/** `normal_fill_16<double>`: pairs element j with j + 8 of a block of 16 uniforms. */
function boxMuller16Double(data: Storage, start: number, mean: number, std: number): void {
  for (let j = start; j < start + 8; j++) {
    const radius = Math.sqrt(-2 * accurateLog(1 - data[j]!));
    const [sin, cos] = accurateSinCos(2 * Math.PI * data[j + 8]!);
    data[j] = fma(radius * cos, std, mean);
    data[j + 8] = fma(radius * sin, std, mean);
  }
}

/** `normal_fill_16_AVX2`: the same pairing in float32 with avx_mathfun's log and sincos. */
function boxMuller16Float(data: Storage, start: number, mean: number, std: number): void {
  for (let j = start; j < start + 8; j++) {
    const radius = f(Math.sqrt(f(-2 * avxLog(f(1 - data[j]!)))));
    const [sin, cos] = avxSinCos(f(TWO_PI_F * data[j + 8]!));
    data[j] = fmaf(f(radius * cos), std, mean);
    data[j + 8] = fmaf(f(radius * sin), std, mean);
  }
}

/** `normal_fill`: all uniforms first, then blocks of 16; a ragged end redraws and redoes the last 16. */
function normalFill(data: Storage, draw: () => number, boxMuller16: (data: Storage, start: number) => void): void {
  for (let i = 0; i < data.length; i++) data[i] = draw();
  for (let start = 0; start + 16 <= data.length; start += 16) boxMuller16(data, start);
  if (data.length % 16 !== 0) {
    const start = data.length - 16;
    for (let i = start; i < data.length; i++) data[i] = draw();
    boxMuller16(data, start);
  }
}

/** `normal_kernel`: 16 or more elements take normal_fill (AVX2 for float32), fewer the scalar path. */
function fillNormal(data: Storage, dtype: DType, mean: number, std: number, gen: Generator): void {
  if (data.length < 16) {
    // The scalar path works in float64 for every dtype; a float32 store rounds, as static_cast does.
    for (let i = 0; i < data.length; i++) data[i] = normalSample(gen, mean, std);
  } else if (dtype === 'float32') {
    const [mean32, std32] = [f(mean), f(std)];
    normalFill(data, () => uniformFloat(gen), (d, start) => boxMuller16Float(d, start, mean32, std32));
  } else {
    normalFill(data, () => uniformDouble(gen), (d, start) => boxMuller16Double(d, start, mean, std));
  }
}

/** `uniform_int_from_to_distribution`: `random() % range + low`, with 64 bits once the range needs them. */
function fillInteger(data: Storage, low: number, high: number, gen: Generator): void {
  const range = BigInt(high) - BigInt(low); // exact even where high - low is not
  for (let i = 0; i < data.length; i++) {
    data[i] = range < 2n ** 32n ? (gen.random() % Number(range)) + low : Number((gen.random64() % range) + BigInt(low));
  }
}

// ============================================ public functions ==============================================

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
  const values = allocate(dtype, numel(shape));
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
  const values = allocate(dtype, numel(shape));
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
