/** Gradient flow recording: off unless asked, per backward pass, update ratios inside the scope, clear errors. */
import { describe, expect, it } from 'vitest';
import { nn, optim, recordGradients, snapshot, tensor } from '../src/index.js';

describe('recordGradients', () => {
  it('records nothing unless asked', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const loss = w.mul(w).sum();
    loss.backward();
    expect(snapshot(loss, { params: { w } }).gradients).toBeUndefined();
  });

  it('keeps what the latest pass sent along each edge, and the leaves\' .grad', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const loss = w.mul(w).sum();
    loss.backward(null, { retainGraph: true, recordGradients: true });
    loss.backward(tensor(3), { recordGradients: true });
    const flow = snapshot(loss, { params: { w } }).gradients!;
    expect(flow.nodes[0]).toMatchObject({ node: 0, gradOutputs: [{ norm: 3, numel: 1 }] });
    // MulBackward0 sends 3·w along both of its edges, to the same AccumulateGrad.
    expect(flow.nodes[1]!.gradInputs.map((s) => s!.norm)).toEqual([3 * Math.sqrt(5), 3 * Math.sqrt(5)]);
    // .grad holds both passes: 2w + 6w.
    expect(flow.leaves).toEqual([{ tensor: 1, grad: { numel: 2, norm: 8 * Math.sqrt(5), maxAbs: 16, meanAbs: 12, zeros: 0, nan: 0, inf: 0 } }]);
    expect(flow.anomaly).toBeUndefined();
  });

  it("inside the scope, notes each optimizer step's update-to-weight ratio", () => {
    const lin = new nn.Linear(2, 1);
    const opt = new optim.SGD(lin.parameters(), { lr: 0.1 });
    const values = (t: typeof lin.weight) => (t.tolist() as number[][]).flat();
    const before = values(lin.weight);
    const loss = recordGradients(() => {
      const l = lin.forward(tensor([[1, 2]])).sum();
      l.backward();
      opt.step();
      return l;
    });
    const after = values(lin.weight);
    const norm = (v: number[]) => Math.hypot(...v);
    const s = snapshot(loss, { params: lin.namedParameters() });
    const weight = s.gradients!.leaves.find((l) => l.tensor === s.params[0]!.tensor)!;
    expect(weight.updateRatio).toBeCloseTo(norm(after.map((a, i) => a - before[i]!)) / norm(before), 6);
    // SGD moved it by lr·grad, grad = [1, 2].
    expect(norm(after.map((a, i) => a - before[i]!))).toBeCloseTo(0.1 * Math.sqrt(5), 6);
  });

  it('says what was wrong with its argument', () => {
    expect(() => recordGradients(42 as never)).toThrow('recordGradients(fn): expected a function to run, got 42');
    expect(() => recordGradients(async () => 1)).toThrow('recordGradients(fn): fn returned a Promise');
    const w = tensor([1], { requiresGrad: true });
    expect(() => w.sum().backward(null, { recordGradients: 'yes' as never })).toThrow("backward(): argument 'recordGradients' must be bool, not str");
  });
});
