/**
 * Element-wise loops on typed arrays: every op is one loop written out (no function called per
 * element), over operands read in place through their strides — a contiguous tensor, a broadcast
 * one (stride 0) or a transposed view alike. Dimensions that are contiguous together are merged
 * first, so a same-shape op is a single loop over all elements.
 *
 * The arithmetic is the engine's: computed in float64 and rounded once when stored, which for
 * float32 gives what PyTorch's float32 kernels give for one operation.
 */
import type { Storage } from '../dtype.js';

/** An operand read through `strides` (already broadcast to the output's shape) from `offset`. */
export interface Operand {
  readonly values: Storage;
  readonly offset: number;
  readonly strides: readonly number[];
}

export type BinaryOp =
  /** `x + alpha * y` */
  | 'add'
  /** `x - alpha * y` */
  | 'sub'
  /** `y - alpha * x` */
  | 'rsub'
  | 'mul'
  | 'div'
  /** `x ** y` */
  | 'pow'
  /** ReLU's backward from its result: `y <= 0 ? 0 : x` (x the incoming gradient). */
  | 'reluBackward'
  /** `x * (1 - y) * y` */
  | 'sigmoidBackward'
  /** `x * (1 - y * y)` */
  | 'tanhBackward'
  /** `x / (2 * y)` */
  | 'sqrtBackward'
  /** `x * sign(y)` */
  | 'absBackward'
  /** pow's backward for a number exponent p = alpha: `x * ((y ** (p - 1)) * p)`, each step rounded to the output's dtype. */
  | 'powBackward';

export type UnaryOp = 'copy' | 'neg' | 'reciprocal' | 'exp' | 'log' | 'sqrt' | 'abs' | 'relu' | 'sigmoid' | 'tanh' | 'truncate' | 'nonzero'
  /** `x ** p` */
  | 'pow'
  /** `x / p` */
  | 'divScalar';

/**
 * The step of an operand that covers `shape` in one run: 1 when it is laid out row-major, 0 when
 * it is one element broadcast; -1 otherwise.
 */
function singleRunStep(shape: readonly number[], operand: Operand): number {
  let expected = 1;
  let broadcast = true;
  let dense = true;
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d]!;
    if (size === 1) continue;
    const stride = operand.strides[d]!;
    if (stride !== 0) broadcast = false;
    if (stride !== expected) dense = false;
    expected *= size;
  }
  return dense ? 1 : broadcast ? 0 : -1;
}

function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const size of shape) n *= size;
  return n;
}

/**
 * Calls `run(outIndex, offsets, length, steps)` for each run of the output (row-major), where
 * `offsets[k]` is where operand k's run starts and `steps[k]` its stride along the run.
 */
function forEachRun(
  shape: readonly number[],
  operands: readonly Operand[],
  run: (outIndex: number, offsets: number[], length: number, steps: number[]) => void,
): void {
  const count = operands.length;
  // Merge each dim into the one inside it when every operand steps through both as one (plain
  // loops: this runs once per op call).
  const sizes: number[] = [];
  const strides: number[][] = [];
  for (let k = 0; k < count; k++) strides.push([]);
  let total = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d]!;
    total *= size;
    if (size === 1) continue;
    const last = sizes.length - 1;
    let merges = last >= 0;
    for (let k = 0; k < count && merges; k++) merges = operands[k]!.strides[d] === strides[k]![last]! * sizes[last]!;
    if (merges) {
      sizes[last]! *= size;
      continue;
    }
    sizes.push(size);
    for (let k = 0; k < count; k++) strides[k]!.push(operands[k]!.strides[d]!);
  }
  if (total === 0) return;
  const offsets: number[] = [];
  const steps: number[] = [];
  for (let k = 0; k < count; k++) {
    offsets.push(operands[k]!.offset);
    steps.push(sizes.length === 0 ? 0 : strides[k]![0]!);
  }
  if (sizes.length === 0) {
    run(0, offsets, 1, steps);
    return;
  }
  const length = sizes[0]!;
  const index = new Array<number>(sizes.length).fill(0);
  for (let out = 0; out < total; out += length) {
    run(out, offsets, length, steps);
    for (let d = 1; d < sizes.length; d++) {
      index[d]!++;
      for (let k = 0; k < count; k++) offsets[k]! += strides[k]![d]!;
      if (index[d]! < sizes[d]!) break;
      for (let k = 0; k < count; k++) offsets[k]! -= strides[k]![d]! * sizes[d]!;
      index[d] = 0;
    }
  }
}

