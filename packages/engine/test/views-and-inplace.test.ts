/**
 * Views and in-place changes, checked against what torch 1.13 does (values printed by
 * /usr/bin/python3 for the same code, noted beside each case).
 */
import { describe, expect, it } from 'vitest';
import { arange, catchWarnings, noGrad, snapshot, tensor, zeros } from '../src/index.js';

describe('a view whose base is rewritten in place', () => {
  it('takes its history from the base: AsStridedBackward0, and the gradient of the new values', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    const y = x.mul(1);
    const v = y.t();
    expect(v.gradFn!.name()).toBe('TBackward0');
    y.mul_(2);
    // torch: AsStridedBackward0 {size: (3, 2), storage_offset: 0, stride: (1, 3)}, next: MulBackward0
    expect(v.gradFn!.name()).toBe('AsStridedBackward0');
    expect(v.gradFn!.saved).toEqual({ size: [3, 2], storageOffset: 0, stride: [1, 3] });
    expect(v.gradFn!.nextFunctions[0]![0]).toBe(y.gradFn);
    v.mul(arange(0, 6, { dtype: 'float32' }).reshape(3, 2)).sum().backward();
    // torch: x.grad = [[0, 4, 8], [2, 6, 10]]
    expect(x.grad!.tolist()).toEqual([[0, 4, 8], [2, 6, 10]]);
  });

  it('of a base that needed no grad joins the graph when the base does', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const a = zeros(2, 3);
    const w = a.t();
    expect(w.requiresGrad).toBe(false);
    a.add_(x);
    // torch: w.grad_fn = AsStridedBackward0, w.requires_grad = True
    expect(w.requiresGrad).toBe(true);
    expect(w.gradFn!.name()).toBe('AsStridedBackward0');
    w.sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2, 2]);
  });

  it('an in-place change made through a view while recording gives the base CopySlices (torch: x.grad = [2., 2., 2.])', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const a = zeros(2, 3);
    const view = a.t();
    view.add_(x.unsqueeze(1));
    expect(a.gradFn!.name()).toBe('CopySlices');
    expect(view.gradFn!.name()).toBe('AsStridedBackward0');
    expect(a.tolist()).toEqual([[1, 2, 3], [1, 2, 3]]);
    a.sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2, 2]);
    noGrad(() => a.t().add_(1));
    expect(a.version).toBe(2);
  });

  it('a write to memory several elements share is refused, as in PyTorch', () => {
    expect(() => zeros(1, 2).expand(3, 2).add_(1)).toThrow(
      'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.',
    );
  });
});

describe('retainGrad and in-place changes', () => {
  it('the retained gradient is the one of the tensor after the change (torch: [1., 1.])', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(1);
    y.retainGrad();
    y.mul_(2);
    y.sum().backward();
    expect(y.grad!.tolist()).toEqual([1, 1]);
    expect(x.grad!.tolist()).toEqual([2, 2]);
  });

  it("a retained non-leaf gradient accumulates into a new tensor, leaving the old one as read (torch: [4., 8.] kept)", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    y.retainGrad();
    const z = y.pow(2).sum();
    z.backward(null, { retainGraph: true });
    const first = y.grad!;
    z.backward();
    expect(first.tolist()).toEqual([4, 8]);
    expect(y.grad!.tolist()).toEqual([8, 16]);
    expect(y.grad).not.toBe(first);
  });
});

describe('NaN is a value', () => {
  it('relu keeps NaN and passes its gradient (torch: [nan, 0., 1.], grad [1., 0., 1.])', () => {
    const x = tensor([Number.NaN, -1, 1], { requiresGrad: true });
    const r = x.relu();
    expect(r.tolist()).toEqual([Number.NaN, 0, 1]);
    r.sum().backward();
    expect(x.grad!.tolist()).toEqual([1, 0, 1]);
  });

  it('argmax counts NaN as the largest, the first one winning (torch: 1 and 0)', () => {
    expect(tensor([[1, Number.NaN, 3]]).argmax(1).tolist()).toEqual([1]);
    expect(tensor([Number.NaN, Number.NaN]).argmax().item()).toBe(0);
    expect(tensor([[3, 1], [2, 5]]).argmax(0).tolist()).toEqual([0, 1]);
  });
});

describe('errors PyTorch raises', () => {
  it('softmax of an int64 tensor', () => {
    expect(() => tensor([1, 2], { dtype: 'int64' }).softmax(0)).toThrow(`"softmax_lastdim_kernel_impl" not implemented for 'Long'`);
    expect(() => tensor([[1, 2], [3, 4]], { dtype: 'int64' }).logSoftmax(0)).toThrow(`"log_softmax_kernel_impl" not implemented for 'Long'`);
  });
});

describe('provenance through in-place changes', () => {
  it('a buffer filled under noGrad from a tensor needing grad records the cut', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const buffer = zeros(2);
    noGrad(() => buffer.copy_(x.mul(2)));
    const graph = snapshot(buffer.mul(3).sum(), { params: { x, buffer } });
    const entry = graph.tensors[graph.params[1]!.tensor]!;
    expect(entry.cutSources?.map((c) => [graph.tensors[c.tensor]!.params, c.cut])).toEqual([[['x'], 'noGrad']]);
  });

  it('a buffer that absorbs a detached tensor records the detach; zero_() forgets it', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const buffer = zeros(2);
    buffer.add_(x.detach());
    expect(buffer._cutSources.map((c) => c.cut)).toEqual(['detach']);
    buffer.zero_();
    expect(buffer._cutSources).toEqual([]);
  });

  it('an optimizer-style update of a parameter under noGrad marks nothing as cut', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const { warnings } = catchWarnings(() => noGrad(() => w.sub_(tensor([0.1, 0.1]))));
    expect(warnings).toEqual([]);
    expect(w._cutSources).toEqual([]);
    expect(w.isLeaf).toBe(true);
  });
});
