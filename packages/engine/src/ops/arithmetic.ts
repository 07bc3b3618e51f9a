import { Node } from '../autograd/node.js';
import { allocate, type DType, isFloatingPoint } from '../dtype.js';
import { RuntimeError, argumentTypeError, describeValue, readOptions } from '../errors.js';
import { sameShape } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { binary, floatResultType, resultTypeOf, unary, wrapNumber, zip } from './kernels.js';
import { recordOp } from './record.js';

/** A tensor operand: JS numbers become PyTorch's wrapped numbers. */
export function operand(value: TensorLike, op: string, argument = 'other'): Tensor {
  if (value instanceof Tensor) return value;
  if (typeof value === 'number') return wrapNumber(value);
  throw new TypeError(`${op}(): argument '${argument}' must be a Tensor or a number, got ${describeValue(value)}`);
}

/** The `{ alpha }` options of add, sub and rsub (and of add_ and sub_): a number, 1 when not given. */
export function alphaOption(options: unknown, op: string): number {
  const { alpha = 1 } = readOptions(options, `${op}()`, ['alpha'], '{ alpha: 2 }');
  if (typeof alpha !== 'number') throw argumentTypeError(`${op}()`, 'alpha', 'Number', alpha);
  return alpha;
}

// ---- add / sub / rsub ------------------------------------------------------------------------

/** Nodes of `add`, `sub` and `rsub`: they save only `alpha`, the factor on the second operand. */
abstract class AlphaBackward extends Node {
  protected readonly alpha: number;

  constructor(alpha: number) {
    super();
    this.alpha = alpha;
    this.saveNumber('alpha', alpha);
  }
}

export class AddBackward0 extends AlphaBackward {
  name(): string {
    return 'AddBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [grad, this.needsInputGrad(1) ? (this.alpha === 1 ? grad : grad.mul(this.alpha)) : null];
  }
}

export class SubBackward0 extends AlphaBackward {
  name(): string {
    return 'SubBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [grad, this.needsInputGrad(1) ? grad.mul(-this.alpha) : null];
  }
}

/** `rsub(self, other) = other - alpha * self`: a tensor `other` is RsubBackward0, a number RsubBackward1. */
export class RsubBackward extends AlphaBackward {
  readonly #scalarOther: boolean;

  constructor(alpha: number, scalarOther: boolean) {
    super(alpha);
    this.#scalarOther = scalarOther;
  }

  name(): string {
    return this.#scalarOther ? 'RsubBackward1' : 'RsubBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const self = this.needsInputGrad(0) ? grad.mul(-this.alpha) : null;
    return this.#scalarOther ? [self] : [self, grad];
  }
}

export function add(a: Tensor, b: TensorLike, options?: { alpha?: number }): Tensor {
  const alpha = alphaOption(options, 'add');
  const other = operand(b, 'add');
  const dtype = resultTypeOf(a, other);
  const out = binary('add', a, other, dtype, alpha);
  return recordOp('add', [a, other], out, () => new AddBackward0(alpha));
}

