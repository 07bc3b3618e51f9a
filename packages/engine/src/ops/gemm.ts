import type { Tensor } from '../tensor.js';

/** A matrix inside a flat array: element (i, j) is at `offset + i * rowStride + j * colStride`. */
export interface MatrixView {
  readonly values: ArrayLike<number>;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** A 2-D tensor read in place, through its strides (a transposed view needs no copy). */
export function matrixOf(t: Tensor): MatrixView {
  return { values: t._storage, offset: t._offset, rowStride: t._strides[0]!, colStride: t._strides[1]! };
}

/** A row-major `? x cols` block of `values` starting at `offset`. */
export function rowMajor(values: ArrayLike<number>, cols: number, offset = 0): MatrixView {
  return { values, offset, rowStride: cols, colStride: 1 };
}

export function transposed(m: MatrixView): MatrixView {
  return { ...m, rowStride: m.colStride, colStride: m.rowStride };
}

/** `out[outOffset + i * m + j] += sum_p a(i, p) * b(p, j)` for an n x k times k x m product, in float64. */
export function gemmInto(out: Float64Array, outOffset: number, a: MatrixView, b: MatrixView, n: number, k: number, m: number): void {
  const { values: av, offset: ao, rowStride: ar, colStride: ac } = a;
  const { values: bv, offset: bo, rowStride: br, colStride: bc } = b;
  for (let i = 0; i < n; i++) {
    const row = outOffset + i * m;
    for (let p = 0; p < k; p++) {
      const x = av[ao + i * ar + p * ac]!;
      if (x === 0) continue;
      const start = bo + p * br;
      for (let j = 0; j < m; j++) out[row + j]! += x * bv[start + j * bc]!;
    }
  }
}
