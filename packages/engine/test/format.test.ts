/** `toString()` prints what PyTorch's repr prints; fixtures/reprs.json was written by fixtures/reprs.py with torch 1.13. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { arange, linspace, type Tensor, tensor, zeros } from '../src/index.js';

const expected = JSON.parse(readFileSync(new URL('./fixtures/reprs.json', import.meta.url), 'utf8')) as Record<string, string>;

const cases: Record<string, () => Tensor> = {
  arange17: () => arange(-8, 9, { dtype: 'float32' }),
  f64_rg: () => tensor([1, 2], { dtype: 'float64', requiresGrad: true }),
  scalar_gradfn: () => tensor(3.5, { requiresGrad: true }).mul(2),
  int: () => tensor([1, 0], { dtype: 'int64' }),
  sci: () => tensor([1e-5, 1.0, 1e5]),
  matrix: () => tensor([[0.1234567, 2], [3, 4]]),
  nan_inf: () => tensor([[1.5, Number.NaN], [Number.POSITIVE_INFINITY, -2]]),
  nan0: () => tensor(Number.NaN),
  zeros: () => tensor([0, 0]),
  big: () => tensor([1e10, 1]),
  empty: () => zeros(0),
  empty2: () => zeros(2, 0),
  long: () => arange(0, 2000, { dtype: 'float32' }),
  f64scalar: () => tensor(2, { dtype: 'float64' }),
  tie: () => tensor([0.03125, 1]),
  halves: () => tensor([2.5, 1.25]),
  grid3d: () => arange(0, 24, { dtype: 'float32' }).reshape(2, 3, 4).div(7),
  bigmat: () => arange(0, 10000, { dtype: 'float32' }).reshape(100, 100),
  negzero: () => tensor([-0, 1]),
  long_ints: () => arange(30),
  int_f64_rg_sum: () => tensor([1, 2], { dtype: 'float64', requiresGrad: true }).sum(),
  wide: () => linspace(-1, 1, 30),
  bool: () => tensor([true, false, true]),
  bool_matrix: () => tensor([[1, -2], [0, 3]]).gt(0),
  bool_scalar: () => tensor(true),
  bool_empty: () => zeros(0).gt(0),
  bool_all_true: () => tensor([true, true]),
};

describe('toString() is PyTorch repr', () => {
  it('covers every recorded case', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(expected).sort());
  });
  for (const [name, make] of Object.entries(cases)) {
    it(name, () => {
      expect(String(make())).toBe(expected[name]);
    });
  }
});
