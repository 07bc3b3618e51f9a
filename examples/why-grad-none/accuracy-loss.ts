// One minus the accuracy as the loss: the predicted class is argmax() of the scores.
import { manualSeed, nn, randint, randn } from '@gradviz/engine';

manualSeed(0);
const model = new nn.Linear(4, 3);
const X = randn(12, 4);
const labels = randint(0, 3, [12]);
const scores = model.forward(X);
const loss = scores.argmax(1).eq(labels).float().mean().rsub(1);

export default { outputs: loss, params: model.namedParameters() };
