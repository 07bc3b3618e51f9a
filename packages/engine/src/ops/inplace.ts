import { isGradEnabled } from '../autograd/grad-mode.js';
import { Node } from '../autograd/node.js';
import { allocate, castValue, type DType, isFloatingPoint, scalarTypeName } from '../dtype.js';
import { assignInto, type BinaryOp, binaryInto } from '../kernels/elementwise.js';
import { RuntimeError } from '../errors.js';
import { isRecordingProvenance } from '../provenance.js';
import { broadcastShapes, sameShape } from '../shape.js';
import type { Tensor, TensorLike } from '../tensor.js';
import { AddBackward0, DivBackward0, MulBackward0, SubBackward0, alphaOption, operand } from './arithmetic.js';
import { binary, fromValues, operandIn, resultTypeOf, zip } from './kernels.js';
import { connectInPlace } from './copy-slices.js';
import { cutSourcesOf, noteInPlace } from './record.js';
import { sumTo } from './reduction.js';
import { contiguousValues, operandOf } from './strided.js';

export const LEAF_INPLACE_MESSAGE = 'a leaf Variable that requires grad is being used in an in-place operation.';
export const VIEW_OF_LEAF_INPLACE_MESSAGE = 'a view of a leaf Variable that requires grad is being used in an in-place operation.';

/** Refuses what PyTorch refuses (its `check_inplace`), before anything is written; says whether the op is recorded. */
export function checkInPlace(self: Tensor, others: readonly Tensor[]): boolean {
  const recording = isGradEnabled() && (self.requiresGrad || others.some((t) => t.requiresGrad));
  if (recording && self._base !== null && self._multiOutputView) {
    const fn = self.gradFn;
    throw new RuntimeError(
      `Output ${self._outputNr} of ${fn?.name() ?? 'a function'} is a view and is being modified inplace. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.`,
    );
  }
  if (isGradEnabled() && self.requiresGrad && self._base !== null && self._base.isLeaf && self._base._requiresGrad) {
    throw new RuntimeError(VIEW_OF_LEAF_INPLACE_MESSAGE);
  }
  if (isGradEnabled() && self.isLeaf && self._requiresGrad) throw new RuntimeError(LEAF_INPLACE_MESSAGE);
  return recording;
}

/**
 * A change made without a graph still carries what its new values came from (provenance, for the
 * diagnosis): `from` lists the tensors they were computed from (self too, unless overwritten).
 */
export function recordCutSources(self: Tensor, from: readonly Tensor[], op: string): void {
  noteInPlace(self, op);
  // A tensor that requires grad keeps its own chain; noGrad updates of it (optimizer steps) cut nothing downstream.
  if (isRecordingProvenance() && !self.requiresGrad) self._cutSources = cutSourcesOf(from, self);
}

/** PyTorch's checks before writing values of `shape` into `self`. */
function checkWritable(self: Tensor, shape: readonly number[]): void {
  if (self.shape.some((size, d) => size > 1 && self._strides[d] === 0)) {
    throw new RuntimeError(
      'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.',
    );
  }
  if (!sameShape(shape, self.shape)) {
    throw new RuntimeError(`output with shape [${self.shape.join(', ')}] doesn't match the broadcast shape [${shape.join(', ')}]`);
  }
}

/** Writes `values` (laid out row-major) into `self`'s elements and bumps its version. */
export function writeInto(self: Tensor, values: Tensor): void {
  checkWritable(self, values.shape);
  if (self.isContiguous()) self._storage.set(contiguousValues(values), self._offset);
  else assignInto(operandOf(self), self.shape, operandOf(values));
  self._version.value++;
}

function checkCastable(computed: DType, self: Tensor): void {
  if (isFloatingPoint(computed) && !isFloatingPoint(self.dtype)) {
    throw new RuntimeError(`result type ${scalarTypeName(computed)} can't be cast to the desired output type ${scalarTypeName(self.dtype)}`);
  }
}

/** An in-place binary op: writes `f(self, other)` into self and, when recording, makes self's new `gradFn`. */
function binaryInPlace(
  op: string,
  self: Tensor,
  value: TensorLike,
  kernel: { op: BinaryOp; alpha?: number },
  makeNode: (originalSelf: Tensor, other: Tensor) => Node,
): Tensor {
  const other = operand(value, op);
  const recording = checkInPlace(self, [other]);
  const computed = resultTypeOf(self, other);
  checkCastable(op === 'div_' && !isFloatingPoint(computed) ? 'float32' : computed, self);
  // A node that saves self needs its value from before the write: a copy outside the graph.
  const node = recording ? makeNode(other.requiresGrad ? self.detach().clone() : self, other) : null;
  const shape = broadcastShapes(self.shape, other.shape);
  if (self.isContiguous() && other._storage !== self._storage && self.dtype !== 'bool') {
    // Straight into self's storage: each element is read before it is written.
    checkWritable(self, shape);
    const out = self._storage.subarray(self._offset, self._offset + self.numel());
    binaryInto(kernel.op, out, shape, operandIn(self, computed, shape), operandIn(other, computed, shape), kernel.alpha);
    self._version.value++;
  } else writeInto(self, binary(kernel.op, self, other, self.dtype, kernel.alpha, computed));
  if (node) connectInPlace(node, [self, other], self, op);
  else recordCutSources(self, [self, other], op);
  return self;
}

