/**
 * An MLP classifier on Iris: `Linear(4, 16) -> ReLU -> Linear(16, 3)` in an `nn.Sequential`,
 * `CrossEntropyLoss` and `optim.Adam` on 120 flowers, scored on the 30 held out
 * (`examples/reference/iris_mlp.py` is the same program in PyTorch).
 * Run: `npx tsx examples/iris-mlp.ts`. The graph of the last loss is left in
 * `examples/out/iris-mlp.json`, its nodes grouped by module (`0`, `1`, `2`).
 */
import { manualSeed, nn, noGrad, optim, snapshot, type Tensor } from '@gradviz/engine';
import { countCorrect, loadIris, rows, split } from './datasets.js';
import { saveGraph } from './graph-output.js';

manualSeed(0);
const { features, labels } = loadIris();
const { train, test } = split(150, 30);
const model = new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Linear(16, 3));
const lossFn = new nn.CrossEntropyLoss();
const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });

const [trainX, trainLabels] = [rows(features, train), rows(labels, train)];
let loss!: Tensor;
for (let epoch = 0; epoch < 200; epoch++) {
  optimizer.zeroGrad();
  loss = lossFn.forward(model.forward(trainX), trainLabels);
  loss.backward();
  optimizer.step();
}

const predicted = noGrad(() => model.forward(rows(features, test)).argmax(1));
const correct = countCorrect(predicted, rows(labels, test));
console.log(`final loss ${loss.item().toPrecision(7)}`);
console.log(`test accuracy ${correct}/${test.length} (${((100 * correct) / test.length).toFixed(2)}%)`);

/** The drawing step: the graph of the last loss, parameters named `0.weight`, `2.bias`, ... */
function draw(): Promise<void> {
  return saveGraph('iris-mlp', snapshot(loss, { params: model.namedParameters() }));
}

await draw();
