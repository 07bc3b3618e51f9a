/**
 * The loops of optimizer steps, each in a function of its own (V8 compiles a function holding
 * several loops into slower code). Results are stored in arrays of the parameter's dtype, which
 * round them as PyTorch's kernels of that dtype do.
 */
import type { Storage } from '../dtype.js';

/** `target[i] += values[i] * factor` (PyTorch's `add_(values, alpha=factor)`). */
export function addScaled(target: Storage, values: Storage, factor: number): void {
  for (let i = 0; i < target.length; i++) target[i] = target[i]! + values[i]! * factor;
}

/** `buffer[i] = buffer[i] * momentum + grad[i] * keep`, the product rounded to float32 first when `single`. */
export function momentumUpdate(buffer: Storage, grad: Storage, momentum: number, keep: number, single: boolean): void {
  if (single) for (let i = 0; i < buffer.length; i++) buffer[i] = Math.fround(buffer[i]! * momentum) + grad[i]! * keep;
  else for (let i = 0; i < buffer.length; i++) buffer[i] = buffer[i]! * momentum + grad[i]! * keep;
}
