/**
 * Matrix products on typed arrays, the loops behind mm, addmm, bmm, matmul and convolution.
 *
 * `gemm` writes `a @ b` into a float32 or float64 block. Both kernels sum every element over `p`
 * in increasing order: float64 in float64; float32 as PyTorch's float32 kernels do, each product
 * and each sum rounded to float32 — the WebAssembly SIMD kernel (`wasm/sgemm.ts`, used where the
 * runtime has SIMD) and the TypeScript one below give the same bits.
 */
import type { Storage } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { sgemmWasm } from './wasm/sgemm.js';

/** A matrix inside a flat array: element (i, j) is at `offset + i * rowStride + j * colStride`. */
export interface MatrixView {
  readonly values: Storage;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** A 2-D float tensor read in place, through its strides (a transposed view needs no copy). */
export function matrixOf(t: Tensor): MatrixView {
  return { values: t._storage, offset: t._offset, rowStride: t._strides[0]!, colStride: t._strides[1]! };
}

/** A row-major `? x cols` block of `values` starting at `offset`. */
export function rowMajor(values: Storage, cols: number, offset = 0): MatrixView {
  return { values, offset, rowStride: cols, colStride: 1 };
}

export function transposed(m: MatrixView): MatrixView {
  return { values: m.values, offset: m.offset, rowStride: m.colStride, colStride: m.rowStride };
}

/** `out[outOffset + i * m + j] = sum_p a(i, p) * b(p, j)` for an n x k times k x m product. */
export function gemm(out: Storage, outOffset: number, a: MatrixView, b: MatrixView, n: number, k: number, m: number): void {
  if (n === 0 || m === 0) return;
  if (k === 0) {
    out.fill(0, outOffset, outOffset + n * m);
    return;
  }
  if (out instanceof Float32Array && sgemmWasm(out, outOffset, a, b, n, k, m)) return;
  gemmTypeScript(out, outOffset, a, b, n, k, m);
}

/** Steps of `p` per block: a block of B panels stays in cache while every row panel of A meets it. */
const K_BLOCK = 256;

/**
 * The TypeScript kernel: A packed in panels of 4 rows, B in panels of 4 columns (`p` contiguous in
 * both), then a 4x4 tile of C kept in 16 local variables per `p` step — the register tiling of
 * the WebAssembly kernel, without SIMD.
 */
export function gemmTypeScript(out: Storage, outOffset: number, a: MatrixView, b: MatrixView, n: number, k: number, m: number): void {
  const single = out instanceof Float32Array;
  const rowPanels = Math.ceil(n / 4);
  const colPanels = Math.ceil(m / 4);
  const packedA = packPanels(single, a, n, k, rowPanels, false);
  const packedB = packPanels(single, b, m, k, colPanels, true);
  const c = single ? new Float32Array(rowPanels * colPanels * 16) : new Float64Array(rowPanels * colPanels * 16);
  for (let pc = 0; pc < k; pc += K_BLOCK) {
    const kc = Math.min(K_BLOCK, k - pc);
    for (let jr = 0; jr < colPanels; jr++) {
      for (let ir = 0; ir < rowPanels; ir++) {
        tile(packedA, (ir * k + pc) * 4, packedB, (jr * k + pc) * 4, c, (ir * colPanels + jr) * 16, kc, single);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const tileRow = (i >> 2) * colPanels * 16 + (i & 3) * 4;
    const row = outOffset + i * m;
    for (let j = 0; j < m; j++) out[row + j] = c[tileRow + (j >> 2) * 16 + (j & 3)]!;
  }
}

/**
 * Panels of 4 lines (rows of A, or columns of B when `columns`), each `k` steps of 4 values,
 * zero past the matrix's edge.
 */
function packPanels(single: boolean, v: MatrixView, lines: number, k: number, panels: number, columns: boolean): Float32Array | Float64Array {
  const packed = single ? new Float32Array(panels * k * 4) : new Float64Array(panels * k * 4);
  const { values, offset } = v;
  const lineStride = columns ? v.colStride : v.rowStride;
  const stepStride = columns ? v.rowStride : v.colStride;
  for (let line = 0; line < lines; line++) {
    const start = (line >> 2) * k * 4 + (line & 3);
    const from = offset + line * lineStride;
    for (let p = 0; p < k; p++) packed[start + p * 4] = values[from + p * stepStride]!;
  }
  return packed;
}

/** One 4x4 tile over `kc` steps: in float64, or with each product and sum rounded to float32 when `single`. */
function tile(a: Float32Array | Float64Array, ai: number, b: Float32Array | Float64Array, bi: number, c: Float32Array | Float64Array, ci: number, kc: number, single: boolean): void {
  const f = Math.fround;
  let c00 = c[ci]!, c01 = c[ci + 1]!, c02 = c[ci + 2]!, c03 = c[ci + 3]!;
  let c10 = c[ci + 4]!, c11 = c[ci + 5]!, c12 = c[ci + 6]!, c13 = c[ci + 7]!;
  let c20 = c[ci + 8]!, c21 = c[ci + 9]!, c22 = c[ci + 10]!, c23 = c[ci + 11]!;
  let c30 = c[ci + 12]!, c31 = c[ci + 13]!, c32 = c[ci + 14]!, c33 = c[ci + 15]!;
  if (single) {
    for (let s = 0; s < kc; s++, ai += 4, bi += 4) {
      const a0 = a[ai]!, a1 = a[ai + 1]!, a2 = a[ai + 2]!, a3 = a[ai + 3]!;
      const b0 = b[bi]!, b1 = b[bi + 1]!, b2 = b[bi + 2]!, b3 = b[bi + 3]!;
      c00 = f(c00 + f(a0 * b0)); c01 = f(c01 + f(a0 * b1)); c02 = f(c02 + f(a0 * b2)); c03 = f(c03 + f(a0 * b3));
      c10 = f(c10 + f(a1 * b0)); c11 = f(c11 + f(a1 * b1)); c12 = f(c12 + f(a1 * b2)); c13 = f(c13 + f(a1 * b3));
      c20 = f(c20 + f(a2 * b0)); c21 = f(c21 + f(a2 * b1)); c22 = f(c22 + f(a2 * b2)); c23 = f(c23 + f(a2 * b3));
      c30 = f(c30 + f(a3 * b0)); c31 = f(c31 + f(a3 * b1)); c32 = f(c32 + f(a3 * b2)); c33 = f(c33 + f(a3 * b3));
    }
  } else {
    for (let s = 0; s < kc; s++, ai += 4, bi += 4) {
      const a0 = a[ai]!, a1 = a[ai + 1]!, a2 = a[ai + 2]!, a3 = a[ai + 3]!;
      const b0 = b[bi]!, b1 = b[bi + 1]!, b2 = b[bi + 2]!, b3 = b[bi + 3]!;
      c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
      c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
      c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
      c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    }
  }
  c[ci] = c00; c[ci + 1] = c01; c[ci + 2] = c02; c[ci + 3] = c03;
  c[ci + 4] = c10; c[ci + 5] = c11; c[ci + 6] = c12; c[ci + 7] = c13;
  c[ci + 8] = c20; c[ci + 9] = c21; c[ci + 10] = c22; c[ci + 11] = c23;
  c[ci + 12] = c30; c[ci + 13] = c31; c[ci + 14] = c32; c[ci + 15] = c33;
}
