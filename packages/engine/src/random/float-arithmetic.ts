/**
 * The arithmetic of PyTorch's x86-64 build that JavaScript lacks: the FMA instruction in float64 and
 * float32 (GCC fuses `a * b + c` into one rounding), and glibc's log, sin and cos for float64.
 */

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);
export const f = Math.fround;

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
export function fma(a: number, b: number, c: number): number {
  const [productHi, productLo] = twoProduct(a, b);
  const sumHi = c + productHi;
  return sumHi + addRoundToOdd(sumError(c, productHi, sumHi), productLo);
}

/** The FMA instruction in float32, for float32 inputs (their product is exact in a double). */
export function fmaf(a: number, b: number, c: number): number {
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
export function accurateLog(x: number): number {
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
export function accurateSinCos(theta: number): [number, number] {
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
