import { Node } from '../autograd/node.js';
import { allocate, scalarTypeName } from '../dtype.js';
import { gemm, type MatrixView, matrixOf, transposed } from '../kernels/gemm.js';
import { RuntimeError, describeValue } from '../errors.js';
import { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';
import { recordOp } from './record.js';
import { bmm } from './bmm.js';
import { squeeze, unsafeView } from './shape-ops.js';
import { broadcastShapes } from '../shape.js';

function checkTensor(value: unknown, op: string, argument: string): Tensor {
  if (value instanceof Tensor) return value;
  throw new TypeError(`${op}(): argument '${argument}' must be a Tensor, got ${describeValue(value)}`);
}

/** A 1-D tensor read in place as a k x 1 column. */
function columnOf(t: Tensor): MatrixView {
  return { values: t._storage, offset: t._offset, rowStride: t._strides[0]!, colStride: 0 };
}

/** `a @ b` read through strides (a transposed operand needs no copy). */
function product(a: Tensor, b: Tensor, shape: number[]): Tensor {
  if (a.dtype !== b.dtype) {
    throw new RuntimeError(
      shape.length === 0
        ? `dot : expected both vectors to have same dtype, but found ${scalarTypeName(a.dtype)} and ${scalarTypeName(b.dtype)}`
        : `expected scalar type ${scalarTypeName(a.dtype)} but found ${scalarTypeName(b.dtype)}`,
    );
  }
  const left = a.ndim === 2 ? matrixOf(a) : transposed(columnOf(a));
  const right = b.ndim === 2 ? matrixOf(b) : columnOf(b);
  const [n, k] = a.ndim === 2 ? (a.shape as [number, number]) : [1, a.shape[0]!];
  const m = b.ndim === 2 ? b.shape[1]! : 1;
  const out = allocate(a.dtype, n * m);
  gemm(out, 0, left, right, n, k, m);
  return fromValues(out, shape, a.dtype);
}

/** PyTorch's test for a column-major matrix (a transposed contiguous one), whose gradient is made column-major too. */
export function isColumnMajor(t: Tensor): boolean {
  return t._strides[0] === 1 && t._strides[1] === t.shape[0];
}

/**
 * Backward of a matrix product `first @ second`: as PyTorch does, each matrix is saved only when
 * the other needs its gradient, its sizes always, and its strides only when it needs its own.
 */
export abstract class MatrixProductBackward extends Node {
  protected saveOperands(firstName: string, first: Tensor, secondName: string, second: Tensor): void {
    for (const [name, t, other] of [
      [firstName, first, second],
      [secondName, second, first],
    ] as const) {
      if (other.requiresGrad) this.saveTensor(name, t);
      else this.saveNone(name);
      this.saveInts(`${name}_sym_sizes`, t.shape);
      this.saveInts(`${name}_sym_strides`, t.requiresGrad ? t.stride() : []);
    }
  }
}

/** `self @ mat2` for matrices. */
export class MmBackward0 extends MatrixProductBackward {
  readonly #columnMajor: [boolean, boolean];

  constructor(self: Tensor, mat2: Tensor) {
    super();
    this.saveOperands('self', self, 'mat2', mat2);
    this.#columnMajor = [isColumnMajor(self), isColumnMajor(mat2)];
  }

  name(): string {
    return 'MmBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    // A column-major input gets a column-major gradient, as PyTorch's mm_mat1/mat2_backward make it.
    const mat2 = this.needsInputGrad(0) ? this.savedTensor('mat2') : null;
    const self = this.needsInputGrad(1) ? this.savedTensor('self') : null;
    return [
      mat2 && (this.#columnMajor[0] ? mm(mat2, grad.t()).t() : mm(grad, mat2.t())),
      self && (this.#columnMajor[1] ? mm(grad.t(), self).t() : mm(self.t(), grad)),
    ];
  }
}

export function mm(a: Tensor, b: Tensor): Tensor {
  checkTensor(b, 'mm', 'mat2');
  if (a.ndim !== 2) throw new RuntimeError('self must be a matrix');
  if (b.ndim !== 2) throw new RuntimeError('mat2 must be a matrix');
  const [n, k] = a.shape as [number, number];
  const [k2, m] = b.shape as [number, number];
  if (k !== k2) throw new RuntimeError(`mat1 and mat2 shapes cannot be multiplied (${n}x${k} and ${k2}x${m})`);
  return recordOp('mm', [a, b], product(a, b, [n, m]), () => new MmBackward0(a, b));
}

export class MvBackward0 extends Node {
  constructor(self: Tensor, vec: Tensor) {
    super();
    this.saveTensorIf('self', self, vec.requiresGrad);
    this.saveTensorIf('vec', vec, self.requiresGrad);
  }


  name(): string {
    return 'MvBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [
      this.needsInputGrad(0) ? grad.unsqueeze(1).mm(this.savedTensor('vec').unsqueeze(0)) : null,
      this.needsInputGrad(1) ? this.savedTensor('self').t().mm(grad.unsqueeze(1)).squeeze(1) : null,
    ];
  }
}

export class DotBackward0 extends Node {
  constructor(self: Tensor, tensor: Tensor) {
    super();
    this.saveTensorIf('self', self, tensor.requiresGrad);
    this.saveTensorIf('tensor', tensor, self.requiresGrad);
  }


  name(): string {
    return 'DotBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [
      this.needsInputGrad(0) ? this.savedTensor('tensor').mul(grad) : null,
      this.needsInputGrad(1) ? this.savedTensor('self').mul(grad) : null,
    ];
  }
}

/**
 * PyTorch 1.13's `should_fold`: a >= 3-D operand times a 1-D or 2-D one folds its batch into the
 * rows of one mm, unless it is 3-D with its last two dims transposed (then bmm is used).
 */
function shouldFold(t1: Tensor, dim2: number): boolean {
  if (t1.ndim < 3 || (dim2 !== 1 && dim2 !== 2)) return false;
  const s = t1.stride();
  return !(t1.ndim === 3 && dim2 === 2 && s[2] !== 1 && s[0] === t1.shape[1]! * t1.shape[2]!);
}

/** The folded case: one mm (or mv) over the flattened batch, `_unsafe_view` back, as 1.13 builds it. */
function foldedMatmul(a: Tensor, b: Tensor): Tensor {
  const transpose = b.ndim > a.ndim;
  const t1 = transpose ? b.transpose(-1, -2) : a;
  const t2 = !transpose ? b : a.ndim === 2 ? a.t() : a;
  const outputShape = t1.shape.slice(0, -1);
  const rows = outputShape.reduce((x, y) => x * y, 1);
  const folded = t1.reshape(rows, t1.shape.at(-1)!);
  if (t2.ndim === 2) {
    const output = unsafeView(folded.mm(t2), [...outputShape, t2.shape[1]!]);
    return transpose ? output.transpose(-1, -2).contiguous() : output;
  }
  return unsafeView(folded.matmul(t2), outputShape);
}

/** The batched case: both operands expanded to the broadcast batch, reshaped to 3-D, one bmm, `_unsafe_view` back. */
function batchedMatmul(a: Tensor, b: Tensor): Tensor {
  const n = a.ndim > 1 ? a.shape.at(-2)! : 1;
  const m1 = a.shape.at(-1)!;
  const m2 = b.ndim > 1 ? b.shape.at(-2)! : b.shape[0]!;
  const p = b.ndim > 1 ? b.shape.at(-1)! : 1;
  const batch = broadcastShapes(a.shape.slice(0, Math.max(a.ndim - 2, 0)), b.shape.slice(0, Math.max(b.ndim - 2, 0)));
  const count = batch.reduce((x, y) => x * y, 1);
  const left = a.expand([...batch, n, m1]).reshape(count, n, m1);
  const right = b.expand([...batch, m2, p]).reshape(count, m2, p);
  return unsafeView(bmm(left, right), [...batch, ...(a.ndim > 1 ? [n] : []), ...(b.ndim > 1 ? [p] : [])]);
}

/** `torch.matmul`: dot, mv, mm, or for more dims a folded mm or a broadcast bmm, with the graph PyTorch 1.13 builds for each case. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor(b, 'matmul', 'other');
  if (a.ndim === 0 || b.ndim === 0) {
    throw new RuntimeError(`both arguments to matmul need to be at least 1D, but they are ${a.ndim}D and ${b.ndim}D`);
  }
  if (a.ndim === 2 && b.ndim === 2) return mm(a, b);
  if (a.ndim === 1 && b.ndim === 1) {
    if (a.shape[0] !== b.shape[0]) {
      throw new RuntimeError(
        `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`,
      );
    }
    return recordOp('dot', [a, b], product(a, b, []), () => new DotBackward0(a, b));
  }
  if (a.ndim === 2 && b.ndim === 1) {
    const [n, k] = a.shape as [number, number];
    if (k !== b.shape[0]) throw new RuntimeError(`size mismatch, got ${n}, ${n}x${k},${b.shape[0]}`);
    return recordOp('mv', [a, b], product(a, b, [n]), () => new MvBackward0(a, b));
  }
  // PyTorch squeezes the product in place, hence SqueezeBackward3.
  if (a.ndim === 1 && b.ndim === 2) return squeeze(mm(a.unsqueeze(0), b), 0, 'SqueezeBackward3');
  if (shouldFold(a, b.ndim) || shouldFold(b, a.ndim)) return foldedMatmul(a, b);
  return batchedMatmul(a, b);
}
