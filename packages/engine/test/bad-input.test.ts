/** Bad input raises an error that names the problem and the value received. */
import { describe, expect, it } from 'vitest';
import { errorOf } from './support/errors.js';
import {
  arange,
  full,
  IndexError,
  linspace,
  noGrad,
  RuntimeError,
  snapshot,
  tensor,
  type Tensor,
  ValueError,
  zeros,
} from '../src/index.js';

describe('bad input', () => {
  it('a ragged nested array', () => {
    const e = errorOf(() => tensor([[1, 2], [3]]));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toMatch(/^expected sequence of length 2 at dim 1 \(got 1\) at index \[1\]/);
  });

  it('a number where a row was expected, and a row where a number was', () => {
    expect(errorOf(() => tensor([[1, 2], 3] as never)).message).toMatch(/got a number, 3\) at index \[1\]/);
    expect(errorOf(() => tensor([1, [2, 3]] as never)).message).toMatch(/expected a number at index \[1\]/);
  });

  it('a non-number element', () => {
    const e = errorOf(() => tensor([1, 'a'] as never));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(`tensor(): invalid data type 'string' at index [1] (got "a"); expected numbers, booleans, one-element tensors or nested arrays of them`);
  });

  it('data of an unsupported kind', () => {
    expect(errorOf(() => tensor('1, 2' as never)).message).toBe(
      'tensor(): expected a number, a boolean, a tensor, nested arrays of them, a Float32Array or a Float64Array, got "1, 2"',
    );
  });

  it('an unknown dtype, including torch.-prefixed names', () => {
    const e = errorOf(() => zeros(2, { dtype: 'float16' as never }));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe(`zeros(): unknown dtype "float16"; expected one of 'float32', 'float64', 'int64', 'bool'`);
    expect(errorOf(() => tensor([1], { dtype: 'torch.float64' as never })).message).toMatch(/drop the 'torch\.' prefix: 'float64'/);
  });

  it('a misspelled option', () => {
    expect(errorOf(() => tensor([1], { requires_grad: true } as never)).message).toBe(
      "tensor(): unknown option 'requires_grad' (gradviz spells it 'requiresGrad'); expected 'dtype' or 'requiresGrad'",
    );
  });

  it('a wrong shape', () => {
    expect(errorOf(() => zeros(-1)).message).toBe('Trying to create tensor with negative dimension -1: [-1]');
    expect(errorOf(() => zeros(2, 1.5)).message).toBe('zeros(): every size in a shape must be a whole number, got 1.5 in [2, 1.5]');
    expect(errorOf(() => full('3' as never, 1)).message).toBe('full(): expected a shape (an array of sizes such as [2, 3]), got "3"');
    expect(errorOf(() => tensor([1, 2, 3]).view(2)).message).toBe("shape '[2]' is invalid for input of size 3");
    expect(errorOf(() => tensor([1, 2]).view(-1, -1)).message).toBe('only one dimension can be inferred');
  });

  it('shapes that do not broadcast or multiply', () => {
    expect(errorOf(() => zeros(2, 3).add(zeros(3, 2))).message).toBe(
      'The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1',
    );
    expect(errorOf(() => zeros(2, 3).matmul(zeros(2, 3))).message).toBe('mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)');
    expect(errorOf(() => tensor(2).matmul(zeros(3))).message).toBe('both arguments to matmul need to be at least 1D, but they are 0D and 1D');
    expect(errorOf(() => zeros(2, 3).expand(3, 3)).message).toBe(
      'The expanded size of the tensor (3) must match the existing size (2) at non-singleton dimension 0.  Target sizes: [3, 3].  Tensor sizes: [2, 3]',
    );
  });

  it('a dim out of range', () => {
    const e = errorOf(() => zeros(2, 3).sum(2));
    expect(e).toBeInstanceOf(IndexError);
    expect(e.message).toBe('Dimension out of range (expected to be in range of [-2, 1], but got 2)');
  });

  it('non-finite values where they matter', () => {
    expect(errorOf(() => arange(0, Number.NaN)).message).toBe('unsupported range: 0 -> nan');
    expect(errorOf(() => arange(0, 10, 0)).message).toBe('step must be nonzero');
    expect(errorOf(() => linspace(0, Number.POSITIVE_INFINITY, 3)).message).toBe('linspace(): start and end must be finite, got 0 and inf');
    const e = errorOf(() => tensor([1, Number.NaN], { dtype: 'int64' }));
    expect(e).toBeInstanceOf(ValueError);
    expect(e.message).toBe("tensor(): cannot convert float NaN to integer (element 1) for dtype 'int64'");
    // NaN in float data is a value, as in PyTorch.
    expect(String(tensor([Number.NaN]))).toBe('tensor([nan])');
  });

  it('a method passed where a tensor goes', () => {
    const loss = tensor([1, 2], { requiresGrad: true }).mul(2);
    expect(errorOf(() => snapshot(loss.mean as never)).message).toBe(
      'snapshot(): the output must be a Tensor, got a function (mean); did you pass a method instead of calling it (e.g. loss.mean instead of loss.mean())?',
    );
    expect(errorOf(() => snapshot([loss, 3] as never)).message).toBe('snapshot(): outputs[1] must be a Tensor, got 3');
    expect(errorOf(() => snapshot(loss, { params: { w: [1, 2] } as never })).message).toBe(
      "snapshot(): params['w'] must be a Tensor, got an array of length 2",
    );
  });

  it('noGrad without a function, and an in-place op that cannot cast', () => {
    expect(errorOf(() => noGrad(3 as never)).message).toBe('noGrad(fn): expected a function to run, got 3');
    expect(errorOf(() => tensor([1, 2], { dtype: 'int64' }).add_(0.5)).message).toBe(
      "result type Float can't be cast to the desired output type Long",
    );
  });

  it('an operand that is neither a tensor nor a number', () => {
    const x: Tensor = tensor([1, 2]);
    expect(errorOf(() => x.add('1' as never)).message).toBe(`add(): argument 'other' must be a Tensor or a number, got "1"`);
    expect(errorOf(() => x.item()).message).toBe('only one element tensors can be converted to Python scalars');
    expect(errorOf(() => zeros(2, 2, 2).t())).toBeInstanceOf(RuntimeError);
  });
});
