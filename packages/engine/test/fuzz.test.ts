/**
 * Issue 10: engine calls fuzzed with a fixed seed. Every public function and method gets values of
 * every kind (tensors of odd shapes and dtypes, odd numbers, strings, null, objects with unknown
 * keys, nested and cyclic arrays); whatever happens, the only errors are PyTorch's classes
 * (RuntimeError, IndexError, ValueError, TypeError) with gradviz's own texts, never an internal
 * error such as "Cannot read properties of undefined".
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import * as engine from '../src/index.js';
import { F, IndexError, nn, optim, RuntimeError, type Tensor, ValueError } from '../src/index.js';

const SEED = 20_240_610;

/** Texts of errors JavaScript raises by itself: one of them reaching a caller is an unchecked argument. */
const INTERNAL_TEXT =
  /Cannot read prop|Cannot set prop|is not a function|is not iterable|is not a constructor|Cannot convert|Invalid (typed )?array length|Maximum call stack|Cannot destructure|Reduce of empty array|called on null or undefined|Cannot mix BigInt|Cannot create property|serialize a BigInt|not extensible|read only property|Invalid array buffer length|Array buffer allocation failed|is not defined|Invalid string length/;

function isDocumented(error: unknown): boolean {
  if (error instanceof RuntimeError || error instanceof IndexError || error instanceof ValueError) return true;
  return error instanceof TypeError && error.constructor === TypeError && !INTERNAL_TEXT.test(error.message);
}

const leaf = (values: engine.TensorData, options?: engine.TensorOptions) => engine.tensor(values, { requiresGrad: true, ...options });

/** Tensors of the shapes and dtypes that trip code up: scalars, empty dims, views, int64, non-leaves. */
function tensors(): Tensor[] {
  const x = leaf([[1, 2, 3], [4, 5, 6]]);
  return [
    x,
    x.mul(2),
    x.t(),
    leaf(3.5),
    engine.zeros(2, 0),
    engine.zeros(0),
    engine.arange(6),
    engine.tensor([1, 0, 2]),
    leaf([1, 2], { dtype: 'float64' }),
    engine.ones(1, 1, 4, 4),
    engine.tensor([Number.NaN, Number.POSITIVE_INFINITY]),
    x.sum(),
  ];
}

const cyclic: unknown[] = [1];
cyclic.push(cyclic);

/** Values that are not what an argument wants; sizes stay small (at most 9) or are far too big to allocate. */
const OTHERS: unknown[] = [
  -3, -2, -1, 0, 1, 2, 3, 5, 9, 0.5, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e12, 2 ** 53 + 2, 1e300,
  true, false, null, undefined, '', '2', 'float64', 'float16', 'torch.float32', 'sum', 'mean', 'none', 'x',
  [], [2, 3], [2, -1], [1.5], [[1, 2], [3]], [[1, 2], [3, 4]], ['a'], [null], cyclic, [2 ** 40, 2 ** 40],
  {}, { alpha: 2 }, { alpha: 'a' }, { dtype: 'float64' }, { requiresGrad: true }, { requires_grad: true }, { retainGraph: true }, { retain_graph: true },
  { reduction: 'sum' }, { reduction: 'bad' }, { lr: 0.1 }, { lr: -1 }, { bias: false }, { stride: 2 }, { padding: 'same' }, { weight: null }, { ignoreIndex: 0 },
  { params: {} }, { unknown: 1 }, 10n, () => 1, new Float32Array([1, 2]), new Float64Array(0), new Int32Array([1, 2]), new Map(), new Date(0),
];

const TENSOR_METHODS = [
  'add', 'sub', 'rsub', 'mul', 'div', 'rdiv', 'pow', 'neg', 'reciprocal', 'exp', 'log', 'sqrt', 'abs', 'relu', 'sigmoid', 'tanh', 'sum', 'mean', 'argmax',
  'matmul', 'mm', 't', 'transpose', 'view', 'reshape', 'unsqueeze', 'squeeze', 'expand', 'flatten', 'softmax', 'logSoftmax', 'eq', 'to', 'float', 'double',
  'long', 'detach', 'clone', 'contiguous', 'item', 'tolist', 'size', 'backward', 'requiresGrad_', 'retainGrad', 'add_', 'sub_', 'mul_', 'div_', 'zero_',
  'fill_', 'copy_', 'toString', 'toTypedArray',
];

