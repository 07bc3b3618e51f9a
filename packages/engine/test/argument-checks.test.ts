/**
 * Issue 10, items 6 and 8: bad arguments to public functions raise PyTorch's error class (and, where
 * the call means the same in both, PyTorch's text, recorded by fixtures/argument-errors.py), never
 * an internal error, a crash of the process, or a silently wrong result.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorOf } from './support/errors.js';
import { F, nn, optim, RuntimeError, snapshot, type Tensor, tensor, ValueError, zeros } from '../src/index.js';
import { setPrintOptions } from '../src/format.js';

type Outcome = { returns: unknown } | { raises: string; message: string };
const pytorch = JSON.parse(readFileSync(new URL('./fixtures/argument-errors.json', import.meta.url), 'utf8')) as Record<string, Outcome>;

const ERROR_CLASSES: Readonly<Record<string, new (...args: never[]) => Error>> = { RuntimeError, ValueError, TypeError };

/** `depth` arrays inside each other around a 1, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const leaf = () => tensor([1, 2], { requiresGrad: true });

/** The same call in gradviz as in the fixture; the class and the text must be PyTorch's. */
const SAME_AS_PYTORCH: [string, () => unknown][] = [
  ['zeros_too_large', () => zeros([1_000_000, 1_000_000])],
  ['zeros_overflow', () => zeros([2 ** 40, 2 ** 40])],
  ['tensor_128_dims', () => tensor(nested(128) as never).dim()],
  ['tensor_129_dims', () => tensor(nested(129) as never)],
  [
    'tensor_cyclic',
    () => {
      const a: unknown[] = [];
      a.push(a);
      return tensor(a as never);
    },
  ],
  ['backward_int_gradient', () => leaf().sum().backward(1 as never)],
  ['backward_str_gradient', () => leaf().sum().backward('yes' as never)],
  ['add_alpha_str', () => leaf().add(leaf(), { alpha: 'a' as never })],
  ['add_alpha_none', () => leaf().add(leaf(), { alpha: null as never })],
  ['zeros_2_0_tolist', () => zeros(2, 0).tolist()],
  ['zeros_2_0_3_tolist', () => zeros(2, 0, 3).tolist()],
  ['sequential_int', () => new nn.Sequential(3 as never)],
  ['sequential_str', () => new nn.Sequential('a' as never)],
  ['sequential_tensor', () => new nn.Sequential(zeros(1) as never)],
];

