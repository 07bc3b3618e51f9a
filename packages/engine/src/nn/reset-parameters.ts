import type { Tensor } from '../tensor.js';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from './init.js';

/**
 * `reset_parameters` of `nn.Linear` and `nn.Conv2d` in PyTorch 1.13: kaiming_uniform_ with
 * a = sqrt(5) on the weight, then the bias uniform in ±1/sqrt(fan_in).
 */
export function resetParameters(weight: Tensor, bias: Tensor | null): void {
  kaimingUniform_(weight, { a: Math.sqrt(5) });
  if (bias === null) return;
  const { fanIn } = calculateFanInAndFanOut(weight);
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  uniform_(bias, -bound, bound);
}
