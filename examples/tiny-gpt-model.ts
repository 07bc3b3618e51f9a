/**
 * The model of `examples/tiny-gpt.ts`: a GPT-style character model (2 blocks of pre-norm
 * multi-head self-attention and a GELU MLP, width 32, 2 heads, context 16), and its data — the
 * characters of Shakespeare's sonnets (`examples/data/sonnets.txt`) — read as
 * `examples/reference/tiny_gpt.py` reads them for PyTorch.
 */
import { readFileSync } from 'node:fs';
import { arange, F, manualSeed, nn, ones, randint, slice, stack, type Tensor, tensor, triu } from '@gradviz/engine';

export const BLOCK = 16;
export const BATCH = 16;
export const WIDTH = 32;
export const HEADS = 2;
export const LAYERS = 2;
export const DROPOUT = 0.1;

/** One transformer block: `x + attn(ln1(x))`, then `x + mlp(ln2(x))`. */
export class Block extends nn.Module {
  readonly ln1 = this.registerModule('ln1', new nn.LayerNorm(WIDTH));
  readonly attn = this.registerModule('attn', new nn.MultiheadAttention(WIDTH, HEADS, { dropout: DROPOUT, batchFirst: true }));
  readonly ln2 = this.registerModule('ln2', new nn.LayerNorm(WIDTH));
  readonly mlp = this.registerModule(
    'mlp',
    new nn.Sequential(new nn.Linear(WIDTH, 4 * WIDTH), new nn.GELU(), new nn.Linear(4 * WIDTH, WIDTH), new nn.Dropout(DROPOUT)),
  );

  override forward(x: Tensor, mask: Tensor): Tensor {
    const h = this.ln1.forward(x);
    const attended = x.add(this.attn.forward(h, h, h, { attnMask: mask, needWeights: false })[0]);
    return attended.add(this.mlp.forward(this.ln2.forward(attended)));
  }
}

export class TinyGPT extends nn.Module {
  readonly tok: nn.Embedding;
  readonly pos: nn.Embedding;
  readonly blocks: nn.ModuleList<Block>;
  readonly ln: nn.LayerNorm;
  readonly head: nn.Linear;

  constructor(vocab: number) {
    super();
    // Made in PyTorch's order, so the same seed gives the same initial weights.
    this.tok = this.registerModule('tok', new nn.Embedding(vocab, WIDTH));
    this.pos = this.registerModule('pos', new nn.Embedding(BLOCK, WIDTH));
    this.blocks = this.registerModule('blocks', new nn.ModuleList(Array.from({ length: LAYERS }, () => new Block())));
    this.ln = this.registerModule('ln', new nn.LayerNorm(WIDTH));
    this.head = this.registerModule('head', new nn.Linear(WIDTH, vocab));
  }

  /** Logits `[batch, T, vocab]` for token indices `[batch, T]` (T <= 16), each position seeing only those before it. */
  override forward(idx: Tensor): Tensor {
    const T = idx.shape[1]!;
    let x = this.tok.forward(idx).add(this.pos.forward(arange(T)));
    const mask = triu(ones([T, T], { dtype: 'bool' }), 1);
    for (const block of this.blocks) x = block.forward(x, mask);
    return this.head.forward(this.ln.forward(x));
  }
}

/** The text as int64 character indices, and the sorted characters (the vocabulary). */
export function loadSonnets(): { data: Tensor; chars: string[] } {
  const text = readFileSync(new URL('./data/sonnets.txt', import.meta.url), 'utf8');
  const chars = [...new Set(text)].sort();
  const index = new Map(chars.map((c, i) => [c, i]));
  return { data: tensor([...text].map((c) => index.get(c)!), { dtype: 'int64' }), chars };
}

/** A batch as PyTorch's script draws it: `torch.randint` starts, then inputs and next-character targets. */
export function getBatch(data: Tensor): { x: Tensor; y: Tensor } {
  const starts = randint(data.shape[0]! - BLOCK - 1, [BATCH]).tolist() as number[];
  return {
    x: stack(starts.map((i) => data.at(slice(i, i + BLOCK)))),
    y: stack(starts.map((i) => data.at(slice(i + 1, i + BLOCK + 1)))),
  };
}

/** The training loss of a batch: cross entropy of the logits against the next characters. */
export function batchLoss(model: TinyGPT, batch: { x: Tensor; y: Tensor }, vocab: number): Tensor {
  return F.crossEntropy(model.forward(batch.x).view(-1, vocab), batch.y.view(-1));
}

/** Step 0 of the example from seed 0 (model, first batch, its loss): what the docs draw. */
export function firstStep(): { model: TinyGPT; loss: Tensor } {
  manualSeed(0);
  const { data, chars } = loadSonnets();
  const model = new TinyGPT(chars.length);
  return { model, loss: batchLoss(model, getBatch(data), chars.length) };
}
