/**
 * nn layers, losses and optimizers against what PyTorch 1.13 did for the same code:
 * `fixtures/nn-reference.json`, made by `fixtures/nn-reference.py` (graph cases through the
 * reference's record.py, so they read like scenarios.json). Each case below is a line-by-line
 * translation; the test compares nodes, edges, saved values, leaves, values and gradients
 * (initial weights included: every case starts from `manualSeed(0)`, as record.py does).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  catchWarnings,
  F,
  manualSeed,
  nn,
  optim,
  rand,
  randn,
  snapshot,
  softmax,
  sigmoid,
  type Tensor,
  tensor,
  zeros,
} from '../src/index.js';
import { type RecordedNumber, type Scenario, savedAsRecorded } from './support/reference.js';

interface OptimizerCase {
  id: string;
  dtype: 'float32' | 'float64';
  steps: { loss: number; weight: number[]; bias: number[] }[];
}

const reference = JSON.parse(readFileSync(new URL('./fixtures/nn-reference.json', import.meta.url), 'utf8')) as {
  graphs: Scenario[];
  errors: { id: string; code: string; error: { type: string; message: string } }[];
  optimizers: OptimizerCase[];
};

const long = (values: number[]) => tensor(values, { dtype: 'int64' });

/** Each case's Python, line by line; returns the namespace's tensors. */
const graphCases: Record<string, () => Record<string, Tensor>> = {
  linear_1d() {
    const lin = new nn.Linear(3, 2);
    const [w, b] = [lin.weight, lin.bias!];
    const x = tensor([1.0, -2.0, 0.5]);
    const z = lin.forward(x).sum();
    return { w, b, x, z };
  },
  linear_3d() {
    const lin = new nn.Linear(3, 2);
    const [w, b] = [lin.weight, lin.bias!];
    const x = randn(2, 2, 3, { requiresGrad: true });
    const y = lin.forward(x);
    const z = y.mul(y).sum();
    return { w, b, x, y, z };
  },
  linear_3d_no_bias() {
    const lin = new nn.Linear(3, 2, { bias: false });
    const w = lin.weight;
    const x = randn(2, 2, 3, { requiresGrad: true });
    const z = lin.forward(x).mul(3).sum();
    return { w, x, z };
  },
  linear_4d() {
    const lin = new nn.Linear(3, 2);
    const [w, b] = [lin.weight, lin.bias!];
    const x = randn(2, 1, 2, 3, { requiresGrad: true });
    const z = lin.forward(x).mul(3).sum();
    return { w, b, x, z };
  },
  linear_2d_no_bias_input_grad() {
    const lin = new nn.Linear(3, 2, { bias: false });
    const w = lin.weight;
    const x = randn(4, 3, { requiresGrad: true });
    const z = lin.forward(x).mul(3).sum();
    return { w, x, z };
  },
  conv_stride_padding() {
    const conv = new nn.Conv2d(2, 3, 3, { stride: 2, padding: 1 });
    const [w, b] = [conv.weight, conv.bias!];
    const x = randn(2, 2, 5, 5, { requiresGrad: true });
    const y = conv.forward(x);
    const z = y.mul(y).sum();
    return { w, b, x, y, z };
  },
  conv_no_bias_dilation() {
    const conv = new nn.Conv2d(1, 2, [2, 3], { dilation: [2, 1], bias: false });
    const w = conv.weight;
    const x = randn(2, 1, 6, 5);
    const y = conv.forward(x);
    const z = y.mul(y).sum();
    return { w, x, y, z };
  },
  conv_groups() {
    const conv = new nn.Conv2d(4, 2, 3, { groups: 2, padding: 1 });
    const [w, b] = [conv.weight, conv.bias!];
    const x = randn(1, 4, 4, 4, { requiresGrad: true });
    const y = conv.forward(x);
    const z = y.mul(y).sum();
    return { w, b, x, y, z };
  },
  conv_unbatched() {
    const conv = new nn.Conv2d(1, 2, 3);
    const [w, b] = [conv.weight, conv.bias!];
    const x = randn(1, 4, 4, { requiresGrad: true });
    const y = conv.forward(x);
    const z = y.mul(y).sum();
    return { w, b, x, y, z };
  },
  max_pool_functional() {
    const x = randn(1, 2, 5, 5, { requiresGrad: true });
    const y = F.maxPool2d(x, 2);
    const z = y.mul(y).sum();
    return { x, y, z };
  },
  max_pool_ceil_padding() {
    const x = randn(2, 5, 5, { requiresGrad: true });
    const y = new nn.MaxPool2d(3, { stride: 2, padding: 1, ceilMode: true }).forward(x);
    const z = y.mul(y).sum();
    return { x, y, z };
  },
  max_pool_dilation() {
    const x = randn(1, 1, 6, 6, { requiresGrad: true });
    const y = F.maxPool2d(x, 2, { stride: 1, dilation: 2 });
    const z = y.mul(y).sum();
    return { x, y, z };
  },
  mse_sum_target_grad() {
    const a = randn(3, 4, { requiresGrad: true });
    const t = randn(3, 4, { requiresGrad: true });
    const loss = F.mseLoss(a, t, { reduction: 'sum' });
    return { a, t, loss };
  },
  mse_none() {
    const a = randn(3, 4, { requiresGrad: true });
    const t = randn(3, 4);
    const losses = F.mseLoss(a, t, { reduction: 'none' });
    const z = losses.mul(losses).sum();
    return { a, t, losses, z };
  },
  mse_broadcast() {
    const a = randn(3, 4, { requiresGrad: true });
    const t = randn(4);
    const loss = new nn.MSELoss().forward(a, t);
    return { a, t, loss };
  },
  bce_weight_sum() {
    const x = randn(3, 4, { requiresGrad: true });
    const p = sigmoid(x);
    const t = rand(3, 4);
    const wt = rand(4);
    const loss = F.binaryCrossEntropy(p, t, { weight: wt, reduction: 'sum' });
    return { x, p, t, wt, loss };
  },
  bce_target_grad() {
    const p = rand(5, { requiresGrad: true });
    const t = rand(5, { requiresGrad: true });
    const loss = new nn.BCELoss().forward(p, t);
    return { p, t, loss };
  },
  nll_weight_ignore() {
    const x = randn(5, 4, { requiresGrad: true });
    const logp = F.logSoftmax(x, 1);
    const labels = long([0, 2, 3, 2, 1]);
    const wt = tensor([1.0, 2.0, 0.5, 3.0]);
    const loss = F.nllLoss(logp, labels, { weight: wt, ignoreIndex: 2 });
    return { x, logp, labels, wt, loss };
  },
  nll_none() {
    const x = randn(3, 4, { requiresGrad: true });
    const labels = long([3, 0, 1]);
    const losses = new nn.NLLLoss({ reduction: 'none' }).forward(x, labels);
    const z = losses.mul(losses).sum();
    return { x, labels, losses, z };
  },
  nll_unbatched() {
    const x = randn(4, { requiresGrad: true });
    const label = tensor(2, { dtype: 'int64' });
    const loss = F.nllLoss(x, label);
    return { x, label, loss };
  },
  cross_entropy_weight_sum() {
    const x = randn(4, 3, { requiresGrad: true });
    const labels = long([2, 0, 1, 1]);
    const wt = tensor([0.2, 1.0, 3.0]);
    const loss = new nn.CrossEntropyLoss({ weight: wt, reduction: 'sum' }).forward(x, labels);
    return { x, labels, wt, loss };
  },
  cross_entropy_probabilities() {
    const x = randn(3, 4, { requiresGrad: true });
    const probs = softmax(randn(3, 4), 1);
    const loss = F.crossEntropy(x, probs);
    return { x, probs, loss };
  },
  cross_entropy_probabilities_weight_none() {
    const x = randn(3, 4, { requiresGrad: true });
    const probs = softmax(randn(3, 4), 1);
    const wt = tensor([1.0, 0.5, 2.0, 1.5]);
    const losses = F.crossEntropy(x, probs, { weight: wt, reduction: 'none' });
    const z = losses.sum();
    return { x, probs, wt, losses, z };
  },
  dropout_train() {
    const x = randn(4, 5, { requiresGrad: true });
    const y = new nn.Dropout(0.3).forward(x);
    const z = y.sum();
    return { x, y, z };
  },
  dropout_eval() {
    const x = randn(4, 5, { requiresGrad: true });
    const drop = new nn.Dropout(0.3);
    drop.eval();
    const y = drop.forward(x);
    const z = y.mul(2).sum();
    return { x, y, z };
  },
  dropout_p1() {
    const x = randn(2, 3, { requiresGrad: true });
    const y = F.dropout(x, 1.0);
    const z = y.sum();
    return { x, y, z };
  },
  sequential_mlp_init() {
    const model = new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 3));
    const [first, last] = [model.at(0) as nn.Linear, model.at(2) as nn.Linear];
    const [w0, b0, w2, b2] = [first.weight, first.bias!, last.weight, last.bias!];
    const x = randn(5, 4);
    const labels = long([0, 2, 1, 1, 0]);
    const loss = F.crossEntropy(model.forward(x), labels);
    return { w0, b0, w2, b2, x, labels, loss };
  },
  conv_init() {
    const conv = new nn.Conv2d(2, 4, 3);
    const [cw, cb] = [conv.weight, conv.bias!];
    const lin = new nn.Linear(5, 3, { dtype: 'float64' });
    const [lw, lb] = [lin.weight, lin.bias!];
    return { cw, cb, lw, lb };
  },
};

