/** Autograd semantics beyond the reference scenarios: grad mode, warnings, in-place rules, deep graphs. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccumulateGrad,
  catchWarnings,
  enableGrad,
  isGradEnabled,
  NON_LEAF_GRAD_WARNING,
  noGrad,
  RuntimeError,
  setGradEnabled,
  setWarningHandler,
  simpleFilter,
  snapshot,
  tensor,
  type Tensor,
  type WarningRecord,
  zeros,
} from '../src/index.js';

afterEach(() => {
  setWarningHandler(null);
  simpleFilter('default');
  setGradEnabled(true);
});

describe('grad mode', () => {
  it('noGrad turns recording off and restores it, also when fn throws', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return x.mul(2);
    });
    expect(isGradEnabled()).toBe(true);
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(() => noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  it('enableGrad records inside noGrad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = noGrad(() => enableGrad(() => x.mul(2)));
    expect(y.gradFn?.name()).toBe('MulBackward0');
  });

  it('refuses an async function, which grad mode could not follow', () => {
    expect(() => noGrad(async () => 1)).toThrow(/returned a Promise/);
    expect(isGradEnabled()).toBe(true);
  });
});

describe('the non-leaf .grad warning', () => {
  it('goes to the handler once by default, with PyTorch text', () => {
    const seen: WarningRecord[] = [];
    setWarningHandler((w) => seen.push(w));
    const y = tensor([1, 2], { requiresGrad: true }).mul(2);
    expect(y.grad).toBeNull();
    expect(y.grad).toBeNull();
    expect(seen).toEqual([{ category: 'UserWarning', message: NON_LEAF_GRAD_WARNING }]);
    expect(NON_LEAF_GRAD_WARNING).toMatch(/^The \.grad attribute of a Tensor that is not a leaf Tensor is being accessed/);
  });

  it("can be silenced with simpleFilter('ignore') and turned into an error", () => {
    const seen: WarningRecord[] = [];
    setWarningHandler((w) => seen.push(w));
    const y = tensor([1, 2], { requiresGrad: true }).mul(2);
    simpleFilter('ignore');
    expect(y.grad).toBeNull();
    expect(seen).toEqual([]);
    simpleFilter('error');
    expect(() => y.grad).toThrow(/not a leaf Tensor/);
  });

  it('is not raised for leaves or after retainGrad()', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    y.retainGrad();
    y.sum().backward();
    const { result, warnings } = catchWarnings(() => [x.grad, y.grad]);
    expect(warnings).toEqual([]);
    expect(result[1]!.tolist()).toEqual([1, 1]);
  });
});

describe('backward', () => {
  it('accumulates across calls and frees saved tensors unless retainGraph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const z = x.mul(x).sum();
    z.backward(null, { retainGraph: true });
    z.backward();
    expect(x.grad!.tolist()).toEqual([4, 8]);
    expect(() => z.backward()).toThrow(/Trying to backward through the graph a second time/);
    expect(() => z.gradFn!.nextFunctions[0]![0]!.saved).toThrow(RuntimeError);
  });

  it('a graph without saved tensors can run backward twice, as in PyTorch', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const z = x.sum();
    z.backward();
    z.backward();
    expect(x.grad!.tolist()).toEqual([2, 2]);
  });

  it('takes an explicit gradient and checks its shape', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(3);
    expect(() => y.backward(tensor([1, 1, 1]))).toThrow(
      'Mismatch in shape: grad_output[0] has a shape of torch.Size([3]) and output[0] has a shape of torch.Size([2]).',
    );
    y.backward(tensor([1, 0.5]));
    expect(x.grad!.tolist()).toEqual([3, 1.5]);
  });

  it('on a leaf accumulates into the leaf itself', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.backward(tensor([1, 1]));
    expect(x.grad!.tolist()).toEqual([1, 1]);
  });

  it('gives a float64 leaf a float64 gradient through a float32 copy (the seed)', () => {
    const leaf = tensor(Float64Array.of(1, 2), { requiresGrad: true });
    const x = leaf.float();
    x.pow(2).sum().backward();
    expect(leaf.grad!.dtype).toBe('float64');
    expect(leaf.grad!.tolist()).toEqual([2, 4]);
  });

  it('shares one AccumulateGrad per leaf, as PyTorch caches it', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const a = x.mul(2);
    const b = x.mul(3);
    expect(a.gradFn!.nextFunctions[0]![0]).toBe(b.gradFn!.nextFunctions[0]![0]);
    expect(a.gradFn!.nextFunctions[0]![0]).toBeInstanceOf(AccumulateGrad);
    expect((a.gradFn!.nextFunctions[0]![0] as AccumulateGrad).variable).toBe(x);
  });

  it('walks a chain of 100,000 ops without recursion (backward and snapshot)', () => {
    const x = tensor(0.5, { requiresGrad: true });
    let y: Tensor = x;
    for (let i = 0; i < 100_000; i++) y = y.add(1);
    y.backward();
    expect(x.grad!.item()).toBe(1);
    const graph = snapshot(y);
    expect(graph.nodes.length).toBe(100_001);
    expect(graph.nodes.at(-1)!.name).toBe('AccumulateGrad');
    expect(String(y)).toBe('tensor(100000.5000, grad_fn=<AddBackward0>)');
  });
});

describe('leaves and requiresGrad', () => {
  it('.float() on float32 is the same object; on float64 a non-leaf copy', () => {
    const w = tensor(1, { requiresGrad: true });
    expect(w.float()).toBe(w);
    const x = tensor(Float64Array.of(1), { requiresGrad: true }).float();
    expect([x.isLeaf, x.gradFn?.name(), x.dtype]).toEqual([false, 'ToCopyBackward0', 'float32']);
  });

  it('requiresGrad_ follows PyTorch: leaves only, floating point only', () => {
    const y = tensor([1, 2], { requiresGrad: true }).mul(2);
    expect(y.requiresGrad_(true)).toBe(y);
    expect(() => y.requiresGrad_(false)).toThrow(/you can only change requires_grad flags of leaf variables/);
    expect(() => tensor([1, 2], { dtype: 'int64' }).requiresGrad_()).toThrow('only Tensors of floating point dtype can require gradients');
    expect(() => tensor([1, 2], { dtype: 'int64', requiresGrad: true })).toThrow(
      'Only Tensors of floating point and complex dtype can require gradients',
    );
  });

  it('retainGrad needs requires_grad', () => {
    expect(() => tensor([1, 2]).retainGrad()).toThrow("can't retain_grad on Tensor that has requires_grad=False");
  });

  it('detach shares storage and the version counter', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const d = x.detach();
    noGrad(() => d.add_(1));
    expect(x.tolist()).toEqual([2, 3]);
    expect(x.version).toBe(1);
    expect(d.requiresGrad).toBe(false);
  });
});

describe('in-place ops', () => {
  it('refuse a leaf that requires grad outside noGrad, allow it inside', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    expect(() => w.sub_(1)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    noGrad(() => w.sub_(1));
    expect(w.tolist()).toEqual([0, 1]);
    expect(w.isLeaf).toBe(true);
  });

  it('rewrite the history of a non-leaf', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(1);
    const before = y.gradFn;
    y.mul_(2);
    expect(y.gradFn!.name()).toBe('MulBackward0');
    expect(y.gradFn!.nextFunctions[0]![0]).toBe(before);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2]);
  });

  it('make a constant that absorbs a tensor needing grad part of the graph', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const buffer = zeros(2);
    buffer.add_(w);
    expect(buffer.gradFn!.name()).toBe('AddBackward0');
    expect(buffer.gradFn!.nextFunctions.map(([n]) => n?.name() ?? null)).toEqual([null, 'AccumulateGrad']);
  });

  it('detect a saved tensor changed before backward', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const z = w.mul(w).sum();
    noGrad(() => w.add_(1));
    expect(() => z.backward()).toThrow(
      'one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [2]] is at version 1; expected version 0 instead.',
    );
  });
});

describe('dtype promotion', () => {
  it('follows torch.result_type', () => {
    const f32 = tensor([1, 2]);
    const f64 = tensor([1, 2], { dtype: 'float64' });
    const i64 = tensor([1, 2], { dtype: 'int64' });
    expect(f32.add(f64).dtype).toBe('float64');
    expect(f32.mul(2).dtype).toBe('float32');
    expect(f32.mul(2.5).dtype).toBe('float32');
    expect(i64.mul(2).dtype).toBe('int64');
    expect(i64.mul(2.5).dtype).toBe('float32');
    expect(i64.div(2).dtype).toBe('float32');
    expect(f32.add(tensor(1, { dtype: 'float64' })).dtype).toBe('float32');
    expect(f64.float().add(f32).dtype).toBe('float32');
  });
});
