import { allocate, type DType } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { isExpandableTo } from '../shape.js';
import { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';
import { gemm, type MatrixView, matrixOf, transposed } from '../kernels/gemm.js';
import { isColumnMajor, MatrixProductBackward } from './linalg.js';
import { recordOp } from './record.js';
import { expand } from './shape-ops.js';
import { binaryInto } from '../kernels/elementwise.js';
import { broadcastValues, operandOf } from './strided.js';

/**
 * `factor * (a @ b)` as a new n x m tensor of `dtype`; `columnMajor` lays it out column-major, as
 * PyTorch's `mm_mat1_backward` and `mm_mat2_backward` do for an input that was (a transposed
 * weight), computing `(b^T @ a^T)^T`: the same products summed in the same order.
 */
export function product(a: MatrixView, b: MatrixView, n: number, k: number, m: number, factor: number, dtype: DType, columnMajor = false): Tensor {
  const out = allocate(dtype, n * m, false);
  if (columnMajor) gemm(out, 0, transposed(b), transposed(a), m, k, n);
  else gemm(out, 0, a, b, n, k, m);
  if (factor !== 1) for (let i = 0; i < out.length; i++) out[i]! *= factor;
  return columnMajor ? new Tensor(out, [n, m], dtype, [1, n]) : fromValues(out, [n, m], dtype);
}


/**
 * `beta * self + alpha * (mat1 @ mat2)`, saving its matrices as MmBackward0 does.
 */
export class AddmmBackward0 extends MatrixProductBackward {
  readonly #alpha: number;
  readonly #beta: number;
  readonly #mat1Cols: number;
  readonly #columnMajor: [boolean, boolean];

  constructor(mat1: Tensor, mat2: Tensor, beta: number, alpha: number) {
    super();
    this.#alpha = alpha;
    this.#beta = beta;
    this.#mat1Cols = mat1.shape[1]!;
    this.#columnMajor = [isColumnMajor(mat1), isColumnMajor(mat2)];
    this.saveNumber('alpha', alpha);
    this.saveNumber('beta', beta);
    this.saveOperands('mat1', mat1, 'mat2', mat2);
  }

  name(): string {
    return 'AddmmBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    // The engine sums the gradient of `self` back from the output's shape to the bias's.
    const gradSelf = this.#beta === 1 ? grad : grad.mul(this.#beta);
    const g = matrixOf(grad);
    return [
      this.needsInputGrad(0) ? gradSelf : null,
      // alpha * grad @ mat2^T and alpha * mat1^T @ grad
      this.needsInputGrad(1) ? product(g, transposed(matrixOf(this.savedTensor('mat2'))), grad.shape[0]!, grad.shape[1]!, this.#mat1Cols, this.#alpha, grad.dtype, this.#columnMajor[0]) : null,
      this.needsInputGrad(2) ? product(transposed(matrixOf(this.savedTensor('mat1'))), g, this.#mat1Cols, grad.shape[0]!, grad.shape[1]!, this.#alpha, grad.dtype, this.#columnMajor[1]) : null,
    ];
  }
}

/** `torch.addmm(self, mat1, mat2, beta=, alpha=)`: what `nn.Linear` runs on a batch of rows. */
export function addmm(self: Tensor, mat1: Tensor, mat2: Tensor, options: { beta?: number; alpha?: number } = {}): Tensor {
  const { beta = 1, alpha = 1 } = options;
  if (mat1.ndim !== 2) throw new RuntimeError(`mat1 must be a matrix, got ${mat1.ndim}-D tensor`);
  if (mat2.ndim !== 2) throw new RuntimeError(`mat2 must be a matrix, got ${mat2.ndim}-D tensor`);
  if (self.dtype !== mat2.dtype) throw new RuntimeError('self and mat2 must have the same dtype');
  if (mat1.dtype !== mat2.dtype) throw new RuntimeError('mat1 and mat2 must have the same dtype');
  const [n, k] = mat1.shape as [number, number];
  const [k2, m] = mat2.shape as [number, number];
  if (k !== k2) throw new RuntimeError(`mat1 and mat2 shapes cannot be multiplied (${n}x${k} and ${k2}x${m})`);
  // Expanding a detached copy raises PyTorch's message for a bias that does not broadcast.
  if (!isExpandableTo(self.shape, [n, m])) expand(self.detach(), [n, m]);
  const out = allocate(mat1.dtype, n * m);
  gemm(out, 0, matrixOf(mat1), matrixOf(mat2), n, k, m);
  if (beta === 1 && alpha === 1) {
    // bias + product, with the bias read in place through its broadcast strides.
    binaryInto('add', out, [n, m], operandOf(self, [n, m]), { values: out, offset: 0, strides: [m, 1] });
  } else {
    const bias = broadcastValues(self, [n, m]);
    for (let i = 0; i < out.length; i++) out[i] = (beta === 0 ? 0 : beta * bias[i]!) + alpha * out[i]!;
  }
  return recordOp('addmm', [self, mat1, mat2], fromValues(out, [n, m], mat1.dtype), () => new AddmmBackward0(mat1, mat2, beta, alpha));
}
