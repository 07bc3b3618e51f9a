/**
 * The matrix-product kernels: the WebAssembly SIMD kernel and the TypeScript one give the same bits
 * for float32, both the bits of summing over p in order with float32 rounding (PyTorch's float32
 * arithmetic); float64 sums in order in float64. Shapes cover the tile edges (4 rows, 8 and 4
 * columns), more than one block of 256 steps, and operands read through strides.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gemm, gemmTypeScript, type MatrixView, rowMajor, transposed } from '../src/kernels/gemm.js';
import { wasmSgemmAvailable } from '../src/kernels/wasm/sgemm.js';
import { bytesModule, bytesModulePath, WASM_KERNELS } from '../scripts/build-wasm.js';

/** Deterministic values with a spread of magnitudes and signs, some zeros and negative zeros. */
function values(length: number, seed: number, type: 'float32' | 'float64'): Float32Array | Float64Array {
  const out = type === 'float32' ? new Float32Array(length) : new Float64Array(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    out[i] = i % 17 === 0 ? (i % 2 ? -0 : 0) : ((s / 2 ** 31 - 0.5) * 2 ** ((s % 9) - 4));
  }
  return out;
}

/** The definition: for each (i, j), sum over p in increasing order, rounded as the dtype rounds. */
function reference(a: MatrixView, b: MatrixView, n: number, k: number, m: number, single: boolean): Float64Array {
  const out = new Float64Array(n * m);
  const round = single ? Math.fround : (x: number) => x;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let c = 0;
      for (let p = 0; p < k; p++) {
        const x = a.values[a.offset + i * a.rowStride + p * a.colStride]!;
        const y = b.values[b.offset + p * b.rowStride + j * b.colStride]!;
        c = round(c + round(x * y));
      }
      out[i * m + j] = c;
    }
  }
  return out;
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 5, 1], [3, 2, 7], [4, 8, 8], [5, 9, 9], [13, 3, 17], [32, 64, 3], [7, 300, 11], [33, 513, 20],
];

function sameBits(got: ArrayLike<number>, want: ArrayLike<number>): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) expect(`[${i}] ${got[i]}`).toBe(`[${i}] ${want[i]}`);
}

describe('gemm', () => {
  it('runs float32 on WebAssembly SIMD in Node', () => {
    expect(wasmSgemmAvailable()).toBe(true);
  });

  for (const dtype of ['float32', 'float64'] as const) {
    for (const [n, k, m] of SHAPES) {
      it(`${dtype} ${n}x${k} @ ${k}x${m}: both kernels give the in-order sums, plain and transposed operands`, () => {
        const single = dtype === 'float32';
        const a = values(n * k + 3, n * 7 + k, dtype);
        const b = values(k * m + 5, m * 13 + k, dtype);
        // Plain row-major, offset, and transposed layouts of the same matrices.
        const aViews = [rowMajor(a, k), rowMajor(a, k, 3)];
        const bViews = [rowMajor(b, m), transposed(rowMajor(b, k, 5))];
        for (const av of aViews) {
          for (const bv of bViews) {
            const want = reference(av, bv, n, k, m, single);
            const fast = single ? new Float32Array(n * m + 2) : new Float64Array(n * m + 2);
            const plain = single ? new Float32Array(n * m) : new Float64Array(n * m);
            gemm(fast, 2, av, bv, n, k, m);
            gemmTypeScript(plain, 0, av, bv, n, k, m);
            sameBits(fast.subarray(2), want);
            sameBits(plain, want);
          }
        }
      });
    }
  }

  it('writes zeros for k = 0 and nothing for an empty result', () => {
    const out = new Float32Array([7, 7, 7]);
    gemm(out, 1, rowMajor(new Float32Array(0), 0), rowMajor(new Float32Array(0), 2), 1, 0, 2);
    expect([...out]).toEqual([7, 0, 0]);
    gemm(out, 0, rowMajor(new Float32Array(0), 3), rowMajor(new Float32Array(6), 2), 0, 3, 2);
    expect([...out]).toEqual([7, 0, 0]);
  });
});

describe('the WebAssembly kernels', () => {
  for (const name of WASM_KERNELS) {
    it(`${name}-bytes.ts is assembled from ${name}.wat (run \`npx tsx packages/engine/scripts/build-wasm.ts\` after changing it)`, async () => {
      expect(readFileSync(bytesModulePath(name), 'utf8')).toBe(await bytesModule(name));
    });
  }
});
