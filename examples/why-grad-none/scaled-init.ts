// Small initial weights: randn() scaled by 0.01, with requiresGrad asked for on randn().
import { manualSeed, randn, zeros } from '@gradviz/engine';

manualSeed(0);
const X = randn(8, 3);
const y = randn(8, 2);
const W = randn(3, 2, { requiresGrad: true }).mul(0.01);
const b = zeros(2, { requiresGrad: true });
const loss = X.matmul(W).add(b).sub(y).pow(2).mean();

export default { outputs: loss, params: { W, b } };
