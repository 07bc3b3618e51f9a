// Freezing copied from a fine-tuning tutorial, on a model that is meant to be trained.
import { F, manualSeed, nn, randn } from '@gradviz/engine';

manualSeed(0);
const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 1));
for (const p of model.parameters()) p.requiresGrad_(false);
const X = randn(16, 4);
const y = randn(16, 1);
const head = new nn.Linear(1, 1);
const loss = F.mseLoss(head.forward(model.forward(X)), y);

export default { outputs: loss, params: model.namedParameters() };
