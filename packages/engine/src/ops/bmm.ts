/** Batched matrix products: `bmm` (BmmBackward0) and `baddbmm` (BaddbmmBackward0), on 3-D operands. */
import { Node } from '../autograd/node.js';
import { allocate, type DType, scalarTypeName, type Storage } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { sameShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { gemm, type MatrixView } from '../kernels/gemm.js';
import { fromValues } from './kernels.js';
import { recordOp } from './record.js';
import { expand } from './shape-ops.js';
import { broadcastValues } from './strided.js';

/** Matrix `b` of a 3-D tensor, read in place through its strides. */
function matrixAt(t: Tensor, b: number): MatrixView {
  return { values: t._storage, offset: t._offset + b * t._strides[0]!, rowStride: t._strides[1]!, colStride: t._strides[2]! };
}

const swapped = (m: MatrixView): MatrixView => ({ ...m, rowStride: m.colStride, colStride: m.rowStride });

/** `factor * (a[b] @ c[b])` for each batch b, in `dtype`. */
function batchedProduct(
  left: (b: number) => MatrixView,
  right: (b: number) => MatrixView,
  [batch, n, k, m]: [number, number, number, number],
  factor: number,
  dtype: DType,
): Storage {
  const out = allocate(dtype, batch * n * m);
  for (let b = 0; b < batch; b++) gemm(out, b * n * m, left(b), right(b), n, k, m);
  if (factor !== 1) for (let i = 0; i < out.length; i++) out[i]! *= factor;
  return out;
}

function checkOperands(self: Tensor, mat2: Tensor, first: string, second: string): [number, number, number, number] {
  if (self.ndim !== 3) throw new RuntimeError(`${first} must be a 3D tensor`);
  if (mat2.ndim !== 3) throw new RuntimeError(`${second} must be a 3D tensor`);
  const [batch, n, k] = self.shape as [number, number, number];
  const [batch2, k2, m] = mat2.shape as [number, number, number];
  if (batch !== batch2 || k !== k2) {
    throw new RuntimeError(`Expected size for first two dimensions of ${second} tensor to be: [${batch}, ${k}] but got: [${batch2}, ${k2}].`);
  }
  if (self.dtype !== mat2.dtype) throw new RuntimeError(`expected scalar type ${scalarTypeName(self.dtype)} but found ${scalarTypeName(mat2.dtype)}`);
  return [batch, n, k, m];
}

/** Gradients of `alpha * (first @ second)` for its two batched matrices. */
function productGrads(node: Node, grad: Tensor, first: () => Tensor, second: () => Tensor, alpha: number, at: [number, number]): [Tensor | null, Tensor | null] {
  const [batch, n, m] = grad.shape as [number, number, number];
  const g = (b: number) => matrixAt(grad, b);
  let gradFirst: Tensor | null = null;
  let gradSecond: Tensor | null = null;
  if (node.needsInputGrad(at[0])) {
    const s = second();
    const k = s.shape[1]!;
    gradFirst = fromValues(batchedProduct(g, (b) => swapped(matrixAt(s, b)), [batch, n, m, k], alpha, grad.dtype), [batch, n, k], grad.dtype);
  }
  if (node.needsInputGrad(at[1])) {
    const f = first();
    const k = f.shape[2]!;
    gradSecond = fromValues(batchedProduct((b) => swapped(matrixAt(f, b)), g, [batch, k, n, m], alpha, grad.dtype), [batch, k, m], grad.dtype);
  }
  return [gradFirst, gradSecond];
}

class BmmBackward0 extends Node {
  constructor(self: Tensor, mat2: Tensor) {
    super();
    // Each operand is saved only when the other needs its gradient, as PyTorch saves them.
    this.saveTensorIf('mat2', mat2, self.requiresGrad);
    this.saveTensorIf('self', self, mat2.requiresGrad);
  }

  name(): string {
    return 'BmmBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return productGrads(this, grad, () => this.savedTensor('self'), () => this.savedTensor('mat2'), 1, [0, 1]);
  }
}

/** `torch.bmm(self, mat2)`: `[b, n, k] @ [b, k, m]` for each b. */
export function bmm(self: Tensor, mat2: Tensor): Tensor {
  const dims = checkOperands(self, mat2, 'batch1', 'batch2');
  const [batch, n, , m] = dims;
  const out = fromValues(batchedProduct((b) => matrixAt(self, b), (b) => matrixAt(mat2, b), dims, 1, self.dtype), [batch, n, m], self.dtype);
  return recordOp('bmm', [self, mat2], out, () => new BmmBackward0(self, mat2));
}

class BaddbmmBackward0 extends Node {
  readonly #alpha: number;
  readonly #beta: number;

  constructor(batch1: Tensor, batch2: Tensor, beta: number, alpha: number) {
    super();
    [this.#alpha, this.#beta] = [alpha, beta];
    this.saveNumber('alpha', alpha);
    this.saveTensorIf('batch1', batch1, batch2.requiresGrad);
    this.saveTensorIf('batch2', batch2, batch1.requiresGrad);
    this.saveNumber('beta', beta);
  }

  name(): string {
    return 'BaddbmmBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const self = this.needsInputGrad(0) ? (this.#beta === 1 ? grad : grad.mul(this.#beta)) : null;
    return [self, ...productGrads(this, grad, () => this.savedTensor('batch1'), () => this.savedTensor('batch2'), this.#alpha, [1, 2])];
  }
}

/** `torch.baddbmm(self, batch1, batch2, beta=, alpha=)`: `beta * self + alpha * (batch1 @ batch2)`, self broadcast. */
export function baddbmm(self: Tensor, batch1: Tensor, batch2: Tensor, options: { beta?: number; alpha?: number } = {}): Tensor {
  const { beta = 1, alpha = 1 } = options;
  const dims = checkOperands(batch1, batch2, 'batch1', 'batch2');
  const [batch, n, , m] = dims;
  const shape = [batch, n, m];
  if (!sameShape(self.shape, shape)) expand(self.detach(), shape);
  const out = batchedProduct((b) => matrixAt(batch1, b), (b) => matrixAt(batch2, b), dims, alpha, batch1.dtype);
  const bias = broadcastValues(self, shape);
  for (let i = 0; i < out.length; i++) out[i] = (beta === 0 ? 0 : beta * bias[i]!) + out[i]!;
  return recordOp('baddbmm', [self, batch1, batch2], fromValues(out, shape, batch1.dtype), () => new BaddbmmBackward0(batch1, batch2, beta, alpha));
}
