/**
 * Models whose backward graphs the scale benchmark and tests draw, built with the engine itself:
 * a deep residual MLP, an RNN cell unrolled over many steps, and a transformer-like stack of
 * identical blocks. Widths are tiny: the graph's shape is what matters, not the arithmetic.
 */
import { F, manualSeed, nn, randn, type Tensor, zeros } from '../../packages/engine/src/index.js';

class ResidualBlock extends nn.Module {
  readonly fc1: nn.Linear;
  readonly fc2: nn.Linear;

  constructor(width: number) {
    super();
    this.fc1 = this.registerModule('fc1', new nn.Linear(width, width));
    this.fc2 = this.registerModule('fc2', new nn.Linear(width, width));
  }

  override forward(x: Tensor): Tensor {
    return x.add(this.fc2.forward(this.fc1.forward(x).relu()));
  }
}

class ResidualMLP extends nn.Module {
  readonly blocks: nn.Sequential;
  readonly head: nn.Linear;

  constructor(depth: number, width: number) {
    super();
    this.blocks = this.registerModule('blocks', new nn.Sequential(...Array.from({ length: depth }, () => new ResidualBlock(width))));
    this.head = this.registerModule('head', new nn.Linear(width, 1));
  }

  override forward(x: Tensor): Tensor {
    return this.head.forward(this.blocks.forward(x));
  }
}

class RNNCell extends nn.Module {
  readonly ih: nn.Linear;
  readonly hh: nn.Linear;

  constructor(inputs: number, hidden: number) {
    super();
    this.ih = this.registerModule('ih', new nn.Linear(inputs, hidden));
    this.hh = this.registerModule('hh', new nn.Linear(hidden, hidden));
  }

  override forward(x: Tensor, h: Tensor): Tensor {
    return this.ih.forward(x).add(this.hh.forward(h)).tanh();
  }
}

class UnrolledRNN extends nn.Module {
  readonly cell: RNNCell;
  readonly head: nn.Linear;

  constructor(inputs: number, hidden: number) {
    super();
    this.cell = this.registerModule('cell', new RNNCell(inputs, hidden));
    this.head = this.registerModule('head', new nn.Linear(hidden, 1));
  }

  override forward(xs: readonly Tensor[]): Tensor {
    let h = zeros(xs[0]!.shape[0]!, this.cell.hh.inFeatures);
    for (const x of xs) h = this.cell.forward(x, h);
    return this.head.forward(h);
  }
}

class Attention extends nn.Module {
  readonly q: nn.Linear;
  readonly k: nn.Linear;
  readonly v: nn.Linear;
  readonly out: nn.Linear;
  readonly #scale: number;

  constructor(width: number) {
    super();
    this.q = this.registerModule('q', new nn.Linear(width, width));
    this.k = this.registerModule('k', new nn.Linear(width, width));
    this.v = this.registerModule('v', new nn.Linear(width, width));
    this.out = this.registerModule('out', new nn.Linear(width, width));
    this.#scale = 1 / Math.sqrt(width);
  }

  override forward(x: Tensor): Tensor {
    const scores = this.q.forward(x).matmul(this.k.forward(x).t()).mul(this.#scale).softmax(-1);
    return this.out.forward(scores.matmul(this.v.forward(x)));
  }
}

class FeedForward extends nn.Module {
  readonly fc1: nn.Linear;
  readonly fc2: nn.Linear;

  constructor(width: number) {
    super();
    this.fc1 = this.registerModule('fc1', new nn.Linear(width, 2 * width));
    this.fc2 = this.registerModule('fc2', new nn.Linear(2 * width, width));
  }

  override forward(x: Tensor): Tensor {
    return this.fc2.forward(this.fc1.forward(x).relu());
  }
}

class TransformerBlock extends nn.Module {
  readonly attn: Attention;
  readonly mlp: FeedForward;

  constructor(width: number) {
    super();
    this.attn = this.registerModule('attn', new Attention(width));
    this.mlp = this.registerModule('mlp', new FeedForward(width));
  }

  override forward(x: Tensor): Tensor {
    const h = x.add(this.attn.forward(x));
    return h.add(this.mlp.forward(h));
  }
}

class Transformer extends nn.Module {
  readonly blocks: nn.Sequential;
  readonly head: nn.Linear;

  constructor(depth: number, width: number) {
    super();
    this.blocks = this.registerModule('blocks', new nn.Sequential(...Array.from({ length: depth }, () => new TransformerBlock(width))));
    this.head = this.registerModule('head', new nn.Linear(width, 1));
  }

  override forward(x: Tensor): Tensor {
    return this.head.forward(this.blocks.forward(x));
  }
}

export interface BuiltModel {
  readonly loss: Tensor;
  readonly params: [string, Tensor][];
}

export type ModelName = 'residual-mlp' | 'rnn' | 'transformer';

/** Boxes each block or step adds to the drawing, measured once (see `blocksFor`). */
const BOXES_PER_BLOCK: Readonly<Record<ModelName, number>> = { 'residual-mlp': 14, rnn: 6, transformer: 44 };

/** The loss of `model` with `blocks` blocks (steps for the RNN), and its named parameters. */
export function buildModel(model: ModelName, blocks: number): BuiltModel {
  manualSeed(0);
  const width = 4;
  const batch = 2;
  if (model === 'rnn') {
    const rnn = new UnrolledRNN(width, width);
    const xs = Array.from({ length: blocks }, () => randn(batch, width));
    return { loss: F.mseLoss(rnn.forward(xs), zeros(batch, 1)), params: rnn.namedParameters() };
  }
  const net = model === 'residual-mlp' ? new ResidualMLP(blocks, width) : new Transformer(blocks, width);
  return { loss: F.mseLoss(net.forward(randn(batch, width)), zeros(batch, 1)), params: net.namedParameters() };
}

/** How many blocks make about `boxes` boxes. */
export function blocksFor(model: ModelName, boxes: number): number {
  return Math.max(1, Math.round(boxes / BOXES_PER_BLOCK[model]));
}
