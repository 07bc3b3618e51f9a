// A training loop without zeroGrad(): each step's gradient is added to the last one's.
import { F, manualSeed, nn, optim, randn } from '@gradviz/engine';

manualSeed(0);
const model = new nn.Linear(3, 1);
const optimizer = new optim.SGD(model.parameters(), { lr: 0.01 });
const X = randn(10, 3);
const y = randn(10, 1);
let loss = F.mseLoss(model.forward(X), y);
for (let step = 0; step < 3; step++) {
  loss = F.mseLoss(model.forward(X), y);
  loss.backward();
  optimizer.step();
}

export default { outputs: loss, params: model.namedParameters() };
