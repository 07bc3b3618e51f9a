import { Node } from '../autograd/node.js';
import { allocate, scalarTypeName } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';
import { type Reduction, reduceLoss, reductionEnum } from './loss-reduction.js';
import { recordOp } from './record.js';
import { broadcastValues, contiguousValues } from './strided.js';

/** PyTorch clamps each log at -100 so a probability of exactly 0 or 1 gives a finite loss. */
const clampedLog = (p: number) => Math.max(Math.log(p), -100);
const EPSILON = 1e-12;

export class BinaryCrossEntropyBackward0 extends Node {
  readonly #reduction: Reduction;
  readonly #weighted: boolean;

  constructor(self: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction) {
    super();
    this.#reduction = reduction;
    this.#weighted = weight !== null;
    this.saveInt('reduction', reductionEnum(reduction));
    this.saveTensor('self', self);
    this.saveTensor('target', target);
    if (weight) this.saveTensor('weight', weight);
    else this.saveNone('weight');
  }

  name(): string {
    return 'BinaryCrossEntropyBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const self = this.savedTensor('self');
    const p = contiguousValues(self);
    const y = contiguousValues(this.savedTensor('target'));
    const w = this.#weighted ? contiguousValues(this.savedTensor('weight')) : null;
    const g = broadcastValues(grad, self.shape);
    const scale = this.#reduction === 'mean' ? 1 / p.length : 1;
    const gradient = (f: (i: number) => number) => {
      const out = allocate(grad.dtype, p.length);
      for (let i = 0; i < p.length; i++) out[i] = f(i) * g[i]! * (w ? w[i]! : 1) * scale;
      return fromValues(out, self.shape, grad.dtype);
    };
    return [
      this.needsInputGrad(0) ? gradient((i) => (p[i]! - y[i]!) / Math.max((1 - p[i]!) * p[i]!, EPSILON)) : null,
      // d/dtarget is -logit(p).
      this.needsInputGrad(1) ? gradient((i) => Math.log(1 - p[i]!) - Math.log(p[i]!)) : null,
    ];
  }
}

/**
 * `torch._C._nn.binary_cross_entropy`: `-(y log p + (1 - y) log(1 - p))`, optionally weighted,
 * on probabilities `p` in [0, 1]. `F.binaryCrossEntropy` checks shapes and expands `weight` first.
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, weight: Tensor | null, reduction: Reduction): Tensor {
  if (target.dtype !== input.dtype) throw new RuntimeError(`Found dtype ${scalarTypeName(target.dtype)} but expected ${scalarTypeName(input.dtype)}`);
  const p = contiguousValues(input);
  const y = contiguousValues(target);
  const w = weight && contiguousValues(weight);
  const losses = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!;
    if (!(pi >= 0 && pi <= 1)) throw new RuntimeError('all elements of input should be between 0 and 1');
    losses[i] = ((y[i]! - 1) * clampedLog(1 - pi) - y[i]! * clampedLog(pi)) * (w ? w[i]! : 1);
  }
  const out = reduceLoss(losses, input.shape, input.dtype, reduction);
  // The weight is not differentiated: PyTorch's node has two inputs.
  return recordOp('binaryCrossEntropy', [input, target], out, () => new BinaryCrossEntropyBackward0(input, target, weight, reduction));
}
