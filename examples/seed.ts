/**
 * The seed's values and computation, shared by `blog.ts` (which prints the story), `blog-graph.ts`
 * (which the gradviz CLI draws) and the docs. The `.float()` that breaks the chain stays in each
 * caller, so the picture points at the caller's own line.
 */
import { type Tensor, tensor } from '@gradviz/engine';

/** `np.arange(-2, 2.1, 0.25)`: NumPy gives float64 values. */
export const x_np = Float64Array.from({ length: Math.ceil((2.1 - -2) / 0.25) }, (_, i) => -2 + i * 0.25);

/** `y = 2 * x**2 + 2; z = y.sum()` */
export function forward(x: Tensor): { y: Tensor; z: Tensor } {
  const y = x.pow(2).mul(2).add(2);
  return { y, z: y.sum() };
}

/** The fix, `torch.tensor(x_np, requires_grad=True, dtype=torch.float32)`: x stays a leaf. */
export function fixedSeed(): { x: Tensor; y: Tensor; z: Tensor } {
  const x = tensor(x_np, { requiresGrad: true, dtype: 'float32' });
  return { x, ...forward(x) };
}