/** `out = a op b` element-wise over `shape` (out row-major); `alpha` is add's, sub's and rsub's factor. */
export function binaryInto(op: BinaryOp, out: Storage, shape: readonly number[], a: Operand, b: Operand, alpha = 1): void {
  // No destructuring and no closure here: either makes V8 compile the inlined loop far slower.
  const sa = singleRunStep(shape, a);
  const sb = singleRunStep(shape, b);
  if (sa >= 0 && sb >= 0) BINARY_RUNS[op](out, 0, a.values, a.offset, sa, b.values, b.offset, sb, elementCount(shape), alpha);
  else binaryRuns(op, out, shape, a, b, alpha);
}

function binaryRuns(op: BinaryOp, out: Storage, shape: readonly number[], a: Operand, b: Operand, alpha: number): void {
  forEachRun(shape, [a, b], (o, at, n, steps) => BINARY_RUNS[op](out, o, a.values, at[0]!, steps[0]!, b.values, at[1]!, steps[1]!, n, alpha));
}

/*
 * The runs of each op, one function apiece (see BINARY_RUNS): `n` elements of `out` from `o`, the
 * operands from `i` and `j` in steps of `sa` and `sb`. Dense and broadcast-scalar operands get
 * loops of their own: V8 runs a loop with unit steps several times faster than a strided one.
 */

function binaryAdd(out: Storage, o: number, x: Storage, i: number, sa: number, y: Storage, j: number, sb: number, n: number, alpha: number): void {
  if (sa === 1 && sb === 1) for (let k = 0; k < n; k++) out[o + k] = x[i + k]! + alpha * y[j + k]!;
  else if (sa === 1 && sb === 0) {
    const v = y[j]!;
    for (let k = 0; k < n; k++) out[o + k] = x[i + k]! + alpha * v;
  } else for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! + alpha * y[j + k * sb]!;
}

function binarySub(out: Storage, o: number, x: Storage, i: number, sa: number, y: Storage, j: number, sb: number, n: number, alpha: number): void {
  if (sa === 1 && sb === 1) for (let k = 0; k < n; k++) out[o + k] = x[i + k]! - alpha * y[j + k]!;
  else if (sa === 1 && sb === 0) {
    const v = y[j]!;
    for (let k = 0; k < n; k++) out[o + k] = x[i + k]! - alpha * v;
  } else for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! - alpha * y[j + k * sb]!;
}

function binaryRsub(out: Storage, o: number, x: Storage, i: number, sa: number, y: Storage, j: number, sb: number, n: number, alpha: number): void {
  if (sa === 1 && sb === 1) for (let k = 0; k < n; k++) out[o + k] = y[j + k]! - alpha * x[i + k]!;
  else if (sa === 1 && sb === 0) {
    const v = y[j]!;
    for (let k = 0; k < n; k++) out[o + k] = v - alpha * x[i + k]!;
  } else for (let k = 0; k < n; k++) out[o + k] = y[j + k * sb]! - alpha * x[i + k * sa]!;
}

function binaryMul(out: Storage, o: number, x: Storage, i: number, sa: number, y: Storage, j: number, sb: number, n: number, alpha: number): void {
  if (sa === 1 && sb === 1) for (let k = 0; k < n; k++) out[o + k] = x[i + k]! * y[j + k]!;
  else if (sa === 1 && sb === 0) {
    const v = y[j]!;
    for (let k = 0; k < n; k++) out[o + k] = x[i + k]! * v;
  } else for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! * y[j + k * sb]!;
}

function binaryDiv(out: Storage, o: number, x: Storage, i: number, sa: number, y: Storage, j: number, sb: number, n: number, alpha: number): void {
  if (sa === 1 && sb === 1) for (let k = 0; k < n; k++) out[o + k] = x[i + k]! / y[j + k]!;
  else if (sa === 1 && sb === 0) {
    const v = y[j]!;
    for (let k = 0; k < n; k++) out[o + k] = x[i + k]! / v;
  } else for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! / y[j + k * sb]!;
}