export function add_<T extends Tensor>(self: T, other: TensorLike, options?: { alpha?: number }): T {
  const alpha = alphaOption(options, 'add_');
  return binaryInPlace('add_', self, other, { op: 'add', alpha }, () => new AddBackward0(alpha)) as T;
}

export function sub_<T extends Tensor>(self: T, other: TensorLike, options?: { alpha?: number }): T {
  const alpha = alphaOption(options, 'sub_');
  return binaryInPlace('sub_', self, other, { op: 'sub', alpha }, () => new SubBackward0(alpha)) as T;
}

export function mul_<T extends Tensor>(self: T, other: TensorLike): T {
  return binaryInPlace('mul_', self, other, { op: 'mul' }, (s, o) => new MulBackward0(s, o, [self.requiresGrad, o.requiresGrad])) as T;
}

export function div_<T extends Tensor>(self: T, other: TensorLike): T {
  return binaryInPlace('div_', self, other, { op: 'div' }, (s, o) => new DivBackward0(s, o, o.requiresGrad)) as T;
}

/** Backward of ops whose gradient is zero (an overwrite with a constant, a rounding): no gradient flows back. */
export class OverwriteBackward extends Node {
  readonly #name: string;

  constructor(name: string) {
    super();
    this.#name = name;
  }

  name(): string {
    return this.#name;
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [grad.mul(0)];
  }
}

function fillInPlace(op: string, nodeName: string, self: Tensor, value: number): Tensor {
  if (typeof value !== 'number') throw new TypeError(`${op}(): value must be a number, got ${typeof value}`);
  const recording = checkInPlace(self, []);
  const filled = castValue(value, self.dtype);
  if (self.isContiguous()) {
    self._storage.fill(filled, self._offset, self._offset + self.numel());
    self._version.value++;
  } else writeInto(self, fromValues(allocate(self.dtype, self.numel()).fill(filled), self.shape, self.dtype));
  if (recording) connectInPlace(new OverwriteBackward(nodeName), [self], self, op);
  else recordCutSources(self, [], op);
  return self;
}

export function zero_<T extends Tensor>(self: T): T {
  return fillInPlace('zero_', 'ZeroBackward0', self, 0) as T;
}

export function fill_<T extends Tensor>(self: T, value: number): T {
  return fillInPlace('fill_', 'FillBackward2', self, value) as T;
}

/** `fill_(value)` with a 0-dim tensor: the value's gradient is the sum of the incoming one. */
class FillBackward3 extends Node {
  name(): string {
    return 'FillBackward3';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [this.needsInputGrad(0) ? grad.mul(0) : null, this.needsInputGrad(1) ? grad.sum() : null];
  }
}

/** `x.fill_(value)` with a 0-dim tensor `value` (what `x[...] = v` does for a one-element v). */
export function fillWithTensor_<T extends Tensor>(self: T, value: Tensor): T {
  const recording = checkInPlace(self, [value]);
  writeInto(self, zip(self, value, self.dtype, (_, y) => y, 'float64'));
  if (recording) connectInPlace(new FillBackward3(), [self, value], self, 'fill_');
  else recordCutSources(self, [value], 'fill_');
  return self;
}

class CopyBackwards extends Node {
  readonly #src: { shape: readonly number[]; dtype: DType };

  constructor(src: Tensor) {
    super();
    this.#src = { shape: src.shape, dtype: src.dtype };
  }

  name(): string {
    return 'CopyBackwards';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [this.needsInputGrad(0) ? grad.mul(0) : null, this.needsInputGrad(1) ? sumTo(grad, this.#src.shape).to(this.#src.dtype) : null];
  }
}

/** Copies `src` (broadcast, converted to self's dtype) into self. */
export function copy_<T extends Tensor>(self: T, value: TensorLike): T {
  const src = operand(value, 'copy_', 'src');
  const recording = checkInPlace(self, [src]);
  const convert = self.dtype === 'int64' ? Math.trunc : (y: number) => y;
  writeInto(self, zip(self, src, self.dtype, (_, y) => convert(y), 'float64'));
  if (recording) connectInPlace(new CopyBackwards(src), [self, src], self, 'copy_');
  // Overwritten entirely: what self was computed from before no longer matters.
  else recordCutSources(self, [src], 'copy_');
  return self;
}

