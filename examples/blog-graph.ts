/**
 * The seed's graph for the gradviz CLI: `gradviz render examples/blog-graph.ts --out blog.svg`.
 * The default export is what makeDot takes: the outputs, the params to name, the options.
 * README's picture is this module drawn (a test keeps it current): from the repo root,
 * `npx -y pnpm@12.4.2 gradviz render examples/blog-graph.ts --out docs/images/blog.svg`.
 */
import { tensor } from '@gradviz/engine';
import { forward, x_np } from './seed.js';

const x = tensor(x_np, { requiresGrad: true }).float();
const { z } = forward(x);
z.backward();

export default { outputs: z, params: { x }, options: {} };