function binaryPow(out: Storage, o: number, x: Storage, i: number, sa: number, y: Storage, j: number, sb: number, n: number, alpha: number): void {
  if (sa === 1 && sb === 1) for (let k = 0; k < n; k++) out[o + k] = x[i + k]! ** y[j + k]!;
  else if (sa === 1 && sb === 0) {
    const v = y[j]!;
    for (let k = 0; k < n; k++) out[o + k] = x[i + k]! ** v;
  } else for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! ** y[j + k * sb]!;
}

function binaryReluBackward(out: Storage, o: number, x: Storage, i: number, sa: number, y: Storage, j: number, sb: number, n: number, alpha: number): void {
  if (sa === 1 && sb === 1) for (let k = 0; k < n; k++) out[o + k] = y[j + k]! <= 0 ? 0 : x[i + k]!;
  else if (sa === 1 && sb === 0) {
    const v = y[j]!;
    for (let k = 0; k < n; k++) out[o + k] = v <= 0 ? 0 : x[i + k]!;
  } else for (let k = 0; k < n; k++) out[o + k] = y[j + k * sb]! <= 0 ? 0 : x[i + k * sa]!;
}

function binarySigmoidBackward(out: Storage, o: number, x: Storage, i: number, sa: number, y: Storage, j: number, sb: number, n: number, alpha: number): void {
  if (sa === 1 && sb === 1) for (let k = 0; k < n; k++) out[o + k] = x[i + k]! * (1 - y[j + k]!) * y[j + k]!;
  else if (sa === 1 && sb === 0) {
    const v = y[j]!;
    for (let k = 0; k < n; k++) out[o + k] = x[i + k]! * (1 - v) * v;
  } else for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! * (1 - y[j + k * sb]!) * y[j + k * sb]!;
}

function binaryTanhBackward(out: Storage, o: number, x: Storage, i: number, sa: number, y: Storage, j: number, sb: number, n: number, alpha: number): void {
  if (sa === 1 && sb === 1) for (let k = 0; k < n; k++) out[o + k] = x[i + k]! * (1 - y[j + k]! * y[j + k]!);
  else if (sa === 1 && sb === 0) {
    const v = y[j]!;
    for (let k = 0; k < n; k++) out[o + k] = x[i + k]! * (1 - v * v);
  } else for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! * (1 - y[j + k * sb]! * y[j + k * sb]!);
}

function binarySqrtBackward(out: Storage, o: number, x: Storage, i: number, sa: number, y: Storage, j: number, sb: number, n: number, alpha: number): void {
  if (sa === 1 && sb === 1) for (let k = 0; k < n; k++) out[o + k] = x[i + k]! / (2 * y[j + k]!);
  else if (sa === 1 && sb === 0) {
    const v = y[j]!;
    for (let k = 0; k < n; k++) out[o + k] = x[i + k]! / (2 * v);
  } else for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! / (2 * y[j + k * sb]!);
}

function binaryAbsBackward(out: Storage, o: number, x: Storage, i: number, sa: number, y: Storage, j: number, sb: number, n: number, alpha: number): void {
  if (sa === 1 && sb === 1) for (let k = 0; k < n; k++) out[o + k] = x[i + k]! * Math.sign(y[j + k]!);
  else if (sa === 1 && sb === 0) {
    const v = y[j]!;
    for (let k = 0; k < n; k++) out[o + k] = x[i + k]! * Math.sign(v);
  } else for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! * Math.sign(y[j + k * sb]!);
}

function binaryPowBackward(out: Storage, o: number, x: Storage, i: number, sa: number, y: Storage, j: number, sb: number, n: number, alpha: number): void {
  // `y ** 1` is `y` to the bit (see unaryPow); float32 rounds after each step as three ops would.
  const q = alpha - 1;
  if (out instanceof Float32Array) {
  const p = Math.fround(alpha);
  if (q === 1) for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! * Math.fround(y[j + k * sb]! * p);
  else for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! * Math.fround(Math.fround(y[j + k * sb]! ** q) * p);
  } else if (q === 1) for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! * (y[j + k * sb]! * alpha);
  else for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! * (y[j + k * sb]! ** q * alpha);
}

