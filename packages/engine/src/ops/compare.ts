/**
 * Comparisons, logical ops and `any`/`all`: bool results with no gradient. A tensor that needed
 * one and went into them is cut there, which the diagnosis names when a gradient stops.
 */
import { allocate } from '../dtype.js';
import { describeValue } from '../errors.js';
import { normalizeDim } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { operand } from './arithmetic.js';
import { fromValues, map, resultTypeOf, zip } from './kernels.js';
import { resultWithoutGradient } from './record.js';
import { contiguousValues, forEachLine } from './strided.js';

function comparison(op: string, test: (x: number, y: number) => boolean) {
  return (a: Tensor, b: TensorLike): Tensor => {
    const other = operand(b, op);
    // Compared in the promoted dtype, as PyTorch compares `int64 < 2.5` in float.
    return resultWithoutGradient(op, [a, other], zip(a, other, 'bool', (x, y) => (test(x, y) ? 1 : 0), resultTypeOf(a, other)));
  };
}

export const eq = comparison('eq', (x, y) => x === y);
export const ne = comparison('ne', (x, y) => x !== y);
export const lt = comparison('lt', (x, y) => x < y);
export const le = comparison('le', (x, y) => x <= y);
export const gt = comparison('gt', (x, y) => x > y);
export const ge = comparison('ge', (x, y) => x >= y);

export function logicalNot(a: Tensor): Tensor {
  return resultWithoutGradient('logical_not', [a], map(a, 'bool', (x) => (x === 0 ? 1 : 0)));
}

function logical(op: string, test: (x: boolean, y: boolean) => boolean) {
  return (a: Tensor, b: TensorLike): Tensor => {
    const other = operand(b, op);
    return resultWithoutGradient(op, [a, other], zip(a, other, 'bool', (x, y) => (test(x !== 0, y !== 0) ? 1 : 0), 'float64'));
  };
}

export const logicalAnd = logical('logical_and', (x, y) => x && y);
export const logicalOr = logical('logical_or', (x, y) => x || y);

/** `any()`/`all()` over every element, or along `dim` (bool, as PyTorch 1.13 gives for every dtype but uint8). */
function reduceTruth(op: 'any' | 'all', a: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  if (dim !== undefined && (typeof dim !== 'number' || !Number.isInteger(dim))) {
    throw new TypeError(`${op}(): dim must be a whole number, got ${describeValue(dim)}`);
  }
  const values = contiguousValues(a);
  const wanted = op === 'any';
  const lineTruth = (start: number, stride: number, length: number): number => {
    for (let k = 0; k < length; k++) if ((values[start + k * stride] !== 0) === wanted) return wanted ? 1 : 0;
    return wanted ? 0 : 1;
  };
  if (dim === undefined) return resultWithoutGradient(op, [a], fromValues(Uint8Array.of(lineTruth(0, 1, values.length)), [], 'bool'));
  const d = normalizeDim(dim, a.ndim);
  const results: number[] = [];
  forEachLine(a.shape, d, (start, stride, length) => results.push(lineTruth(start, stride, length)));
  const shape = a.shape.flatMap((size, i) => (i !== d ? [size] : keepdim ? [1] : []));
  const out = allocate('bool', results.length);
  out.set(results);
  return resultWithoutGradient(op, [a], fromValues(out, shape, 'bool'));
}

export const any = (a: Tensor, dim?: number, keepdim = false): Tensor => reduceTruth('any', a, dim, keepdim);
export const all = (a: Tensor, dim?: number, keepdim = false): Tensor => reduceTruth('all', a, dim, keepdim);
