/**
 * Linear regression with two scalars, W and B, fitted by hand-written gradient descent: the
 * first program of most PyTorch courses (`examples/reference/linear_regression.py` is the same
 * program in PyTorch). Run: `npx tsx examples/linear-regression.ts`. The graph of the last loss
 * is left in `examples/out/linear-regression.json`.
 */
import { noGrad, snapshot, type Tensor, tensor } from '@gradviz/engine';
import { saveGraph } from './graph-output.js';

const X = tensor([1.0, 2.0, 3.0, 4.0]);
const Y = tensor([3.1, 5.2, 6.8, 9.1]);
const W = tensor(1.0, { requiresGrad: true });
const B = tensor(1.0, { requiresGrad: true });
const lr = 0.02;

let loss!: Tensor;
for (let epoch = 0; epoch < 500; epoch++) {
  const Yp = W.mul(X).add(B); // Yp = W * X + B
  loss = Yp.sub(Y).pow(2).mean(); // ((Yp - Y) ** 2).mean()
  loss.backward();
  noGrad(() => {
    W.sub_(W.grad!.mul(lr)); // W -= lr * W.grad
    B.sub_(B.grad!.mul(lr));
    W.grad!.zero_();
    B.grad!.zero_();
  });
}

console.log(`W = ${W.item().toFixed(6)}, B = ${B.item().toFixed(6)}`);
console.log(`final loss ${loss.item().toPrecision(7)}`);

/** The drawing step: the graph of the last loss, W and B named. */
function draw(): Promise<void> {
  return saveGraph('linear-regression', snapshot(loss, { params: { W, B } }));
}

await draw();
