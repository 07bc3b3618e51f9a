/** Values out of the graph — item(), tolist(), numpy() — and tensor() of them, as PyTorch 1.13 gives them. */
import { describe, expect, it } from 'vitest';
import { snapshot, tensor } from '../src/index.js';

describe('item, tolist, numpy', () => {
  it('item() reads any one-element tensor; a bool tensor gives a boolean (torch: 7.0, True)', () => {
    expect(tensor([[7]]).item()).toBe(7);
    expect(tensor([1, 2]).gt(0).all().item<boolean>()).toBe(true);
    expect(() => tensor([1, 2]).item()).toThrow('only one element tensors can be converted to Python scalars');
  });

  it('tolist() nests arrays by dim; bool elements are booleans (torch: [[True, False]])', () => {
    expect(tensor([[1, -1]]).gt(0).tolist()).toEqual([[true, false]]);
    expect(tensor(2.5).tolist()).toBe(2.5);
  });

  it('numpy() gives a typed array per dtype, copied, and tensor() of it keeps the dtype as NumPy arrays do', () => {
    const f = tensor([1.5, 2]);
    expect(f.numpy()).toBeInstanceOf(Float32Array);
    expect(tensor([1, 2], { dtype: 'float64' }).numpy()).toBeInstanceOf(Float64Array);
    const mask = tensor([true, false]);
    const bytes = mask.numpy();
    expect(bytes).toEqual(Uint8Array.of(1, 0));
    expect(tensor(bytes).dtype).toBe('bool');
    const longs = tensor([3, 4], { dtype: 'int64' }).numpy();
    expect(longs).toBeInstanceOf(Float64Array);
    expect(tensor(longs).dtype).toBe('int64');
    const copy = f.numpy();
    copy[0] = 9;
    expect(f.tolist()).toEqual([1.5, 2]);
  });

  it('a tensor rebuilt from values records where they came from, and the cut when they needed a gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const fromList = tensor(x.tolist() as number[]);
    const graph = snapshot(fromList.mul(2), { params: { x, fromList } });
    const entry = graph.tensors[graph.params[1]!.tensor]!;
    expect(entry.origin).toMatchObject({ kind: 'created', fn: 'tensor', via: 'tolist', of: graph.params[0]!.tensor });
    expect(entry.cutSources).toEqual([{ tensor: graph.params[0]!.tensor, cut: 'values', via: 'tolist', at: graph.params[1]!.tensor }]);
    const fromNumpy = tensor(x.detach().numpy());
    expect(fromNumpy._cutSources.map((c) => c.cut)).toEqual(['detach']);
    const plain = tensor([1, 2]);
    expect(tensor(plain.tolist() as number[])._cutSources).toEqual([]);
  });

  it('tensor() of tensors copies their values with no graph; booleans give bool, promotion follows the elements', () => {
    const a = tensor(2, { requiresGrad: true, dtype: 'float64' });
    const t = tensor([a, 1.5]);
    expect(t.dtype).toBe('float64');
    expect(t.requiresGrad).toBe(false);
    expect(tensor([true, false]).dtype).toBe('bool');
    expect(tensor([true, 2]).dtype).toBe('float32');
  });
});
