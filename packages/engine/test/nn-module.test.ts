/**
 * nn.Module: registration, PyTorch's parameter names and reprs (fixtures/nn-reference.json),
 * train/eval, zeroGrad, and the module path every graph node records.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { F, manualSeed, nn, noGrad, ones, randn, snapshot, type Tensor, tensor, ValueError, zeros } from '../src/index.js';

const reference = JSON.parse(readFileSync(new URL('./fixtures/nn-reference.json', import.meta.url), 'utf8')) as {
  reprs: { id: string; repr: string | string[] }[];
  named_parameters: string[];
};

/** The fixture's `Net`, translated: a Linear, then a Sequential of ReLU, Dropout and a bias-less Linear. */
class Net extends nn.Module {
  readonly fc1 = this.registerModule('fc1', new nn.Linear(2, 3));
  readonly layers = this.registerModule('layers', new nn.Sequential(new nn.ReLU(), new nn.Dropout(0.25), new nn.Linear(3, 2, { bias: false })));

  override forward(x: Tensor): Tensor {
    return this.layers.forward(this.fc1.forward(x));
  }
}

const reprCases: Record<string, () => unknown> = {
  parameter: () => new nn.Linear(3, 2).weight,
  linear: () => new nn.Linear(3, 4),
  linear_no_bias: () => new nn.Linear(3, 4, { bias: false }),
  conv: () => new nn.Conv2d(1, 2, 3),
  conv_settings: () => new nn.Conv2d(2, 4, [3, 5], { stride: 2, padding: 1, dilation: 2, groups: 2, bias: false }),
  max_pool: () => new nn.MaxPool2d(2),
  max_pool_settings: () => new nn.MaxPool2d(3, { stride: 1, padding: 1, ceilMode: true }),
  activations: () => [new nn.ReLU(), new nn.Sigmoid(), new nn.Tanh(), new nn.Flatten(), new nn.Dropout()],
  losses: () => [new nn.MSELoss(), new nn.BCELoss(), new nn.NLLLoss(), new nn.CrossEntropyLoss()],
  sequential: () => new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Sequential(new nn.Linear(4, 2))),
  net: () => new Net(),
};

describe('repr as PyTorch prints it', () => {
  for (const { id, repr } of reference.reprs) {
    it(id, () => {
      manualSeed(0);
      const value = reprCases[id]!();
      expect(Array.isArray(value) ? value.map(String) : String(value)).toEqual(repr);
    });
  }
});

describe('parameters', () => {
  it("namedParameters() gives PyTorch's dotted names in PyTorch's order", () => {
    const net = new Net();
    expect(net.namedParameters().map(([name]) => name)).toEqual(reference.named_parameters);
    expect(net.parameters()).toEqual(net.namedParameters().map(([, p]) => p));
  });

  it('parameters are leaves that require grad and share the storage of the tensor they wrap', () => {
    const data = zeros(2, 3);
    const p = new nn.Parameter(data);
    expect([p.isLeaf, p.requiresGrad, p instanceof nn.Parameter]).toEqual([true, true, true]);
    noGrad(() => p.fill_(2));
    expect(data.tolist()).toEqual([
      [2, 2, 2],
      [2, 2, 2],
    ]);
    expect(new nn.Parameter(zeros(2), false).requiresGrad).toBe(false);
    expect(() => new nn.Parameter(zeros(2, { dtype: 'int64' }))).toThrow('Only Tensors of floating point and complex dtype can require gradients');
  });

  it('a parameter registered twice is listed once, under its first name', () => {
    const shared = new nn.Linear(2, 2);
    const model = new nn.Sequential(shared, new nn.ReLU(), shared);
    expect(model.namedParameters().map(([name]) => name)).toEqual(['0.weight', '0.bias']);
    expect(model.length).toBe(3);
  });

  it('refuses what PyTorch refuses when registering', () => {
    const m = new nn.Module();
    expect(() => m.registerParameter('a.b', null)).toThrow(ValueError);
    expect(() => m.registerParameter('', null)).toThrow('parameter name can\'t be empty string ""');
    expect(() => m.registerParameter('w', zeros(2) as unknown as nn.Parameter)).toThrow(
      "cannot assign 'torch.FloatTensor' object to parameter 'w' (torch.nn.Parameter or None required)",
    );
    m.registerModule('child', new nn.ReLU());
    expect(() => m.registerParameter('child', null)).toThrow("attribute 'child' already exists");
    expect(() => m.forward(zeros(1))).toThrow('Module [Module] is missing the required "forward" function');
  });
});

describe('modes and gradients', () => {
  it('train() and eval() reach every module; Dropout acts only in training', () => {
    const net = new Net();
    const dropout = net.layers.at(1) as nn.Dropout;
    const x = randn(50);
    net.eval();
    expect(net.modules().map((m) => m.training)).toEqual([false, false, false, false, false, false]);
    expect(dropout.forward(x)).toBe(x);
    net.train();
    expect(net.modules().every((m) => m.training)).toBe(true);
    const dropped = dropout.forward(x).toTypedArray();
    const kept = x.toTypedArray().map((v) => Math.fround(v * Math.fround(1 / 0.75)));
    expect([...dropped].every((v, i) => v === 0 || v === kept[i])).toBe(true);
    expect(dropped.filter((v) => v === 0).length).toBeGreaterThan(0);
  });

  it('zeroGrad() zeroes gradients in place (1.13 default) or drops them', () => {
    const lin = new nn.Linear(2, 1);
    lin.forward(ones(3, 2)).sum().backward();
    const grad = lin.weight.grad!;
    lin.zeroGrad();
    expect(lin.weight.grad).toBe(grad);
    expect(grad.tolist()).toEqual([[0, 0]]);
    lin.zeroGrad(true);
    expect([lin.weight.grad, lin.bias!.grad]).toEqual([null, null]);
  });
});

describe('module provenance in the graph', () => {
  it('every node records the path of the module that made it; namedParameters() names the leaves', () => {
    manualSeed(0);
    const net = new Net();
    const loss = F.crossEntropy(net.forward(randn(4, 2)), tensor([0, 1, 1, 0], { dtype: 'int64' }));
    const graph = snapshot(loss, { params: net.namedParameters() });
    const byName = graph.nodes.filter((n) => n.name !== 'AccumulateGrad').map((n) => [n.name, n.module ?? null]);
    expect(byName).toEqual([
      ['NllLossBackward0', null],
      ['LogSoftmaxBackward0', null],
      ['MmBackward0', 'layers.2'],
      ['MulBackward0', 'layers.1'],
      ['ReluBackward0', 'layers.0'],
      ['AddmmBackward0', 'fc1'],
      ['TBackward0', 'fc1'],
      ['TBackward0', 'layers.2'],
    ]);
    const leaves = graph.nodes.filter((n) => n.name === 'AccumulateGrad').map((n) => graph.tensors[n.variable!]!.params);
    expect(leaves).toEqual([['fc1.bias'], ['fc1.weight'], ['layers.2.weight']]);
  });

  it('a module called on its own, outside any parent, adds no path', () => {
    const net = new Net();
    const out = net.fc1.forward(randn(1, 2));
    expect(out.gradFn!.module).toBeUndefined();
  });

  it('an error inside a nested layer names its path once', () => {
    const net = new Net();
    expect(() => net.forward(randn(4, 3))).toThrow(
      /^fc1 \(Linear\(in_features=2, out_features=3, bias=True\)\): mat1 and mat2 shapes cannot be multiplied \(4x3 and 2x3\)$/,
    );
  });
});
