import { RuntimeError } from '../errors.js';
import { divScalar } from '../ops/div-scalar.js';
import type { Reduction } from '../ops/loss-reduction.js';
import type { Tensor } from '../tensor.js';

/**
 * `cross_entropy_loss_prob_target` of PyTorch 1.13: with a target of class probabilities,
 * `-(log_softmax(input) * target [* weight]).sum()`, divided by the number of rows for 'mean'.
 */
export function crossEntropyWithProbabilities(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction, classDim: number): Tensor {
  const classes = input.shape[classDim]!;
  if (weight !== null && (weight.ndim !== 1 || weight.numel() !== classes)) {
    throw new RuntimeError(
      `weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: [${weight.shape.join(', ')}]`,
    );
  }
  let product = input.logSoftmax(classDim).mul(target);
  if (weight !== null) {
    // The weight of each class, shaped to broadcast along the class dim.
    product = product.mul(input.ndim > 1 ? weight.view(input.shape.map((_, i) => (i === 1 ? classes : 1))) : weight);
  }
  if (reduction === 'none') return product.sum(classDim).neg();
  const total = product.sum().neg();
  return reduction === 'sum' ? total : divScalar(total, input.numel() / classes);
}
