import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  Generator,
  LEAF_INPLACE_MESSAGE,
  RuntimeError,
  type DType,
  type Tensor,
  manualSeed,
  noGrad,
  normal_,
  rand,
  randint,
  randn,
  randperm,
  tensor,
  uniform_,
  zeros,
} from '../src/index.js';

// Written by fixtures/random-reference.py from PyTorch 1.13 (x86-64, AVX2).
interface Expected {
  dtype: DType;
  shape: number[];
  data: (string | number)[];
}
interface Step {
  op: 'randn' | 'rand' | 'uniform_' | 'normal_' | 'randint' | 'randperm';
  size?: number[];
  dtype?: DType;
  a?: number;
  b?: number;
  low?: number;
  high?: number;
  n?: number;
  expect: Expected;
}
interface Case {
  name: string;
  seed: number | null;
  generator_seed?: number | null;
  steps?: Step[];
  linear?: { in: number; out: number };
  expect?: Expected[];
}
const reference = JSON.parse(readFileSync(new URL('./fixtures/random-reference.json', import.meta.url), 'utf8')) as {
  torch_version: string;
  cpu_capability: string;
  cases: Case[];
};

/** IEEE bit pattern in hex, as the fixture stores it. */
function bitsHex(value: number, dtype: DType): string {
  if (dtype === 'float32') return new Uint32Array(new Float32Array([value]).buffer)[0]!.toString(16).padStart(8, '0');
  return new BigUint64Array(new Float64Array([value]).buffer)[0]!.toString(16).padStart(16, '0');
}

/** Distance in units in the last place between two float64 bit patterns (same sign assumed when close). */
function ulpDistance(hexA: string, hexB: string): bigint {
  const ordered = (hex: string): bigint => {
    const bits = BigInt(`0x${hex}`);
    return bits >= 1n << 63n ? (1n << 63n) - bits : bits;
  };
  const d = ordered(hexA) - ordered(hexB);
  return d < 0n ? -d : d;
}

function runStep(step: Step, generator: Generator | undefined): Tensor {
  const dtype = step.dtype ?? 'float32';
  const options = generator ? { dtype, generator } : { dtype };
  switch (step.op) {
    case 'randn':
      return randn(step.size!, options);
    case 'rand':
      return rand(step.size!, options);
    case 'uniform_':
      return uniform_(zeros(step.size!, { dtype }), step.a!, step.b!, generator);
    case 'normal_':
      return normal_(zeros(step.size!, { dtype }), step.a!, step.b!, generator);
    case 'randint':
      return randint(step.low!, step.high!, step.size!, options);
    case 'randperm':
      return randperm(step.n!, generator ? { generator } : undefined);
  }
}

/**
 * Float64 normal draws (`randn`/`normal_` on float64, including the cached second sample) go
 * through glibc's log, sin and cos, whose last bit differs from the correctly rounded value for
 * roughly 1 in 1000 arguments (and differs between glibc builds: the FMA variants are picked per
 * CPU). The engine computes those functions correctly rounded, so where glibc misrounds the sample
 * lands 1 ulp away: 3 of the 1612 such values in this fixture. (Bulk runs of 100000 float64 randn
 * per seed show ~0.17% of values off, ~0.02% by 2 ulp when two libm results misround together.)
 * Everything else must be bit-identical: float32 normals come from PyTorch's AVX2 code, which calls
 * no libm, and the float32 scalar path's float64 result only moves if the rounding to float32 does.
 */
function usesLibm(step: Step): boolean {
  return (step.op === 'randn' || step.op === 'normal_') && step.expect.dtype === 'float64';
}

function expectMatches(actual: Tensor, expected: Expected, libmTolerance: boolean, label: string): void {
  expect(actual.dtype, label).toBe(expected.dtype);
  expect([...actual.shape], label).toEqual(expected.shape);
  const values = Array.from(actual.toTypedArray());
  if (expected.dtype === 'int64') {
    expect(values, label).toEqual(expected.data);
    return;
  }
  const got = values.map((v) => bitsHex(v, expected.dtype));
  if (!libmTolerance) {
    expect(got, label).toEqual(expected.data);
    return;
  }
  got.forEach((hex, i) => {
    const distance = ulpDistance(hex, expected.data[i] as string);
    expect(distance <= 1n, `${label}[${i}]: got ${hex}, PyTorch ${expected.data[i]} (${distance} ulp apart)`).toBe(true);
  });
}

