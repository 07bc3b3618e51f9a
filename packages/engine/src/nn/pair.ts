import { describeValue } from '../errors.js';
import type { Pair } from '../ops/convolution.js';

/** A size given as one number or a pair, as PyTorch's `_pair` reads it: `2` is `(2, 2)`. */
export type IntOrPair = number | readonly [number, number];

export function pair(value: IntOrPair, name: string): Pair {
  const out = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(out) || out.length !== 2 || out.some((v) => typeof v !== 'number' || !Number.isInteger(v))) {
    throw new TypeError(`${name} must be a whole number or a pair of whole numbers, got ${describeValue(value)}`);
  }
  return [out[0]!, out[1]!];
}
