// A weight nudged in place between the forward pass and backward(), with requiresGrad switched off to allow it.
import { manualSeed, randn } from '@gradviz/engine';

manualSeed(0);
const w = randn(3, { requiresGrad: true });
const x = randn(3, { requiresGrad: true });
const out = w.add(x).sum();
w.requiresGrad_(false);
w.sub_(x.mul(0.1));

export default { outputs: out, params: { w, x } };
