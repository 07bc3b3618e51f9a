/**
 * avx_mathfun.h's float32 log and sincos. PyTorch's AVX2 float normal_fill uses these (Cephes-based)
 * approximations. Each `fmaf` is a multiply-add GCC fused when compiling them with -mfma; each
 * `f(...)` is one float32 rounding.
 */
import { f, fmaf } from './float-arithmetic.js';

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

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
export const TWO_PI_F = f(2 * Math.PI);

/** `log256_ps` for one positive float lane (no denormal or negative inputs reach it here). */
export function avxLog(value: number): number {
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
export function avxSinCos(angle: number): [number, number] {
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
