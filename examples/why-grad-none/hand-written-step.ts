// Gradient descent written by hand: the update makes a new w instead of changing the leaf.
import { manualSeed, noGrad, randn, tensor } from '@gradviz/engine'; // noGrad: for the fix

manualSeed(0);
const x = randn(20, 2);
const y = x.matmul(tensor([[1.5], [-0.5]]));
let w = randn(2, 1, { requiresGrad: true });
const lr = 0.1;
x.matmul(w).sub(y).pow(2).mean().backward();
w = w.sub(w.grad!.mul(lr));
const loss = x.matmul(w).sub(y).pow(2).mean();

export default { outputs: loss, params: { w } };
