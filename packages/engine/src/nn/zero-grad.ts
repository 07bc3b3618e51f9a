import { withoutProvenance } from '../provenance.js';
import type { Tensor } from '../tensor.js';

/**
 * `zero_grad(set_to_none)` of PyTorch 1.13, shared by Module and Optimizer: each gradient is
 * zeroed in place (1.13's default) or dropped.
 */
export function zeroGrads(params: Iterable<Tensor>, setToNone: boolean): void {
  // Engine work on the gradients, not a line of the user's to record (as an optimizer step).
  withoutProvenance(() => {
    for (const p of params) {
      if (p.grad === null) continue;
      if (setToNone) p.grad = null;
      else p.grad.zero_();
    }
  });
}
