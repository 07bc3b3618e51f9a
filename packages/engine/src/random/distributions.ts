/** ATen's CPU kernels that turn a generator's 32-bit draws into uniform, normal and integer values. */
import type { DType, Storage } from '../dtype.js';
import { avxLog, avxSinCos, TWO_PI_F } from './avx-math.js';
import { accurateLog, accurateSinCos, f, fma, fmaf } from './float-arithmetic.js';
import type { Generator } from './generator.js';

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
export function fillUniform(data: Storage, dtype: DType, from: number, to: number, gen: Generator): void {
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
export function fillNormal(data: Storage, dtype: DType, mean: number, std: number, gen: Generator): void {
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
export function fillInteger(data: Storage, low: number, high: number, gen: Generator): void {
  const range = BigInt(high) - BigInt(low); // exact even where high - low is not
  for (let i = 0; i < data.length; i++) {
    data[i] = range < 2n ** 32n ? (gen.random() % Number(range)) + low : Number((gen.random64() % range) + BigInt(low));
  }
}
