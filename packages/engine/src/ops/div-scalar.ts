import { Node } from '../autograd/node.js';
import { castValue, isFloatingPoint } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { map } from './kernels.js';
import { recordOp } from './record.js';

/** Division by a C++ scalar (ATen's `div.Scalar`): the number is saved as `other`, not as an input. */
class DivBackward1 extends Node {
  readonly #other: number;

  constructor(other: number) {
    super();
    this.#other = other;
    this.saveNumber('other', other);
  }

  name(): string {
    return 'DivBackward1';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [grad.div(this.#other)];
  }
}

/**
 * `self / other` as ATen's C++ code divides by a number (PyTorch's own composite ops, such as
 * cross_entropy with class probabilities); Python's `x / 3` is `div` with a wrapped number instead.
 */
export function divScalar(self: Tensor, other: number): Tensor {
  const dtype = isFloatingPoint(self.dtype) ? self.dtype : 'float32';
  const divisor = castValue(other, dtype);
  return recordOp('div', [self], map(self, dtype, (x) => x / divisor), () => new DivBackward1(other));
}
