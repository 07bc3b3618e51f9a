// requiresGrad_() called on the weights after the prediction was computed from them.
import { manualSeed, randn } from '@gradviz/engine';

manualSeed(0);
const X = randn(10, 3);
const y = randn(10);
const w = randn(3);
const pred = X.matmul(w);
w.requiresGrad_();
const loss = pred.sub(y).pow(2).mean();

export default { outputs: loss, params: { w } };
