// Two layers; the hidden activations are detached "to save memory".
import { manualSeed, nn, randn } from '@gradviz/engine';

manualSeed(0);
const l1 = new nn.Linear(4, 8);
const l2 = new nn.Linear(8, 1);
const X = randn(16, 4);
const y = randn(16, 1);
const h = l1.forward(X).relu().detach();
const loss = l2.forward(h).sub(y).pow(2).mean();

export default { outputs: loss, params: { w1: l1.weight, b1: l1.bias, w2: l2.weight, b2: l2.bias } };