describe('as PyTorch 1.13 does (fixtures/argument-errors.json)', () => {
  it.each(SAME_AS_PYTORCH)('%s', (name, run) => {
    const expected = pytorch[name]!;
    if ('returns' in expected) {
      expect(run()).toEqual(expected.returns);
      return;
    }
    const error = errorOf(run);
    expect(error).toBeInstanceOf(ERROR_CLASSES[expected.raises]!);
    expect(error.message).toBe(expected.message);
  });

  // PyTorch's texts here speak of Python (tuples of names, integers for flags); the class is PyTorch's.
  it.each([
    ['backward_retain_graph_str', () => leaf().sum().backward(null, { retainGraph: 'yes' as never }), "backward(): argument 'retainGraph' must be bool, not str"],
    ['sum_keepdim_str', () => leaf().sum(0, 'yes' as never), "sum(): argument 'keepdim' must be bool, not str"],
    ['mean_keepdim_str', () => leaf().mean(0, 'yes' as never), "mean(): argument 'keepdim' must be bool, not str"],
  ])('%s: PyTorch’s class, a text for JavaScript', (name, run, message) => {
    const expected = pytorch[name] as { raises: string };
    const error = errorOf(run);
    expect(error).toBeInstanceOf(ERROR_CLASSES[expected.raises]!);
    expect(error.message).toBe(message);
  });

  it('refuses 30,000 nested arrays at once (it took 34 s) and never aborts the process on an array holding itself', () => {
    expect(errorOf(() => tensor(nested(30_000) as never))).toEqual(new ValueError("too many dimensions 'list'"));
    const row: unknown[] = [1];
    const table = [row, row];
    row[0] = table;
    expect(errorOf(() => tensor(table as never))).toEqual(new ValueError("too many dimensions 'list'"));
  });

  it('a size JavaScript cannot hold at all is the allocator error too, for every creation function', () => {
    for (const run of [() => zeros(2 ** 33), () => zeros([2 ** 33], { dtype: 'float64' })]) {
      const error = errorOf(run);
      expect(error).toBeInstanceOf(RuntimeError);
      expect(error.message).toMatch(/^\[enforce fail at alloc_cpu\.cpp:75\] err == 0\. DefaultCPUAllocator: can't allocate memory: you tried to allocate \d+ bytes\. Error code 12 \(Cannot allocate memory\)$/);
    }
    expect(errorOf(() => zeros(1).expand(2 ** 40).contiguous()).message).toContain('you tried to allocate 4398046511104 bytes');
  });
});

describe('option objects: unknown keys named, the camelCase spelling suggested', () => {
  it.each([
    ['backward(null, null)', () => leaf().sum().backward(null, null as never), 'backward(): options must be an object such as { retainGraph: true }, got null'],
    ['backward(null, true)', () => leaf().sum().backward(null, true as never), 'backward(): options must be an object such as { retainGraph: true }, got true'],
    [
      'backward(null, { retain_graph: true })',
      () => leaf().sum().backward(null, { retain_graph: true } as never),
      "backward(): unknown option 'retain_graph' (gradviz spells it 'retainGraph'); expected 'retainGraph' or 'recordGradients'",
    ],
    ['x.add(x, null)', () => leaf().add(leaf(), null as never), 'add(): options must be an object such as { alpha: 2 }, got null'],
    ['x.add_(x, { alph: 2 })', () => zeros(2).add_(zeros(2), { alph: 2 } as never), "add_(): unknown option 'alph'; expected 'alpha'"],
    [
      'new optim.SGD(params, { lr, momentom })',
      () => new optim.SGD([leaf()], { lr: 0.1, momentom: 0.9 } as never),
      "SGD(): unknown option 'momentom'; expected 'lr', 'momentum', 'dampening', 'weightDecay', 'nesterov' or 'maximize'",
    ],
    [
      'new optim.Adam(params, { weight_decay })',
      () => new optim.Adam([leaf()], { weight_decay: 0.1 } as never),
      "Adam(): unknown option 'weight_decay' (gradviz spells it 'weightDecay'); expected 'lr', 'betas', 'eps', 'weightDecay', 'amsgrad' or 'maximize'",
    ],
    ['new nn.Linear(2, 3, { bais: false })', () => new nn.Linear(2, 3, { bais: false } as never), "Linear(): unknown option 'bais'; expected 'bias' or 'dtype'"],
    [
      'new nn.CrossEntropyLoss({ ignore_index })',
      () => new nn.CrossEntropyLoss({ ignore_index: 0 } as never),
      "CrossEntropyLoss(): unknown option 'ignore_index' (gradviz spells it 'ignoreIndex'); expected 'weight', 'ignoreIndex' or 'reduction'",
    ],
    [
      'F.maxPool2d(x, 2, { ceil_mode })',
      () => F.maxPool2d(zeros(1, 1, 4, 4), 2, { ceil_mode: true } as never),
      "maxPool2d(): unknown option 'ceil_mode' (gradviz spells it 'ceilMode'); expected 'stride', 'padding', 'dilation' or 'ceilMode'",
    ],
    ['snapshot(t, { param })', () => snapshot(leaf(), { param: {} } as never), "snapshot(): unknown option 'param'; expected 'params' or 'producer'"],
    ['setPrintOptions({ precison })', () => setPrintOptions({ precison: 2 } as never), "setPrintOptions(): unknown option 'precison'; expected 'precision', 'threshold', 'edgeitems', 'linewidth' or 'sciMode'"],
    ['setPrintOptions({ precision: "2" })', () => setPrintOptions({ precision: '2' } as never), "setPrintOptions(): argument 'precision' must be int, not str"],
  ])('%s', (_, run, message) => {
    const error = errorOf(run);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(message);
  });

  it('the right options still work: retainGraph lets backward run twice', () => {
    const x = leaf();
    const y = x.mul(x).sum();
    y.backward(null, { retainGraph: true });
    y.backward(undefined, { retainGraph: undefined });
    expect((x.grad as Tensor).tolist()).toEqual([4, 8]);
    expect(() => y.backward()).toThrow(RuntimeError);
  });
});
