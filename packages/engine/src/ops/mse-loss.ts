import { Node } from '../autograd/node.js';
import { allocate, promoteTypes } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { sameShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';
import { type Reduction, reduceLoss, reductionEnum } from './loss-reduction.js';
import { recordOp } from './record.js';
import { broadcastValues, contiguousValues } from './strided.js';

export class MseLossBackward0 extends Node {
  readonly #reduction: Reduction;

  constructor(self: Tensor, target: Tensor, reduction: Reduction) {
    super();
    this.#reduction = reduction;
    this.saveInt('reduction', reductionEnum(reduction));
    this.saveTensor('self', self);
    this.saveTensor('target', target);
  }

  name(): string {
    return 'MseLossBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const self = this.savedTensor('self');
    const x = contiguousValues(self);
    const y = contiguousValues(this.savedTensor('target'));
    const g = broadcastValues(grad, self.shape);
    const norm = this.#reduction === 'mean' ? 2 / x.length : 2;
    const dSelf = allocate(grad.dtype, x.length);
    for (let i = 0; i < x.length; i++) dSelf[i] = norm * (x[i]! - y[i]!) * g[i]!;
    const gradSelf = fromValues(dSelf, self.shape, grad.dtype);
    return [this.needsInputGrad(0) ? gradSelf : null, this.needsInputGrad(1) ? gradSelf.neg() : null];
  }
}

/** `torch._C._nn.mse_loss` on operands of one shape (`F.mseLoss` broadcasts them first). */
export function mseLoss(input: Tensor, target: Tensor, reduction: Reduction): Tensor {
  if (!sameShape(input.shape, target.shape)) {
    throw new RuntimeError(`mse_loss: input of shape [${input.shape.join(', ')}] and target of shape [${target.shape.join(', ')}] must have one shape`);
  }
  const x = contiguousValues(input);
  const y = contiguousValues(target);
  const losses = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) losses[i] = (x[i]! - y[i]!) ** 2;
  const out = reduceLoss(losses, input.shape, promoteTypes(input.dtype, target.dtype), reduction);
  return recordOp('mseLoss', [input, target], out, () => new MseLossBackward0(input, target, reduction));
}