const toNumber = (v: RecordedNumber) => (v === 'nan' ? Number.NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);

/**
 * Recorded values have 7 significant digits. PyTorch sums float32 products in float32, gradviz in
 * float64, so a sum of O(1) terms can differ by about 1e-6 absolute: hence `absolute` as well.
 */
function expectClose(actual: ArrayLike<number>, recorded: readonly RecordedNumber[], what: string, relative = 1e-5, absolute = 1e-6): void {
  expect(actual.length, `${what}: length`).toBe(recorded.length);
  recorded.forEach((r, i) => {
    const want = toNumber(r);
    const got = actual[i]!;
    const tolerance = absolute + relative * Math.abs(want);
    expect(Math.abs(got - want), `${what}[${i}]: ${got} vs ${want}`).toBeLessThanOrEqual(tolerance);
  });
}

function compare(scenario: Scenario, named: Record<string, Tensor>): void {
  const outputs = scenario.outputs!.map((name) => named[name]!);
  if (outputs.length > 0) {
    const graph = snapshot(outputs, { params: scenario.params!.map((name) => [name, named[name]!] as const) });
    const recorded = scenario.graph!.nodes;
    expect(graph.nodes.map((n) => n.name), 'node names').toEqual(recorded.map((n) => n.name));
    for (const want of recorded) {
      const node = graph.nodes[want.id]!;
      expect(node.next, `node ${want.id} ${want.name}: next`).toEqual(want.next);
      const saved = Object.fromEntries(Object.entries(node.saved).map(([k, v]) => [k, savedAsRecorded(v, graph)]));
      expect(saved, `node ${want.id} ${want.name}: saved`).toEqual(want.saved);
      if (want.variable) {
        const leaf = graph.tensors[node.variable!]!;
        expect({ param: leaf.params?.at(-1) ?? null, shape: leaf.shape, dtype: leaf.dtype }).toEqual(want.variable);
      }
    }
    outputs[0]!.backward();
  }
  expect(Object.keys(named).sort(), 'named tensors').toEqual(Object.keys(scenario.tensors!).sort());
  for (const [name, want] of Object.entries(scenario.tensors!)) {
    const t = named[name]!;
    const facts = { is_leaf: t.isLeaf, requires_grad: t.requiresGrad, dtype: t.dtype, shape: [...t.shape], grad_fn: t.gradFn?.name() ?? null };
    expect(facts, `tensor ${name}`).toEqual({ is_leaf: want.is_leaf, requires_grad: want.requires_grad, dtype: want.dtype, shape: want.shape, grad_fn: want.grad_fn });
    expectClose(t.detach().toTypedArray(), want.data, `${name}: data`);
    if (!scenario.backward) continue;
    const { result: grad } = catchWarnings(() => t.grad);
    if (want.grad == null) expect(grad, `${name}: grad`).toBeNull();
    else expectClose(grad!.toTypedArray(), want.grad, `${name}: grad`);
  }
}

