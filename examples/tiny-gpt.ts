/**
 * A GPT-style character model trained with AdamW on Shakespeare's sonnets, then sampled
 * (`examples/reference/tiny_gpt.py` is the same program in PyTorch: same seed, same batches, and
 * the loss follows PyTorch's). Run: `npx tsx examples/tiny-gpt.ts [steps]` (default 500, about a
 * minute). It prints the loss at steps 0, 1, 10, 100 and 500 and 120 sampled characters, and
 * leaves the graph of the first step's loss in `examples/out/tiny-gpt.json`, its nodes tagged with
 * their modules (`blocks.0.attn`, `blocks.1.mlp.0`, ...).
 */
import { manualSeed, noGrad, optim, rand, snapshot, type Tensor, tensor } from '@gradviz/engine';
import { saveGraph } from './graph-output.js';
import { BLOCK, batchLoss, getBatch, loadSonnets, TinyGPT } from './tiny-gpt-model.js';

const steps = Number(process.argv[2] ?? 500);
if (!Number.isInteger(steps) || steps < 0) throw new TypeError(`tiny-gpt: steps must be a whole number >= 0, got ${process.argv[2]}`);

manualSeed(0);
const { data, chars } = loadSonnets();
const model = new TinyGPT(chars.length);
const optimizer = new optim.AdamW(model.parameters(), { lr: 3e-3 });

let firstLoss: Tensor | undefined;
for (let step = 0; step <= steps; step++) {
  const loss = batchLoss(model, getBatch(data), chars.length);
  if ([0, 1, 10, 100, 500].includes(step)) console.log(`loss at step ${step}: ${loss.item().toPrecision(8)}`);
  firstLoss ??= loss;
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();
}

/** Characters drawn one at a time from the model's probabilities, as the PyTorch script draws them. */
function sample(prompt: string, count: number): string {
  model.eval();
  const ids = [...prompt].map((c) => chars.indexOf(c));
  noGrad(() => {
    for (let n = 0; n < count; n++) {
      const context = tensor([ids.slice(-BLOCK)], { dtype: 'int64' });
      const probs = model.forward(context).at(0, -1).softmax(-1).tolist() as number[];
      const u = rand([]).item();
      let cumulative = 0;
      let next = chars.length - 1;
      for (let i = 0; i < probs.length; i++) {
        cumulative += probs[i]!;
        if (u < cumulative) {
          next = i;
          break;
        }
      }
      ids.push(next);
    }
  });
  return ids.map((i) => chars[i]).join('');
}

console.log(`sample: ${JSON.stringify(sample('Shall I ', 120))}`);
saveGraph('tiny-gpt', snapshot(firstLoss!, { params: model.namedParameters() }));
