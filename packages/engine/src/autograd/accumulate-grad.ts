import { RuntimeError } from '../errors.js';
import { binaryInto } from '../kernels/elementwise.js';
import { operandOf } from '../ops/strided.js';
import { sameShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { Node } from './node.js';

/** The node that ends every path to a leaf: it adds the incoming gradient into `leaf.grad`. */
export class AccumulateGrad extends Node {
  readonly variable: Tensor;

  constructor(variable: Tensor) {
    super();
    this.variable = variable;
  }

  name(): string {
    return 'AccumulateGrad';
  }

  apply(gradOutput: Tensor): (Tensor | null)[] {
    // The leaf got a gradFn since this node was recorded (an in-place op after requiresGrad_(false)).
    if (this.variable.gradFn !== null) throw new RuntimeError('leaf variable has been moved into the graph interior');
    accumulateInto(this.variable, gradOutput);
    return [];
  }
}

/**
 * `.grad = grad` the first time, then as PyTorch 1.13 accumulates: in place for a leaf,
 * `grad = grad + new` for a non-leaf that retains its gradient.
 */
export function accumulateInto(tensor: Tensor, grad: Tensor): void {
  const existing = tensor._grad;
  if (existing === null) tensor._grad = grad.clone();
  else if (!tensor.isLeaf) tensor._grad = existing.add(grad);
  else if (existing.dtype === grad.dtype && existing.isContiguous() && !existing.requiresGrad && sameShape(existing.shape, grad.shape)) {
    // What `add_` does here, without its checks: the sum is written straight into `.grad`.
    const out = existing._storage.subarray(existing._offset, existing._offset + existing.numel());
    binaryInto('add', out, existing.shape, operandOf(existing), operandOf(grad));
    existing._version.value++;
  } else existing.add_(grad);
}
