import { RuntimeError, describeValue } from '../errors.js';
import { MT19937 } from './mt19937.js';

/** `torch.Generator()`'s seed when none is given (`default_rng_seed_val`). */
const DEFAULT_SEED = 67280421310721;

function checkSeed(seed: unknown, where: string): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed)) {
    throw new TypeError(`${where}: seed must be a whole number, got ${describeValue(seed)}`);
  }
  if (seed < 0 || seed >= 2 ** 64) {
    throw new RuntimeError(`${where}: seed must be a whole number in [0, 2^64), got ${seed}`);
  }
  return seed;
}

/** `torch.Generator` for the CPU (`at::CPUGeneratorImpl`): an mt19937 plus Box-Muller's spare sample. */
export class Generator {
  private engine!: MT19937;
  private seedValue = DEFAULT_SEED;
  /**
   * `next_double_normal_sample`: the second Box-Muller value, used by the next scalar normal draw.
   * (ATen also keeps `next_float_normal_sample`, but no CPU kernel reads it: they all draw through
   * `normal_distribution<double>`.)
   */
  _nextDoubleNormal: number | null = null;

  constructor(seed: number = DEFAULT_SEED) {
    this.manualSeed(seed);
  }

  /** `generator.manual_seed(seed)`: restarts the sequence and forgets the spare normal sample. */
  manualSeed(seed: number): this {
    this.seedValue = checkSeed(seed, 'manualSeed()');
    // ATen stores the seed as uint64 and seeds mt19937 with its low 32 bits.
    this.engine = new MT19937(this.seedValue % 2 ** 32);
    this._nextDoubleNormal = null;
    return this;
  }

  initialSeed(): number {
    return this.seedValue;
  }

  /** 32 random bits as a number in [0, 2^32). */
  random(): number {
    return this.engine.nextUint32();
  }

  /** 64 random bits: the first 32-bit draw is the high half (`make64BitsFrom32Bits`). */
  random64(): bigint {
    const hi = BigInt(this.random());
    return (hi << 32n) | BigInt(this.random());
  }
}

/** The generator the random functions use unless given one; PyTorch seeds it unpredictably at startup. */
export const defaultGenerator = new Generator(Math.floor(Math.random() * 2 ** 53));

/** `torch.manual_seed(seed)`: seeds the default generator and returns it. */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
