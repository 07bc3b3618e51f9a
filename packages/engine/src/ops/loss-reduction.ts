import { allocate, type DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';

export type Reduction = 'none' | 'mean' | 'sum';

const ENUM: Record<Reduction, number> = { none: 0, mean: 1, sum: 2 };

/** PyTorch's `Reduction` enum, the int its loss nodes save as `reduction`. */
export function reductionEnum(reduction: Reduction): number {
  return ENUM[reduction];
}

/** Element-wise losses (computed in float64) reduced as asked, stored in `dtype`. */
export function reduceLoss(losses: Float64Array, shape: readonly number[], dtype: DType, reduction: Reduction): Tensor {
  if (reduction === 'none') {
    const out = allocate(dtype, losses.length);
    out.set(losses);
    return fromValues(out, shape, dtype);
  }
  let total = 0;
  for (const value of losses) total += value;
  const out = allocate(dtype, 1);
  out[0] = reduction === 'mean' ? total / losses.length : total;
  return fromValues(out, [], dtype);
}