describe('nn graphs, values and gradients match PyTorch 1.13 (fixtures/nn-reference.json)', () => {
  for (const scenario of reference.graphs) {
    it(scenario.id, () => {
      const translation = graphCases[scenario.id];
      expect(translation, `no translation for ${scenario.id}`).toBeDefined();
      manualSeed(0);
      const { result: named } = catchWarnings(translation!);
      compare(scenario, named);
    });
  }

  it('warns as PyTorch does when MSELoss broadcasts its target', () => {
    const { warnings } = catchWarnings(() => new nn.MSELoss().forward(zeros(3, 4), zeros(4)));
    expect(warnings.map((w) => w.message)).toEqual([
      'Using a target size (torch.Size([4])) that is different to the input size (torch.Size([3, 4])). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.',
    ]);
  });
});

/** The Python of each error case, translated; run through a module, the message names it first. */
const errorCases: Record<string, () => unknown> = {
  linear_shape: () => new nn.Linear(4, 5).forward(randn(2, 3)),
  linear_shape_1d: () => new nn.Linear(4, 5).forward(randn(3)),
  linear_float64_input: () => new nn.Linear(3, 2).forward(randn(4, 3, { dtype: 'float64' })),
  linear_no_bias_float64_input: () => new nn.Linear(3, 2, { bias: false }).forward(randn(4, 3, { dtype: 'float64' })),
  conv_float64_input: () => new nn.Conv2d(1, 2, 3).forward(randn(1, 1, 4, 4, { dtype: 'float64' })),
  conv_channels: () => new nn.Conv2d(1, 2, 3).forward(randn(1, 3, 4, 4)),
  conv_kernel_too_big: () => new nn.Conv2d(1, 2, 3).forward(randn(1, 1, 2, 2)),
  conv_rank: () => new nn.Conv2d(1, 2, 3).forward(randn(4, 4)),
  cross_entropy_float_target: () => new nn.CrossEntropyLoss().forward(randn(3, 4), tensor([0.0, 1.0, 2.0])),
  cross_entropy_label_out_of_range: () => new nn.CrossEntropyLoss().forward(randn(3, 4), long([0, 5, 1])),
  cross_entropy_negative_label: () => new nn.CrossEntropyLoss().forward(randn(3, 4), long([0, -1, 1])),
  cross_entropy_batch_mismatch: () => new nn.CrossEntropyLoss().forward(randn(3, 4), long([0, 1])),
  cross_entropy_multi_target: () => new nn.CrossEntropyLoss().forward(randn(3, 4), tensor([[0], [1], [2]], { dtype: 'int64' })),
  cross_entropy_long_probabilities: () => new nn.CrossEntropyLoss().forward(randn(3, 4), zeros(3, 4, { dtype: 'int64' })),
  nll_float_target: () => new nn.NLLLoss().forward(randn(3, 4), tensor([0.0, 1.0, 2.0])),
  bce_shape: () => new nn.BCELoss().forward(rand(3, 4), rand(3, 1)),
  bce_out_of_range: () => new nn.BCELoss().forward(tensor([1.5]), tensor([1.0])),
  mse_reduction: () => new nn.MSELoss({ reduction: 'avg' as 'mean' }).forward(randn(2), randn(2)),
  max_pool_too_small: () => new nn.MaxPool2d(2).forward(randn(1, 1, 1, 1)),
  max_pool_padding: () => new nn.MaxPool2d(2, { padding: 2 }).forward(randn(1, 1, 4, 4)),
  dropout_p: () => new nn.Dropout(1.5),
  conv_groups: () => new nn.Conv2d(3, 2, 3, { groups: 2 }),
  sgd_lr: () => new optim.SGD([new nn.Parameter(zeros(2))], { lr: -1 }),
  adam_beta: () => new optim.Adam([new nn.Parameter(zeros(2))], { betas: [1.5, 0.9] }),
  optimizer_empty: () => new optim.SGD([], { lr: 0.1 }),
  optimizer_non_leaf: () => new optim.SGD([zeros(2, { requiresGrad: true }).mul(2)], { lr: 0.1 }),
};

