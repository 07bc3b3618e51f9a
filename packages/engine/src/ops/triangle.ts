/** `triu`/`tril`: the upper or lower triangle of the last two dims, the rest zeroed (TriuBackward0, TrilBackward0). */
import { Node } from '../autograd/node.js';
import { allocate } from '../dtype.js';
import { describeValue } from '../errors.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';
import { recordOp } from './record.js';
import { contiguousValues } from './strided.js';

function keepTriangle(t: Tensor, diagonal: number, upper: boolean): Tensor {
  const values = contiguousValues(t);
  const out = allocate(t.dtype, values.length);
  const [rows, cols] = [t.shape[t.ndim - 2]!, t.shape[t.ndim - 1]!];
  for (let base = 0; base < values.length; base += rows * cols) {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const keep = upper ? j - i >= diagonal : j - i <= diagonal;
        if (keep) out[base + i * cols + j] = values[base + i * cols + j]!;
      }
    }
  }
  return fromValues(out, t.shape, t.dtype);
}

class TriangleBackward extends Node {
  readonly #upper: boolean;
  readonly #diagonal: number;

  constructor(upper: boolean, diagonal: number) {
    super();
    this.#upper = upper;
    this.#diagonal = diagonal;
    this.saveInt('diagonal', diagonal);
  }

  name(): string {
    return this.#upper ? 'TriuBackward0' : 'TrilBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [keepTriangle(grad, this.#diagonal, this.#upper)];
  }
}

function triangle(t: Tensor, diagonal: number, upper: boolean): Tensor {
  const op = upper ? 'triu' : 'tril';
  if (typeof diagonal !== 'number' || !Number.isInteger(diagonal)) throw new TypeError(`${op}(): diagonal must be a whole number, got ${describeValue(diagonal)}`);
  normalizeDim(-2, t.ndim);
  return recordOp(op, [t], keepTriangle(t, diagonal, upper), () => new TriangleBackward(upper, diagonal));
}

export const triu = (t: Tensor, diagonal = 0): Tensor => triangle(t, diagonal, true);
export const tril = (t: Tensor, diagonal = 0): Tensor => triangle(t, diagonal, false);
