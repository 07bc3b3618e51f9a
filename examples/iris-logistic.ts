/**
 * Logistic regression on Iris: is a flower virginica? One `nn.Linear(4, 1)`, a sigmoid, `BCELoss`
 * and `optim.SGD` on 120 flowers, scored on the 30 held out (`examples/reference/iris_logistic.py`
 * is the same program in PyTorch). Run: `npx tsx examples/iris-logistic.ts`. The graph of the last
 * loss is left in `examples/out/iris-logistic.json`.
 */
import { manualSeed, nn, noGrad, optim, sigmoid, snapshot, type Tensor } from '@gradviz/engine';
import { loadIris, rows, split } from './datasets.js';
import { saveGraph } from './graph-output.js';

manualSeed(0);
const { features, labels } = loadIris();
const y = labels.eq(2).float().reshape(-1, 1); // (labels == 2).float(): 1 for virginica
const { train, test } = split(150, 30);
const model = new nn.Linear(4, 1);
const lossFn = new nn.BCELoss();
const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });

const [trainX, trainY] = [rows(features, train), rows(y, train)];
let loss!: Tensor;
for (let epoch = 0; epoch < 1000; epoch++) {
  optimizer.zeroGrad();
  loss = lossFn.forward(sigmoid(model.forward(trainX)), trainY);
  loss.backward();
  optimizer.step();
}

// (sigmoid(model(X)) > 0.5) == y, counted
const probabilities = noGrad(() => sigmoid(model.forward(rows(features, test)))).toTypedArray();
const truth = rows(y, test).toTypedArray();
const correct = probabilities.filter((p, i) => (p > 0.5 ? 1 : 0) === truth[i]).length;
console.log(`final loss ${loss.item().toPrecision(7)}`);
console.log(`test accuracy ${correct}/${test.length} (${((100 * correct) / test.length).toFixed(2)}%)`);

/** The drawing step: the graph of the last loss (Linear, sigmoid, BCELoss), parameters named. */
function draw(): Promise<void> {
  return saveGraph('iris-logistic', snapshot(loss, { params: model.namedParameters() }));
}

await draw();