/** Modules run here, at the top level, have no path: their description alone prefixes the message. */
const LAYER_PREFIX: Record<string, string> = {
  linear_shape: 'Linear(in_features=4, out_features=5, bias=True): ',
  linear_shape_1d: 'Linear(in_features=4, out_features=5, bias=True): ',
  linear_float64_input: 'Linear(in_features=3, out_features=2, bias=True): ',
  linear_no_bias_float64_input: 'Linear(in_features=3, out_features=2, bias=False): ',
  conv_float64_input: 'Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1)): ',
  conv_channels: 'Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1)): ',
  conv_kernel_too_big: 'Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1)): ',
  conv_rank: 'Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1)): ',
  max_pool_too_small: 'MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False): ',
  max_pool_padding: 'MaxPool2d(kernel_size=2, stride=2, padding=2, dilation=1, ceil_mode=False): ',
  mse_reduction: 'MSELoss(): ',
  bce_shape: 'BCELoss(): ',
  bce_out_of_range: 'BCELoss(): ',
  nll_float_target: 'NLLLoss(): ',
};

describe("bad input raises PyTorch's error class and text, prefixed with the layer", () => {
  for (const { id, error } of reference.errors) {
    it(id, () => {
      const run = errorCases[id];
      expect(run, `no translation for ${id}`).toBeDefined();
      let thrown: Error | undefined;
      try {
        run!();
      } catch (e) {
        thrown = e as Error;
      }
      expect(thrown, 'an error').toBeInstanceOf(Error);
      const prefix = LAYER_PREFIX[id] ?? (id.startsWith('cross_entropy') ? 'CrossEntropyLoss(): ' : '');
      // PyTorch's first line; a second line may say what was expected and received.
      const [first, ...more] = thrown!.message.split('\n');
      expect({ type: thrown!.name, message: first }).toEqual({ type: error.type, message: `${prefix}${error.message}` });
      expect(more.length).toBeLessThanOrEqual(1);
    });
  }

  it('says which class indices were expected when a label is out of range or a float', () => {
    const loss = new nn.CrossEntropyLoss();
    expect(() => loss.forward(randn(3, 4), long([0, 5, 1]))).toThrow(
      'Target 5 is out of bounds.\nClass indices must be in [0, 4) for an input of shape [3, 4].',
    );
    expect(() => loss.forward(randn(3, 4), tensor([0.0, 1.0, 2.0]))).toThrow(
      'expected scalar type Long but found Float\nThe target must hold class indices: an int64 tensor of shape [3] with values in [0, 4); got float32.',
    );
  });

  it('names the module path when the layer sits inside a model', () => {
    const model = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(5, 2));
    expect(() => model.forward(randn(2, 3))).toThrow(
      '2 (Linear(in_features=5, out_features=2, bias=True)): mat1 and mat2 shapes cannot be multiplied (2x4 and 5x2)',
    );
  });
});

