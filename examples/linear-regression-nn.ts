/**
 * The same fit as `linear-regression.ts`, written with PyTorch's building blocks: `nn.Linear`,
 * `nn.MSELoss` and `optim.SGD` (`examples/reference/linear_regression_nn.py` is the same program in
 * PyTorch). Run: `npx tsx examples/linear-regression-nn.ts`. The graph of the last loss is left in
 * `examples/out/linear-regression-nn.json`: AddmmBackward0, with TBackward0 on the weight.
 */
import { manualSeed, nn, optim, snapshot, type Tensor, tensor } from '@gradviz/engine';
import { saveGraph } from './graph-output.js';

manualSeed(0);
const X = tensor([[1.0], [2.0], [3.0], [4.0]]);
const Y = tensor([[3.1], [5.2], [6.8], [9.1]]);
const model = new nn.Linear(1, 1);
const lossFn = new nn.MSELoss();
const optimizer = new optim.SGD(model.parameters(), { lr: 0.02 });

let loss!: Tensor;
for (let epoch = 0; epoch < 500; epoch++) {
  optimizer.zeroGrad();
  loss = lossFn.forward(model.forward(X), Y);
  loss.backward();
  optimizer.step();
}

console.log(`weight = ${model.weight.item().toFixed(6)}, bias = ${model.bias!.item().toFixed(6)}`);
console.log(`final loss ${loss.item().toPrecision(7)}`);

/** The drawing step: the graph of the last loss, parameters named as PyTorch names them. */
function draw(): Promise<void> {
  return saveGraph('linear-regression-nn', snapshot(loss, { params: model.namedParameters() }));
}

await draw();
