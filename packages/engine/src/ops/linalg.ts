import { Node } from '../autograd/node.js';
import { allocate, type DType, scalarTypeName } from '../dtype.js';
import { RuntimeError, describeValue } from '../errors.js';
import { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';
import { recordOp } from './record.js';
import { squeeze } from './shape-ops.js';
import { contiguousValues } from './strided.js';

function checkTensor(value: unknown, op: string, argument: string): Tensor {
  if (value instanceof Tensor) return value;
  throw new TypeError(`${op}(): argument '${argument}' must be a Tensor, got ${describeValue(value)}`);
}

/** Row-major (n x k) times (k x m), accumulated in float64. */
export function matmulValues(a: ArrayLike<number>, b: ArrayLike<number>, n: number, k: number, m: number, dtype: DType): Float32Array | Float64Array {
  const acc = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const row = i * m;
    for (let p = 0; p < k; p++) {
      const x = a[i * k + p]!;
      if (x === 0) continue;
      const col = p * m;
      for (let j = 0; j < m; j++) acc[row + j]! += x * b[col + j]!;
    }
  }
  const out = allocate(dtype, n * m);
  out.set(acc);
  return out;
}

function product(a: Tensor, b: Tensor, n: number, k: number, m: number, shape: number[]): Tensor {
  if (a.dtype !== b.dtype) {
    throw new RuntimeError(
      shape.length === 0
        ? `dot : expected both vectors to have same dtype, but found ${scalarTypeName(a.dtype)} and ${scalarTypeName(b.dtype)}`
        : `expected scalar type ${scalarTypeName(a.dtype)} but found ${scalarTypeName(b.dtype)}`,
    );
  }
  return fromValues(matmulValues(contiguousValues(a), contiguousValues(b), n, k, m, a.dtype), shape, a.dtype);
}

/** `self @ mat2` for matrices; saves what each gradient needs, as PyTorch's MmBackward0 does. */
export class MmBackward0 extends Node {
  constructor(self: Tensor, mat2: Tensor) {
    super();
    if (self.requiresGrad) this.saveTensor('mat2', mat2);
    else this.saveNone('mat2');
    this.saveInts('mat2_sym_sizes', mat2.shape);
    this.saveInts('mat2_sym_strides', mat2.requiresGrad ? mat2.stride() : []);
    if (mat2.requiresGrad) this.saveTensor('self', self);
    else this.saveNone('self');
    this.saveInts('self_sym_sizes', self.shape);
    this.saveInts('self_sym_strides', self.requiresGrad ? self.stride() : []);
  }

  name(): string {
    return 'MmBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [
      this.needsInputGrad(0) ? mm(grad, this.savedTensor('mat2').t()) : null,
      this.needsInputGrad(1) ? mm(this.savedTensor('self').t(), grad) : null,
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
  return recordOp('mm', [a, b], product(a, b, n, k, m, [n, m]), () => new MmBackward0(a, b));
}

export class MvBackward0 extends Node {
  constructor(self: Tensor, vec: Tensor) {
    super();
    this.saveTensor('self', self);
    this.saveTensor('vec', vec);
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
    this.saveTensor('self', self);
    this.saveTensor('tensor', tensor);
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

/** `torch.matmul` for 1-D and 2-D operands, with the graph PyTorch builds for each case. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor(b, 'matmul', 'other');
  if (a.ndim === 2 && b.ndim === 2) return mm(a, b);
  if (a.ndim === 1 && b.ndim === 1) {
    if (a.shape[0] !== b.shape[0]) {
      throw new RuntimeError(
        `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`,
      );
    }
    return recordOp('dot', [a, b], product(a, b, 1, a.shape[0]!, 1, []), () => new DotBackward0(a, b));
  }
  if (a.ndim === 2 && b.ndim === 1) {
    const [n, k] = a.shape as [number, number];
    if (k !== b.shape[0]) throw new RuntimeError(`size mismatch, got ${n}, ${n}x${k},${b.shape[0]}`);
    return recordOp('mv', [a, b], product(a, b, n, k, 1, [n]), () => new MvBackward0(a, b));
  }
  // PyTorch squeezes the product in place, hence SqueezeBackward3.
  if (a.ndim === 1 && b.ndim === 2) return squeeze(mm(a.unsqueeze(0), b), 0, 'SqueezeBackward3');
  throw new RuntimeError(
    `matmul(): gradviz supports 1-D and 2-D operands, got shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}]; reshape batched inputs to 2-D first`,
  );
}