describe('random: bit-for-bit agreement with PyTorch 1.13 on CPU', () => {
  it('was recorded from PyTorch 1.13 with the AVX2 kernels', () => {
    expect(reference.torch_version.startsWith('1.13')).toBe(true);
    expect(reference.cpu_capability).toBe('AVX2');
    expect(reference.cases.length).toBeGreaterThan(200);
  });

  for (const testCase of reference.cases) {
    it(testCase.name, () => {
      if (testCase.linear) {
        // nn.Linear's reset_parameters: kaiming_uniform_(weight, a=sqrt(5)), then a uniform bias.
        const { in: fanIn, out } = testCase.linear;
        manualSeed(testCase.seed!);
        const a = Math.sqrt(5);
        const bound = Math.sqrt(3) * (Math.sqrt(2 / (1 + a * a)) / Math.sqrt(fanIn));
        const weight = uniform_(zeros([out, fanIn]), -bound, bound);
        const bias = uniform_(zeros([out]), -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn));
        expectMatches(weight, testCase.expect![0]!, false, 'weight');
        expectMatches(bias, testCase.expect![1]!, false, 'bias');
        return;
      }
      let generator: Generator | undefined;
      if (testCase.seed !== null) manualSeed(testCase.seed);
      else {
        generator = new Generator();
        if (testCase.generator_seed != null) generator.manualSeed(testCase.generator_seed);
      }
      testCase.steps!.forEach((step, i) => {
        expectMatches(runStep(step, generator), step.expect, usesLibm(step), `step ${i} (${step.op})`);
      });
    });
  }
});

/** Runs `fn`, expecting it to throw `type` with a message that contains every fragment. */
function expectError(fn: () => unknown, type: new (...args: never[]) => Error, ...fragments: string[]): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(type);
  for (const fragment of fragments) expect((thrown as Error).message).toContain(fragment);
}

describe('random: generator state', () => {
  it('manualSeed restarts the sequence and drops the cached normal sample', () => {
    manualSeed(3);
    const first = randn(1).item();
    randn(1); // leaves the spare Box-Muller sample cached
    manualSeed(3);
    expect(randn(1).item()).toBe(first);
  });

  it('manualSeed returns the default generator; new Generators start from PyTorch default seed', () => {
    expect(manualSeed(5)).toBeInstanceOf(Generator);
    expect(manualSeed(5).initialSeed()).toBe(5);
    expect(new Generator().initialSeed()).toBe(67280421310721);
  });

  it('a Generator of its own leaves the default generator untouched', () => {
    manualSeed(11);
    const expected = Array.from(rand(4).toTypedArray());
    manualSeed(11);
    const own = new Generator(99);
    randn(7, { generator: own });
    randperm(5, { generator: own });
    uniform_(zeros([3]), 0, 1, own);
    expect(Array.from(rand(4).toTypedArray())).toEqual(expected);
  });

  it('seeds that agree in their low 32 bits give the same stream, as in PyTorch', () => {
    manualSeed(7);
    const a = Array.from(rand(3).toTypedArray());
    manualSeed(7 + 2 ** 32);
    expect(Array.from(rand(3).toTypedArray())).toEqual(a);
  });
});