/** Calls made on a tensor (or, for forward, a module) of the pool. */
const METHODS = new Set([...TENSOR_METHODS, 'setGrad', 'setData', 'forward', 'optim.SGD', 'optim.Adam']);

/** One call of the public API with the given arguments: the functions and the methods. */
const CALLS: Readonly<Record<string, (target: unknown, args: unknown[]) => unknown>> = {
  ...Object.fromEntries(
    ['tensor', 'zeros', 'ones', 'full', 'zerosLike', 'onesLike', 'arange', 'linspace', 'randn', 'rand', 'randint', 'randperm', 'snapshot', 'noGrad', 'manualSeed'].map((name) => [
      name,
      (_target: unknown, args: unknown[]) => (engine as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args),
    ]),
  ),
  ...Object.fromEntries(
    TENSOR_METHODS.map((name) => [name, (target: unknown, args: unknown[]) => (target as Record<string, (...a: unknown[]) => unknown>)[name]!(...args)]),
  ),
  // The argument of grad= and data= is any value; the tensor set is one of the pool's.
  setGrad: (target, [value]) => ((target as Tensor).grad = value as Tensor),
  setData: (target, [value]) => ((target as Tensor).data = value as Tensor),
  ...Object.fromEntries(
    ['relu', 'sigmoid', 'linear', 'conv2d', 'maxPool2d', 'dropout', 'mseLoss', 'binaryCrossEntropy', 'nllLoss', 'crossEntropy', 'softmax', 'logSoftmax'].map((name) => [
      `F.${name}`,
      (target: unknown, args: unknown[]) => (F as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(target, ...args),
    ]),
  ),
  ...Object.fromEntries(
    ['Linear', 'Conv2d', 'MaxPool2d', 'Sequential', 'ReLU', 'Dropout', 'Flatten', 'MSELoss', 'BCELoss', 'NLLLoss', 'CrossEntropyLoss'].map((name) => [
      `nn.${name}`,
      (_target: unknown, args: unknown[]) => new (nn as unknown as Record<string, new (...a: unknown[]) => { forward(...a: unknown[]): unknown }>)[name]!(...args),
    ]),
  ),
  forward: (target, args) => (target as { forward(...a: unknown[]): unknown }).forward(...args),
  'optim.SGD': (target, [options]) => new optim.SGD([target] as never, options as never).step(),
  'optim.Adam': (target, [options]) => new optim.Adam([target] as never, options as never).step(),
};

describe('fuzz (fixed seed): engine calls', () => {
  it('raise nothing but PyTorch’s error classes with gradviz’s texts', () => {
    const callNames = Object.keys(CALLS);
    const step = fc.record({ call: fc.constantFrom(...callNames), target: fc.nat(), args: fc.array(fc.nat(), { maxLength: 4 }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 4 }), (steps) => {
        // Each run starts from fresh tensors; what a call returns can be used by the next ones.
        const pool: unknown[] = [...tensors(), ...OTHERS];
        for (const { call, target, args } of steps) {
          const pick = (i: number) => pool[i % pool.length];
          // A method is called on what has it: a tensor, or a module for forward.
          const owners = pool.filter((v) => (call === 'forward' ? v instanceof nn.Module : v instanceof engine.Tensor));
          const self = METHODS.has(call) ? owners[target % Math.max(owners.length, 1)] : pick(target);
          if (self === undefined) continue;
          try {
            const { result } = engine.catchWarnings(() => CALLS[call]!(self, args.map(pick)));
            if (result !== undefined) pool.unshift(result);
          } catch (error) {
            if (!isDocumented(error)) {
              throw new Error(`${call} on ${engine.describeValue(self)} with (${args.map((a) => engine.describeValue(pick(a))).join(', ')}) threw ${String(error)}`, { cause: error });
            }
          }
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});
