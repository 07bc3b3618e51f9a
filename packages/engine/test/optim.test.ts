/**
 * Optimizer behaviour beyond the numbers (those are checked against PyTorch in nn-reference.test.ts):
 * in-place updates that record nothing, parameter groups, skipped parameters, closures, zeroGrad.
 */
import { describe, expect, it } from 'vitest';
import { catchWarnings, F, isGradEnabled, nn, optim, tensor, ValueError, zeros } from '../src/index.js';

/** A parameter with a gradient of `grad` already accumulated. */
function withGrad(values: number[], grad: number[]): nn.Parameter {
  const p = new nn.Parameter(tensor(values));
  p.mul(tensor(grad)).sum().backward();
  return p;
}

describe('optimizer steps', () => {
  it('update the parameter in place, outside the graph: it stays the same leaf, one version later', () => {
    const p = withGrad([1, 2], [0.5, -1]);
    const version = p.version;
    new optim.SGD([p], { lr: 0.1 }).step();
    expect(p.tolist()).toEqual([Math.fround(1 - 0.05), Math.fround(2 + 0.1)]);
    expect([p.isLeaf, p.gradFn, p.requiresGrad, p.version]).toEqual([true, null, true, version + 1]);
  });

  it('skip parameters without a gradient', () => {
    const used = withGrad([1], [1]);
    const unused = new nn.Parameter(tensor([5]));
    const adam = new optim.Adam([used, unused], { lr: 0.1 });
    adam.step();
    expect(unused.tolist()).toEqual([5]);
    expect([adam.state.has(used), adam.state.has(unused)]).toEqual([true, false]);
  });

  it('apply each group its own settings, defaults filling the rest', () => {
    const a = withGrad([1], [1]);
    const b = withGrad([1], [1]);
    const sgd = new optim.SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1, momentum: 0.9 });
    sgd.step();
    expect([a.item(), b.item()]).toEqual([Math.fround(0.9), 0.5]);
    expect(sgd.paramGroups.map((g) => [g.lr, g.momentum])).toEqual([
      [0.1, 0.9],
      [0.5, 0.9],
    ]);
    expect(sgd.state.get(a)!.momentumBuffer.tolist()).toEqual([1]);
  });

  it('run the closure with grad enabled and return its loss', () => {
    const lin = new nn.Linear(2, 1);
    const sgd = new optim.SGD(lin.parameters(), { lr: 0.01 });
    let gradMode: boolean | undefined;
    const loss = sgd.step(() => {
      gradMode = isGradEnabled();
      sgd.zeroGrad();
      const l = F.mseLoss(lin.forward(tensor([[1, 2]])), tensor([[3]]));
      l.backward();
      return l;
    });
    expect(gradMode).toBe(true);
    expect(loss?.gradFn?.name()).toBe('MseLossBackward0');
  });

  it('zeroGrad() zeroes or drops every gradient', () => {
    const p = withGrad([1, 2], [3, 4]);
    const sgd = new optim.SGD([p], { lr: 0.1 });
    sgd.zeroGrad();
    expect(p.grad!.tolist()).toEqual([0, 0]);
    sgd.zeroGrad(true);
    expect(p.grad).toBeNull();
  });
});

describe('optimizer arguments', () => {
  it("refuses what PyTorch refuses, and says what to pass instead of namedParameters()", () => {
    const p = new nn.Parameter(zeros(2));
    expect(() => new optim.SGD([{ params: [p] }, { params: [p] }], { lr: 1 })).toThrow('some parameters appear in more than one parameter group');
    const named = new nn.Linear(2, 1).namedParameters();
    expect(() => new optim.SGD(named as never, { lr: 1 })).toThrow(/pass model.parameters\(\)/);
    expect(() => new optim.SGD(p as never, { lr: 1 })).toThrow(
      'params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch.FloatTensor',
    );
    expect(() => new optim.SGD([p], { lr: 0.1, nesterov: true })).toThrow(ValueError);
  });

  it('warns, as PyTorch does, about a parameter listed twice in one group', () => {
    const p = new nn.Parameter(zeros(2));
    const { warnings } = catchWarnings(() => new optim.SGD([p, p], { lr: 1 }));
    expect(warnings[0]?.message).toMatch(/^optimizer contains a parameter group with duplicate parameters/);
  });
});