/** `out = op(a)` element-wise over `shape` (out row-major); `p` is pow's exponent and divScalar's divisor. */
export function unaryInto(op: UnaryOp, out: Storage, shape: readonly number[], a: Operand, p = 0): void {
  const sa = singleRunStep(shape, a);
  if (sa >= 0) UNARY_RUNS[op](out, 0, a.values, a.offset, sa, elementCount(shape), p);
  else unaryRuns(op, out, shape, a, p);
}

function unaryRuns(op: UnaryOp, out: Storage, shape: readonly number[], a: Operand, p: number): void {
  forEachRun(shape, [a], (o, at, n, steps) => UNARY_RUNS[op](out, o, a.values, at[0]!, steps[0]!, n, p));
}

function unaryCopy(out: Storage, o: number, x: Storage, i: number, sa: number, n: number, p: number): void {
  if (sa === 1) out.set(x.subarray(i, i + n), o);
  else for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]!;
}

function unaryNeg(out: Storage, o: number, x: Storage, i: number, sa: number, n: number, p: number): void {
  if (sa === 1) for (let k = 0; k < n; k++) out[o + k] = -x[i + k]!;
  else for (let k = 0; k < n; k++) out[o + k] = -x[i + k * sa]!;
}

function unaryReciprocal(out: Storage, o: number, x: Storage, i: number, sa: number, n: number, p: number): void {
  if (sa === 1) for (let k = 0; k < n; k++) out[o + k] = 1 / x[i + k]!;
  else for (let k = 0; k < n; k++) out[o + k] = 1 / x[i + k * sa]!;
}

function unaryExp(out: Storage, o: number, x: Storage, i: number, sa: number, n: number, p: number): void {
  if (sa === 1) for (let k = 0; k < n; k++) out[o + k] = Math.exp(x[i + k]!);
  else for (let k = 0; k < n; k++) out[o + k] = Math.exp(x[i + k * sa]!);
}

function unaryLog(out: Storage, o: number, x: Storage, i: number, sa: number, n: number, p: number): void {
  if (sa === 1) for (let k = 0; k < n; k++) out[o + k] = Math.log(x[i + k]!);
  else for (let k = 0; k < n; k++) out[o + k] = Math.log(x[i + k * sa]!);
}

function unarySqrt(out: Storage, o: number, x: Storage, i: number, sa: number, n: number, p: number): void {
  if (sa === 1) for (let k = 0; k < n; k++) out[o + k] = Math.sqrt(x[i + k]!);
  else for (let k = 0; k < n; k++) out[o + k] = Math.sqrt(x[i + k * sa]!);
}

function unaryAbs(out: Storage, o: number, x: Storage, i: number, sa: number, n: number, p: number): void {
  if (sa === 1) for (let k = 0; k < n; k++) out[o + k] = Math.abs(x[i + k]!);
  else for (let k = 0; k < n; k++) out[o + k] = Math.abs(x[i + k * sa]!);
}

function unaryRelu(out: Storage, o: number, x: Storage, i: number, sa: number, n: number, p: number): void {
  // `x < 0 ? 0 : x` keeps NaN (and -0), as PyTorch's clamp does.
  for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! < 0 ? 0 : x[i + k * sa]!;
}

function unarySigmoid(out: Storage, o: number, x: Storage, i: number, sa: number, n: number, p: number): void {
  if (sa === 1) for (let k = 0; k < n; k++) out[o + k] = 1 / (1 + Math.exp(-x[i + k]!));
  else for (let k = 0; k < n; k++) out[o + k] = 1 / (1 + Math.exp(-x[i + k * sa]!));
}

function unaryTanh(out: Storage, o: number, x: Storage, i: number, sa: number, n: number, p: number): void {
  if (sa === 1) for (let k = 0; k < n; k++) out[o + k] = Math.tanh(x[i + k]!);
  else for (let k = 0; k < n; k++) out[o + k] = Math.tanh(x[i + k * sa]!);
}

function unaryTruncate(out: Storage, o: number, x: Storage, i: number, sa: number, n: number, p: number): void {
  if (sa === 1) for (let k = 0; k < n; k++) out[o + k] = Math.trunc(x[i + k]!);
  else for (let k = 0; k < n; k++) out[o + k] = Math.trunc(x[i + k * sa]!);
}

