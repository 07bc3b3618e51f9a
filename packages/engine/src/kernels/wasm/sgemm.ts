/**
 * The WebAssembly SIMD float32 matrix product (`sgemm.wat`): compiled synchronously on first use
 * (the module is under a kilobyte, below what browsers allow on the main thread), or absent where
 * the runtime has no WebAssembly SIMD, and then the TypeScript kernel runs instead.
 */
import type { Storage } from '../../dtype.js';
import type { MatrixView } from '../gemm.js';
import { BYTES_BASE64 } from './sgemm-bytes.js';

// The part of the WebAssembly API used here (the engine's lib settings have no DOM types).
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: object };
};

interface SgemmExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  sgemm(a: number, b: number, packedB: number, packedA: number, c: number, rowPanels: number, colPanels: number, k: number, m: number): void;
}

let kernel: SgemmExports | null | undefined;
let disabled = false;

function instantiate(): SgemmExports | null {
  try {
    const bytes = Uint8Array.from(atob(BYTES_BASE64), (c) => c.charCodeAt(0));
    return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as SgemmExports;
  } catch {
    // No WebAssembly, no SIMD, or compiling forbidden here (a content security policy).
    return null;
  }
}

/** Whether float32 products run on the WebAssembly SIMD kernel. */
export function wasmSgemmAvailable(): boolean {
  if (disabled) return false;
  kernel ??= instantiate();
  return kernel !== null;
}

/** Turns the WebAssembly kernel off (true) or back on, so tests and benchmarks can run the TypeScript kernel. */
export function disableWasmSgemm(off: boolean): void {
  disabled = off;
}

let heapView = new Float32Array(0);

/** A float32 view of the module's memory, grown to hold `bytes` (a new view only after growing). */
function memoryOf(exports: SgemmExports, bytes: number): Float32Array {
  const { memory } = exports;
  const missing = bytes - memory.buffer.byteLength;
  if (missing > 0) memory.grow(Math.ceil(missing / 65536));
  if (heapView.buffer !== memory.buffer) heapView = new Float32Array(memory.buffer);
  return heapView;
}

/** Copies the rows x cols matrix `v` into `heap` at float index `at`, row-major. */
function copyIn(heap: Float32Array, at: number, v: MatrixView, rows: number, cols: number): void {
  const { values, offset, rowStride, colStride } = v;
  if (colStride === 1 || cols === 1) {
    if (rowStride === cols || rows === 1) heap.set(values.subarray(offset, offset + rows * cols), at);
    else for (let i = 0; i < rows; i++) heap.set(values.subarray(offset + i * rowStride, offset + i * rowStride + cols), at + i * cols);
    return;
  }
  gather(heap, at, values, offset, rowStride, colStride, rows, cols);
}

/** A strided matrix (a transposed view) copied row-major: its own function, so V8 compiles the loop alone. */
function gather(heap: Float32Array, at: number, values: Storage, offset: number, rowStride: number, colStride: number, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    const from = offset + i * rowStride;
    const to = at + i * cols;
    for (let j = 0; j < cols; j++) heap[to + j] = values[from + j * colStride]!;
  }
}

/** Rows of C (`ldc` apart in the heap) into `out`, `m` values each. */
function copyOut(out: Float32Array, outOffset: number, heap: Float32Array, at: number, ldc: number, n: number, m: number): void {
  if (ldc === m) out.set(heap.subarray(at, at + n * m), outOffset);
  else if (m >= 32) for (let i = 0; i < n; i++) out.set(heap.subarray(at + i * ldc, at + i * ldc + m), outOffset + i * m);
  else for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[outOffset + i * m + j] = heap[at + i * ldc + j]!;
}

/** `out = a @ b` (n x k times k x m, k >= 1) on the SIMD kernel; false when it is not available. */
export function sgemmWasm(out: Float32Array, outOffset: number, a: MatrixView, b: MatrixView, n: number, k: number, m: number): boolean {
  if (!wasmSgemmAvailable()) return false;
  const exports = kernel!;
  const rowPanels = Math.ceil(n / 4);
  const colPanels = Math.ceil(m / 8);
  // A's region holds the rows past n that the last panel reads (zeroed); B's the 8 floats its last row reads past m.
  const bAt = rowPanels * 4 * k;
  const packedBAt = bAt + k * m + 8;
  const ldc = colPanels * 8;
  const packedAAt = packedBAt + k * ldc;
  const cAt = packedAAt + rowPanels * 4 * k;
  const cEnd = cAt + rowPanels * 4 * ldc;
  const heap = memoryOf(exports, cEnd * 4);
  copyIn(heap, 0, a, n, k);
  heap.fill(0, n * k, bAt);
  copyIn(heap, bAt, b, k, m);
  heap.fill(0, bAt + k * m, packedBAt);
  exports.sgemm(0, bAt * 4, packedBAt * 4, packedAAt * 4, cAt * 4, rowPanels, colPanels, k, m);
  copyOut(out, outOffset, heap, cAt, ldc, n, m);
  return true;
}
