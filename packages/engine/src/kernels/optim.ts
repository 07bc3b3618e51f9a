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

/**
 * Adam's moments: `m = m * b1 + g * keep1` and `v = v * b2 + (keep2 * g) * g`, each product
 * rounded to float32 first when `single`.
 */
export function adamMoments(m: Storage, v: Storage, g: Storage, b1: number, keep1: number, b2: number, keep2: number, single: boolean): void {
  const f = Math.fround;
  if (single) {
    for (let i = 0; i < g.length; i++) {
      m[i] = f(m[i]! * b1) + g[i]! * keep1;
      v[i] = f(v[i]! * b2) + f(f(keep2 * g[i]!) * g[i]!);
    }
  } else {
    for (let i = 0; i < g.length; i++) {
      m[i] = m[i]! * b1 + g[i]! * keep1;
      v[i] = v[i]! * b2 + keep2 * g[i]! * g[i]!;
    }
  }
}

/** Adam's step into `next`: `p + (stepSize * m) / (sqrt(v) / correction + eps)`, each step rounded to float32 when `single`. */
export function adamStep(next: Storage, p: Storage, m: Storage, v: Storage, stepSize: number, correction: number, eps: number, single: boolean): void {
  const f = Math.fround;
  if (single) for (let i = 0; i < p.length; i++) next[i] = p[i]! + f(f(stepSize * m[i]!) / f(f(f(Math.sqrt(v[i]!)) / correction) + eps));
  else for (let i = 0; i < p.length; i++) next[i] = p[i]! + (stepSize * m[i]!) / (Math.sqrt(v[i]!) / correction + eps);
}
