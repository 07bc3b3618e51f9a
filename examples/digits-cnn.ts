/**
 * A small CNN on the 8x8 handwritten digits, as a learner writes it in PyTorch
 * (`examples/reference/digits_cnn.py` is the same program in PyTorch):
 *
 *   conv 3x3 (1 -> 8 channels, padding 1) -> ReLU -> max pool 2x2 -> flatten -> linear (128 -> 10)
 *
 * trained with CrossEntropyLoss and Adam in mini-batches of 64 for 4 epochs, then scored on 360
 * held-out digits. Run: `npx tsx examples/digits-cnn.ts`. The graph of one batch's loss is left in
 * `examples/out/digits-cnn.json`, grouped by module (`conv`, `pool`, `flatten`, `fc`).
 */
import { manualSeed, nn, noGrad, optim, randperm, relu, snapshot, type Tensor } from '@gradviz/engine';
import { countCorrect, loadDigits, rows, split } from './datasets.js';
import { saveGraph } from './graph-output.js';

class CNN extends nn.Module {
  readonly conv = this.registerModule('conv', new nn.Conv2d(1, 8, 3, { padding: 1 }));
  readonly pool = this.registerModule('pool', new nn.MaxPool2d(2));
  readonly flatten = this.registerModule('flatten', new nn.Flatten());
  readonly fc = this.registerModule('fc', new nn.Linear(8 * 4 * 4, 10));

  override forward(x: Tensor): Tensor {
    return this.fc.forward(this.flatten.forward(this.pool.forward(relu(this.conv.forward(x)))));
  }
}

manualSeed(0);
const { images, labels } = loadDigits();
const { train, test } = split(labels.shape[0]!, 360);
const model = new CNN();
const lossFn = new nn.CrossEntropyLoss();
const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });

let loss!: Tensor;
for (let epoch = 0; epoch < 4; epoch++) {
  const order = (randperm(train.length).tolist() as number[]).map((i) => train[i]!);
  for (let start = 0; start < order.length; start += 64) {
    const batch = order.slice(start, start + 64);
    optimizer.zeroGrad();
    loss = lossFn.forward(model.forward(rows(images, batch)), rows(labels, batch));
    loss.backward();
    optimizer.step();
  }
  console.log(`epoch ${epoch + 1}: last batch loss ${loss.item().toFixed(6)}`);
}

const predicted = noGrad(() => model.forward(rows(images, test)).argmax(1));
const correct = countCorrect(predicted, rows(labels, test));
console.log(`final loss ${loss.item().toPrecision(7)}`);
console.log(`test accuracy ${correct}/${test.length} (${((100 * correct) / test.length).toFixed(2)}%)`);

/** The drawing step: the graph of a fresh batch's loss through the trained model. */
function draw(): Promise<void> {
  const sample = test.slice(0, 4);
  const batchLoss = lossFn.forward(model.forward(rows(images, sample)), rows(labels, sample));
  return saveGraph('digits-cnn', snapshot(batchLoss, { params: model.namedParameters() }));
}

await draw();
