// The loss computed from the prediction's .data.
import { F, manualSeed, nn, randn } from '@gradviz/engine';

manualSeed(0);
const model = new nn.Linear(3, 1);
const X = randn(10, 3);
const y = randn(10, 1);
const pred = model.forward(X);
const loss = F.mseLoss(pred.data, y);

export default { outputs: loss, params: model.namedParameters() };
