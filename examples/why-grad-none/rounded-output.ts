// Predictions rounded to 0 or 1 before the loss, to compare them with the labels.
import { F, manualSeed, nn, randint, randn } from '@gradviz/engine';

manualSeed(0);
const model = new nn.Linear(4, 1);
const X = randn(12, 4);
const labels = randint(0, 2, [12, 1]).float();
const pred = model.forward(X).sigmoid().round();
const loss = F.mseLoss(pred, labels);

export default { outputs: loss, params: model.namedParameters() };
