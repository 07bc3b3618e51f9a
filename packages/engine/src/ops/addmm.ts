import { Node } from '../autograd/node.js';
import { allocate, scalarTypeName } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { isExpandableTo } from '../shape.js';
import type { SavedScalar } from '../snapshot/schema.js';
import type { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';
import { matmulValues, mm } from './linalg.js';
import { recordOp } from './record.js';
import { expand } from './shape-ops.js';
import { broadcastValues, contiguousValues } from './strided.js';

/** A Python number as PyTorch saves it: an int when whole, else a float. */
function scalar(value: number): SavedScalar {
  return { type: Number.isInteger(value) ? 'int' : 'float', value };
}

/**
 * `beta * self + alpha * (mat1 @ mat2)`. Like MmBackward0, each matrix is saved only when the
 * other needs its gradient, and a matrix's strides only when it needs its own.
 */
export class AddmmBackward0 extends Node {
  readonly #alpha: number;
  readonly #beta: number;

  constructor(mat1: Tensor, mat2: Tensor, beta: number, alpha: number) {
    super();
    this.#alpha = alpha;
    this.#beta = beta;
    this.saveValue('alpha', scalar(alpha));
    this.saveValue('beta', scalar(beta));
    if (mat2.requiresGrad) this.saveTensor('mat1', mat1);
    else this.saveNone('mat1');
    this.saveInts('mat1_sym_sizes', mat1.shape);
    this.saveInts('mat1_sym_strides', mat1.requiresGrad ? mat1.stride() : []);
    if (mat1.requiresGrad) this.saveTensor('mat2', mat2);
    else this.saveNone('mat2');
    this.saveInts('mat2_sym_sizes', mat2.shape);
    this.saveInts('mat2_sym_strides', mat2.requiresGrad ? mat2.stride() : []);
  }

  name(): string {
    return 'AddmmBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const scaled = (t: Tensor, factor: number) => (factor === 1 ? t : t.mul(factor));
    // The engine sums the gradient of `self` back from the output's shape to the bias's.
    return [
      this.needsInputGrad(0) ? scaled(grad, this.#beta) : null,
      this.needsInputGrad(1) ? scaled(mm(grad, this.savedTensor('mat2').t()), this.#alpha) : null,
      this.needsInputGrad(2) ? scaled(mm(this.savedTensor('mat1').t(), grad), this.#alpha) : null,
    ];
  }
}

/** `torch.addmm(self, mat1, mat2, beta=, alpha=)`: what `nn.Linear` runs on a batch of rows. */
export function addmm(self: Tensor, mat1: Tensor, mat2: Tensor, options: { beta?: number; alpha?: number } = {}): Tensor {
  const { beta = 1, alpha = 1 } = options;
  if (mat1.ndim !== 2) throw new RuntimeError(`mat1 must be a matrix, got ${mat1.ndim}-D tensor`);
  if (mat2.ndim !== 2) throw new RuntimeError(`mat2 must be a matrix, got ${mat2.ndim}-D tensor`);
  const [n, k] = mat1.shape as [number, number];
  const [k2, m] = mat2.shape as [number, number];
  if (k !== k2) throw new RuntimeError(`mat1 and mat2 shapes cannot be multiplied (${n}x${k} and ${k2}x${m})`);
  for (const t of [self, mat2]) {
    if (t.dtype !== mat1.dtype) throw new RuntimeError(`expected scalar type ${scalarTypeName(mat1.dtype)} but found ${scalarTypeName(t.dtype)}`);
  }
  // Expanding a detached copy raises PyTorch's message for a bias that does not broadcast.
  if (!isExpandableTo(self.shape, [n, m])) expand(self.detach(), [n, m]);
  const product = matmulValues(contiguousValues(mat1), contiguousValues(mat2), n, k, m, 'float64');
  const bias = broadcastValues(self, [n, m]);
  const out = allocate(mat1.dtype, n * m);
  for (let i = 0; i < out.length; i++) out[i] = (beta === 0 ? 0 : beta * bias[i]!) + alpha * product[i]!;
  return recordOp('addmm', [self, mat1, mat2], fromValues(out, [n, m], mat1.dtype), () => new AddmmBackward0(mat1, mat2, beta, alpha));
}