describe('random: tensors it makes', () => {
  it('makes leaves with the requested shape, dtype and requiresGrad', () => {
    const t = randn(2, 3, { dtype: 'float64', requiresGrad: true });
    expect([...t.shape]).toEqual([2, 3]);
    expect(t.dtype).toBe('float64');
    expect(t.requiresGrad).toBe(true);
    expect(t.isLeaf).toBe(true);
    expect(rand([4]).dtype).toBe('float32');
    expect(randint(0, 3, [2]).dtype).toBe('int64');
    expect(randperm(4).dtype).toBe('int64');
  });

  it('randperm is a permutation and randint stays in [low, high)', () => {
    manualSeed(0);
    expect(Array.from(randperm(100).toTypedArray()).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    for (const v of randint(-3, 4, [1000]).toTypedArray()) expect(v >= -3 && v < 4 && Number.isInteger(v)).toBe(true);
    expect(randint(5, [3]).shape).toEqual([3]);
  });

  it('uniform_ and normal_ write in place, bump the version once and return the tensor', () => {
    const t = zeros([20]);
    const before = t.version;
    expect(uniform_(t, 2, 3)).toBe(t);
    expect(t.version).toBe(before + 1);
    for (const v of t.toTypedArray()) expect(v >= 2 && v < 3).toBe(true);
    expect(normal_(t, 0, 1)).toBe(t);
    expect(t.version).toBe(before + 2);
  });

  it('refuses a leaf that requires grad unless grad mode is off, like an in-place op', () => {
    const w = zeros([3], { requiresGrad: true });
    expectError(() => uniform_(w, 0, 1), RuntimeError, LEAF_INPLACE_MESSAGE);
    expectError(() => normal_(w, 0, 1), RuntimeError, LEAF_INPLACE_MESSAGE);
    noGrad(() => normal_(w, 0, 1));
    expect(w.version).toBe(1);
  });
});

describe('random: bad input', () => {
  it('rejects seeds that are not whole numbers in [0, 2^64), naming the value', () => {
    expectError(() => manualSeed(-1), RuntimeError, '-1');
    expectError(() => manualSeed(2 ** 64), RuntimeError, String(2 ** 64));
    expectError(() => manualSeed(Number.NaN), TypeError, 'NaN');
    expectError(() => manualSeed(1.5), TypeError, '1.5');
    expectError(() => manualSeed(Number.POSITIVE_INFINITY), TypeError, 'Infinity');
    expectError(() => manualSeed('3' as unknown as number), TypeError, '"3"');
    expectError(() => new Generator().manualSeed(-7), RuntimeError, '-7');
  });

  it('rejects bad sizes, naming the value', () => {
    expectError(() => randn(-1), RuntimeError, 'negative dimension -1');
    expectError(() => rand(2, 2.5), TypeError, '2.5');
    expectError(() => randn([2, Number.NaN]), TypeError, 'NaN');
    expectError(() => randperm(-3), RuntimeError, '-3');
    expectError(() => randperm(2.5), TypeError, '2.5');
    expectError(() => randint(0, 10, 3 as unknown as number[]), TypeError, '3');
  });

  it('rejects bad dtypes, bounds and parameters with PyTorch messages', () => {
    expectError(() => randn(2, { dtype: 'int64' }), RuntimeError, '"normal_kernel_cpu" not implemented for \'Long\'');
    expectError(() => rand(2, { dtype: 'int64' }), RuntimeError, '"check_uniform_bounds" not implemented for \'Long\'');
    expectError(() => randint(5, 5, [2]), RuntimeError, 'from=5 >= to=5');
    expectError(() => randint(0, 1.5, [2]), TypeError, '1.5');
    expectError(() => uniform_(zeros([2]), 2, 1), RuntimeError, 'from=2 > to=1');
    expectError(() => uniform_(zeros([2]), Number.NaN, 1), RuntimeError, 'from is out of bounds for float', 'NaN');
    expectError(() => uniform_(zeros([2]), -3e38, 3e38), RuntimeError, 'to-from');
    expectError(() => normal_(zeros([2]), 0, -1), RuntimeError, 'normal expects std >= 0.0, but found std -1');
    expectError(() => normal_(tensor([1, 2]).long(), 0, 1), RuntimeError, 'not implemented for \'Long\'');
    expectError(() => uniform_(zeros([2, 3]).t(), 0, 1), RuntimeError, 'contiguous');
    expectError(() => randn(2, { generator: 42 as unknown as Generator }), TypeError, '42');
  });
});