function unaryNonzero(out: Storage, o: number, x: Storage, i: number, sa: number, n: number, p: number): void {
  if (sa === 1) for (let k = 0; k < n; k++) out[o + k] = x[i + k]! !== 0 ? 1 : 0;
  else for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! !== 0 ? 1 : 0;
}

function unaryPow(out: Storage, o: number, x: Storage, i: number, sa: number, n: number, p: number): void {
  // x ** 2 is x * x and x ** 1 is x to the bit in V8 (fdlibm's pow special-cases them); the product is far faster.
  if (p === 2) for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! * x[i + k * sa]!;
  else if (p === 1) for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]!;
  else for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! ** p;
}

function unaryDivScalar(out: Storage, o: number, x: Storage, i: number, sa: number, n: number, p: number): void {
  if (sa === 1) for (let k = 0; k < n; k++) out[o + k] = x[i + k]! / p;
  else for (let k = 0; k < n; k++) out[o + k] = x[i + k * sa]! / p;
}

/** Copies `src` into `dst`, both read through their strides over `shape` (writes into a strided view). */
export function assignInto(dst: Operand, shape: readonly number[], src: Operand): void {
  const out = dst.values;
  const x = src.values;
  forEachRun(shape, [dst, src], (_, at, n, steps) => assignRun(out, at[0]!, steps[0]!, x, at[1]!, steps[1]!, n));
}

function assignRun(out: Storage, i: number, sd: number, x: Storage, j: number, ss: number, n: number): void {
  for (let k = 0; k < n; k++) out[i + k * sd] = x[j + k * ss]!;
}

/** Adds `a`'s elements into `acc` (read through `into`'s strides, 0 along summed dims), in row-major order of `a`. */
export function sumInto(acc: Float64Array, shape: readonly number[], a: Operand, into: readonly number[]): void {
  forEachRun(shape, [a, { values: acc, offset: 0, strides: into }], (_, at, n, steps) => sumRun(acc, at[1]!, steps[1]!, a.values, at[0]!, steps[0]!, n));
}

function sumRun(acc: Float64Array, j: number, sAcc: number, x: Storage, i: number, sa: number, n: number): void {
  if (sAcc === 0) {
    let sum = acc[j]!;
    for (let k = 0; k < n; k++) sum += x[i + k * sa]!;
    acc[j] = sum;
  } else {
    for (let k = 0; k < n; k++) acc[j + k * sAcc]! += x[i + k * sa]!;
  }
}

type BinaryRun = (out: Storage, o: number, x: Storage, i: number, sa: number, y: Storage, j: number, sb: number, n: number, alpha: number) => void;

/**
 * One function per op, called through this table: V8 compiles each loop on its own (a switch
 * over the ops got every loop inlined into one function, whose loops ran several times slower).
 */
const BINARY_RUNS: Record<BinaryOp, BinaryRun> = {
  add: binaryAdd,
  sub: binarySub,
  rsub: binaryRsub,
  mul: binaryMul,
  div: binaryDiv,
  pow: binaryPow,
  reluBackward: binaryReluBackward,
  sigmoidBackward: binarySigmoidBackward,
  tanhBackward: binaryTanhBackward,
  sqrtBackward: binarySqrtBackward,
  absBackward: binaryAbsBackward,
  powBackward: binaryPowBackward,
};

type UnaryRun = (out: Storage, o: number, x: Storage, i: number, sa: number, n: number, p: number) => void;

/**
 * One function per op, called through this table: V8 compiles each loop on its own (a switch
 * over the ops got every loop inlined into one function, whose loops ran several times slower).
 */
const UNARY_RUNS: Record<UnaryOp, UnaryRun> = {
  copy: unaryCopy,
  neg: unaryNeg,
  reciprocal: unaryReciprocal,
  exp: unaryExp,
  log: unaryLog,
  sqrt: unarySqrt,
  abs: unaryAbs,
  relu: unaryRelu,
  sigmoid: unarySigmoid,
  tanh: unaryTanh,
  truncate: unaryTruncate,
  nonzero: unaryNonzero,
  pow: unaryPow,
  divScalar: unaryDivScalar,
};
