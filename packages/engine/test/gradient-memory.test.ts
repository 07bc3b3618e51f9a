/**
 * Memory of gradients: the backward pass gives the storages of intermediate gradients back for
 * reuse once nothing holds them, and never one that left the pass (`.grad`, a retained gradient,
 * the caller's gradient). Values are checked after later work has had the chance to reuse memory.
 */
import { describe, expect, it } from 'vitest';
import { allocate, releaseStorage } from '../src/dtype.js';
import { randn, tensor } from '../src/index.js';

const N = 50_000; // 200 KB of float32: large storages, the ones that are pooled

describe('gradient memory', () => {
  it('reuses a released storage, zeroed, and leaves small and borrowed storages alone', () => {
    const big = allocate('float32', N);
    big.fill(7);
    releaseStorage(big);
    const again = allocate('float32', N);
    expect(again).toBe(big);
    expect(again.every((v) => v === 0)).toBe(true);
    const view = new Float32Array(new ArrayBuffer(N * 8), 0, N);
    releaseStorage(view);
    expect(allocate('float32', N)).not.toBe(view);
  });

  it("keeps every leaf's .grad and the caller's gradient intact while later passes reuse memory", () => {
    const x = randn(N).requiresGrad_();
    const y = randn(N).requiresGrad_();
    x.mul(2).mul(3).add(1).sum().backward();
    const xGrad = x.grad!;
    const hidden = y.mul(2);
    hidden.retainGrad();
    const seed = randn(N);
    const seedValues = seed.toTypedArray();
    hidden.mul(3).backward(seed);
    for (let i = 0; i < 5; i++) randn(N).requiresGrad_().mul(4).mul(5).sum().backward();
    expect(xGrad.toTypedArray().every((v) => v === 6)).toBe(true);
    expect([...seed.toTypedArray()]).toEqual([...seedValues]);
    const want = seedValues.map((v) => Math.fround(v * 3));
    expect([...hidden.grad!.toTypedArray()]).toEqual([...want]);
    expect([...y.grad!.toTypedArray()]).toEqual([...want.map((v) => Math.fround(v * 2))]);
  });

  it('sums gradients that meet at a leaf, and accumulates into an existing .grad', () => {
    const x = tensor(new Array(N).fill(1)).requiresGrad_();
    x.add(x).mul(x).sum().backward();
    // d/dx (2x * x) = 4x
    expect(x.grad!.toTypedArray().every((v) => v === 4)).toBe(true);
    x.mul(2).sum().backward();
    expect(x.grad!.toTypedArray().every((v) => v === 6)).toBe(true);
  });
});