/** PyTorch's `sub_check`: no subtraction with a bool tensor. */
export function checkSubtraction(a: Tensor, other: Tensor): void {
  if (a.dtype === 'bool' && other.dtype === 'bool') {
    throw new RuntimeError('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
  }
  if (a.dtype === 'bool' || other.dtype === 'bool') {
    throw new RuntimeError(
      'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    );
  }
}

export function sub(a: Tensor, b: TensorLike, options?: { alpha?: number }): Tensor {
  const alpha = alphaOption(options, 'sub');
  const other = operand(b, 'sub');
  checkSubtraction(a, other);
  const out = binary('sub', a, other, resultTypeOf(a, other), alpha);
  return recordOp('sub', [a, other], out, () => new SubBackward0(alpha));
}

/** `other - alpha * self`; Python's `1 - b` is `rsub(b, 1)`. */
export function rsub(a: Tensor, b: TensorLike, options?: { alpha?: number }): Tensor {
  const alpha = alphaOption(options, 'rsub');
  const other = operand(b, 'rsub');
  checkSubtraction(a, other);
  const out = binary('rsub', a, other, resultTypeOf(a, other), alpha);
  // With a number, PyTorch's rsub.Scalar has one input: the number is not an edge.
  const inputs = typeof b === 'number' ? [a] : [a, other];
  return recordOp('rsub', inputs, out, () => new RsubBackward(alpha, typeof b === 'number'));
}

// ---- mul / div --------------------------------------------------------------------------------

export class MulBackward0 extends Node {
  /** `needsGrad`: which inputs need a gradient (in-place ops pass a copy of self, so they say it). */
  constructor(self: Tensor, other: Tensor, needsGrad = [self.requiresGrad, other.requiresGrad]) {
    super();
    // Each factor is needed only for the other's gradient.
    if (needsGrad[0]) this.saveTensor('other', other);
    else this.saveNone('other');
    if (needsGrad[1]) this.saveTensor('self', self);
    else this.saveNone('self');
  }

  name(): string {
    return 'MulBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [
      this.needsInputGrad(0) ? grad.mul(this.savedTensor('other')) : null,
      this.needsInputGrad(1) ? grad.mul(this.savedTensor('self')) : null,
    ];
  }
}

export function mul(a: Tensor, b: TensorLike): Tensor {
  const other = operand(b, 'mul');
  const out = binary('mul', a, other, resultTypeOf(a, other));
  return recordOp('mul', [a, other], out, () => new MulBackward0(a, other));
}

export class DivBackward0 extends Node {
  constructor(self: Tensor, other: Tensor, otherNeedsGrad = other.requiresGrad) {
    super();
    this.saveTensor('other', other);
    if (otherNeedsGrad) this.saveTensor('self', self);
    else this.saveNone('self');
  }

  name(): string {
    return 'DivBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const other = this.savedTensor('other');
    return [
      this.needsInputGrad(0) ? grad.div(other) : null,
      this.needsInputGrad(1) ? grad.neg().mul(this.savedTensor('self')).div(other.mul(other)) : null,
    ];
  }
}

/** True division: integer operands give a float result, as in PyTorch. */
export function div(a: Tensor, b: TensorLike): Tensor {
  const other = operand(b, 'div');
  const promoted = resultTypeOf(a, other);
  const dtype = isFloatingPoint(promoted) ? promoted : 'float32';
  const out = binary('div', a, other, dtype);
  return recordOp('div', [a, other], out, () => new DivBackward0(a, other));
}

// ---- neg / reciprocal ------------------------------------------------------------------------

export class NegBackward0 extends Node {
  name(): string {
    return 'NegBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [grad.neg()];
  }
}

export function neg(a: Tensor): Tensor {
  if (a.dtype === 'bool') {
    throw new RuntimeError(
      'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    );
  }
  return recordOp('neg', [a], unary('neg', a, a.dtype), () => new NegBackward0());
}

export class ReciprocalBackward0 extends Node {
  constructor(result: Tensor) {
    super();
    this.saveOutput('result', result);
  }

  name(): string {
    return 'ReciprocalBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const result = this.savedTensor('result');
    return [grad.neg().mul(result).mul(result)];
  }
}

export function reciprocal(a: Tensor): Tensor {
  const out = unary('reciprocal', a, floatResultType(a));
  return recordOp('reciprocal', [a], out, (result) => new ReciprocalBackward0(result));
}

// ---- pow ---------------------------------------------------------------------------------------

/** `self ** exponent` with a number exponent. */
export class PowBackward0 extends Node {
  readonly #exponent: number;

  constructor(self: Tensor, exponent: number) {
    super();
    this.#exponent = exponent;
    this.saveNumber('exponent', exponent);
    this.saveTensor('self', self);
  }

  name(): string {
    return 'PowBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const p = this.#exponent;
    const self = this.savedTensor('self');
    if (p === 0) return [grad.mul(0)];
    // One pass for grad * (self ** (p - 1) * p) when nothing is promoted on the way.
    if (grad.dtype === self.dtype && isFloatingPoint(grad.dtype) && sameShape(grad.shape, self.shape)) {
      return [binary('powBackward', grad, self, grad.dtype, p)];
    }
    return [grad.mul(self.pow(p - 1).mul(p))];
  }
}

/** `self ** exponent` with a tensor exponent (a number base is wrapped as `self`). */
export class PowBackward1 extends Node {
  constructor(self: Tensor, exponent: Tensor, result: Tensor) {
    super();
    this.saveTensor('exponent', exponent);
    this.saveOutput('result', result);
    this.saveTensor('self', self);
  }

  name(): string {
    return 'PowBackward1';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const self = this.savedTensor('self');
    const exponent = this.savedTensor('exponent');
    const result = this.savedTensor('result');
    // d/dself: exponent * self^(exponent-1), 0 where exponent is 0.
    const dSelf = this.needsInputGrad(0)
      ? grad.mul(zip(self, exponent, grad.dtype, (s, e) => (e === 0 ? 0 : e * s ** (e - 1))))
      : null;
    // d/dexponent: result * log(self), 0 where self is 0 and exponent >= 0.
    const logTerm = zip(self, exponent, grad.dtype, (s, e) => (s === 0 && e >= 0 ? 0 : Math.log(s)));
    const dExponent = this.needsInputGrad(1) ? grad.mul(result.mul(logTerm)) : null;
    return [dSelf, dExponent];
  }
}

export function pow(a: TensorLike, b: TensorLike): Tensor {
  if (typeof b === 'number' && a instanceof Tensor) {
    if (a.dtype === 'int64' && b < 0 && Number.isInteger(b)) {
      throw new RuntimeError('Integers to negative integer powers are not allowed.');
    }
    const dtype = resultTypeOf(a, wrapNumber(b));
    const out = unary('pow', a, dtype, b);
    return recordOp('pow', [a], out, () => new PowBackward0(a, b));
  }
  const exponent = operand(b, 'pow', 'exponent');
  const self = a instanceof Tensor ? a : operand(a, 'pow', 'self');
  const dtype = resultTypeOf(self, exponent);
  const base = self._wrappedNumber ? castWrapped(self, dtype) : self;
  const out = binary('pow', base, exponent, dtype);
  return recordOp('pow', [base, exponent], out, (result) => new PowBackward1(base, exponent, result));
}

/** PyTorch turns a number base of `pow` into a tensor of the result dtype. */
function castWrapped(t: Tensor, dtype: DType): Tensor {
  const values = allocate(dtype, 1);
  values[0] = t._storage[0]!;
  const cast = new Tensor(values, [], dtype);
  cast._wrappedNumber = true;
  cast._origin = t._origin;
  return cast;
}