describe('optimizers step as PyTorch 1.13 does (fixtures/nn-reference.json)', () => {
  const makers: Record<string, (params: nn.Parameter[]) => optim.Optimizer<object, unknown>> = {
    sgd_plain: (p) => new optim.SGD(p, { lr: 0.1 }),
    sgd_momentum_dampening_weight_decay: (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 }),
    sgd_nesterov_maximize: (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.8, nesterov: true, maximize: true }),
    adam_defaults: (p) => new optim.Adam(p),
    adam_weight_decay_amsgrad: (p) => new optim.Adam(p, { lr: 0.01, betas: [0.8, 0.95], eps: 1e-6, weightDecay: 0.1, amsgrad: true }),
    sgd_momentum_dampening_weight_decay_float64: (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 }),
    sgd_nesterov_maximize_float64: (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.8, nesterov: true, maximize: true }),
    adam_weight_decay_amsgrad_float64: (p) => new optim.Adam(p, { lr: 0.01, betas: [0.8, 0.95], eps: 1e-6, weightDecay: 0.1, amsgrad: true }),
  };

  for (const recorded of reference.optimizers) {
    it(recorded.id, () => {
      manualSeed(0);
      const dtype = recorded.dtype;
      const model = new nn.Linear(3, 2, { dtype });
      const X = randn(6, 3, { dtype });
      const Y = randn(6, 2, { dtype });
      const optimizer = makers[recorded.id]!(model.parameters());
      // float64 runs check the formulas (equal to rounding); float32 runs drift by float32 ulps
      // because PyTorch accumulates the gradients in float32.
      const [relative, absolute] = dtype === 'float64' ? [1e-12, 1e-15] : [1e-5, 1e-7];
      for (const [i, want] of recorded.steps.entries()) {
        optimizer.zeroGrad();
        const loss = F.mseLoss(model.forward(X), Y);
        loss.backward();
        optimizer.step();
        expectClose([loss.item()], [want.loss], `step ${i} loss`, relative, absolute);
        expectClose(model.weight.toTypedArray(), want.weight, `step ${i} weight`, relative, absolute);
        expectClose(model.bias!.toTypedArray(), want.bias, `step ${i} bias`, relative, absolute);
      }
    });
  }
});
