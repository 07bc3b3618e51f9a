/**
 * The seed's case, line by line from PyTorch:
 *
 *   x_np = np.arange(-2, 2.1, 0.25)
 *   x = torch.tensor(x_np, requires_grad=True).float()
 *   y = 2 * x**2 + 2
 *   z = y.sum()
 *   z.backward()
 *   x.grad   # None, with a warning: x is not a leaf
 *
 * NumPy arrays are float64, so `.float()` copies: x is the copy (ToCopyBackward0), and the leaf
 * that receives the gradient is the float64 tensor nobody holds. The fix: pass dtype at creation.
 * Then gradviz draws the seed's graph to out/blog.svg and out/blog.png and says why x.grad is null.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tensor } from '@gradviz/engine';
import { saveGraph } from '@gradviz/cli';
import { makeDot } from '@gradviz/viz';
import { fixedSeed, forward, x_np } from './seed.js';

console.log('# The seed: torch.tensor(x_np, requires_grad=True).float()');
const x = tensor(x_np, { requiresGrad: true }).float();
const { z } = forward(x);
z.backward();
console.log('x.is_leaf:', x.isLeaf);
console.log('x.grad_fn:', String(x.gradFn));
console.log('x.grad:', x.grad);

console.log('\n# The fix: torch.tensor(x_np, requires_grad=True, dtype=torch.float32)');
const { x: xFixed, z: zFixed } = fixedSeed();
zFixed.backward();
console.log('x.is_leaf:', xFixed.isLeaf);
console.log('x.grad:', String(xFixed.grad));

// The picture: where x is, why the chain to it is broken, and the fix.
const outDir = fileURLToPath(new URL('./out/', import.meta.url));
mkdirSync(outDir, { recursive: true });
const graph = makeDot(z, { params: { x } });
await saveGraph(graph, `${outDir}blog.svg`);
await saveGraph(graph, `${outDir}blog.png`);
console.log(`\n# gradviz: ${graph.explain('x')}`);
console.log(`Wrote ${outDir}blog.svg and ${outDir}blog.png`);
