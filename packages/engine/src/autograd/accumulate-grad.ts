import { RuntimeError } from '../errors.js';
import { binaryInto } from '../kernels/elementwise.js';
import { operandOf } from '../ops/strided.js';
import { currentBackwardCall } from '../provenance.js';
import { sameShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { Node } from './node.js';

/** The leaves that require grad behind `root` (iteratively, at most `limit` nodes walked), in the order reached. */
export function leavesBehind(root: Node, limit: number): Tensor[] {
  const leaves: Tensor[] = [];
  const seen = new Set([root]);
  const stack = [root];
  while (stack.length > 0 && seen.size < limit) {
    const node = stack.pop()!;
    if (node instanceof AccumulateGrad) leaves.push(node.variable);
    for (const [next] of node.nextFunctions) {
      if (next !== null && !seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return leaves;
}

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
  const before = tensor._grad;
  if (before === null) tensor._grad = grad.clone();
  else if (!tensor.isLeaf) tensor._grad = before.add(grad);
  else if (before.dtype === grad.dtype && before.isContiguous() && !before.requiresGrad && sameShape(before.shape, grad.shape)) {
    // What `add_` does here, without its checks: the sum is written straight into `.grad`.
    const out = before._storage.subarray(before._offset, before._offset + before.numel());
    binaryInto('add', out, before.shape, operandOf(before), operandOf(grad));
    before._version.value++;
  } else before.add_(grad);
  if (tensor.isLeaf) noteAccumulation(tensor, before);
}

/**
 * Counts the `backward()` calls summed in a leaf's `.grad`: one when it was empty or has been
 * changed (zeroed) since the last count, one more otherwise — gradients piling up across steps.
 */
function noteAccumulation(leaf: Tensor, before: Tensor | null): void {
  const last = leaf._gradAccumulation;
  const grad = leaf._grad!;
  let backwards = 1;
  // A grad this engine did not count (set by the user) that was never changed in place holds one earlier gradient.
  if (before !== null) backwards = last !== undefined && last.grad === before ? (last.version === before._version.value - 1 ? last.backwards + 1 : 1) : before._version.value === 1 ? 2 : 1;
  leaf._gradAccumulation = { backwards, source: currentBackwardCall()?.source, grad, version: grad._version.value };
}
