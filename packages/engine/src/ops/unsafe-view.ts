import { Node } from '../autograd/node.js';
import { RuntimeError } from '../errors.js';
import { numel, type Shape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { recordOp } from './record.js';

class UnsafeViewBackward0 extends Node {
  readonly #shape: Shape;

  constructor(inputShape: Shape) {
    super();
    this.#shape = inputShape;
    this.saveInts('self_sym_sizes', inputShape);
  }

  name(): string {
    return 'UnsafeViewBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [grad.reshape([...this.#shape])];
  }
}

/**
 * `torch._unsafe_view`: a fresh contiguous result read with another shape, which autograd does
 * not treat as a view (PyTorch's matmul uses it to unfold a folded product).
 */
export function unsafeView(t: Tensor, shape: Shape): Tensor {
  if (!t.isContiguous() || numel(shape) !== t.numel()) {
    throw new RuntimeError(`_unsafe_view: expected a contiguous tensor of ${numel(shape)} elements, got shape [${t.shape.join(', ')}]`);
  }
  const out = new Tensor(t._storage, shape, t.dtype, undefined, t._offset, t._version);
  return recordOp('_unsafe_view', [t], out, () => new UnsafeViewBackward0(t.shape));
}
