// Dropout by hand: the hidden activations multiplied in place by a mask.
import { manualSeed, nn, rand, randn } from '@gradviz/engine';

manualSeed(0);
const l1 = new nn.Linear(4, 6);
const l2 = new nn.Linear(6, 1);
const X = randn(8, 4);
const mask = rand(8, 6).gt(0.5).float();
let h = l1.forward(X).sigmoid();
h.mul_(mask);
const loss = l2.forward(h).pow(2).mean();

export default { outputs: loss, params: { w1: l1.weight, w2: l2.weight } };
