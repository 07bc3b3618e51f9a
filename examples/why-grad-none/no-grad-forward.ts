// The forward pass under noGrad, "to save memory", and the loss after it.
import { F, manualSeed, nn, noGrad, randn } from '@gradviz/engine';

manualSeed(0);
const model = new nn.Linear(3, 1);
const X = randn(10, 3);
const y = randn(10, 1);
const pred = noGrad(() => model.forward(X));
const loss = F.mseLoss(pred, y);

export default { outputs: loss, params: model.namedParameters() };
