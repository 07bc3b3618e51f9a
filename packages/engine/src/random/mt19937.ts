const STATE_SIZE = 624;
const SHIFT_SIZE = 397;

/** The Mersenne Twister exactly as ATen's `mt19937_engine`, seeded by `init_with_uint32`. */
export class MT19937 {
  private readonly state = new Uint32Array(STATE_SIZE);
  private next = 0;
  private left = 1;

  constructor(seed32: number) {
    this.state[0] = seed32;
    for (let j = 1; j < STATE_SIZE; j++) {
      const prev = this.state[j - 1]!;
      // Uint32Array stores wrap modulo 2^32, as uint32_t arithmetic does.
      this.state[j] = Math.imul(1812433253, prev ^ (prev >>> 30)) + j;
    }
  }

  nextUint32(): number {
    if (--this.left === 0) this.twist();
    let y = this.state[this.next++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Regenerates all 624 words in place (ATen's `next_state`, written with indices modulo 624). */
  private twist(): void {
    const s = this.state;
    for (let i = 0; i < STATE_SIZE; i++) {
      const following = s[(i + 1) % STATE_SIZE]!;
      const mixed = (s[i]! & 0x80000000) | (following & 0x7fffffff);
      s[i] = s[(i + SHIFT_SIZE) % STATE_SIZE]! ^ (mixed >>> 1) ^ (following & 1 ? 0x9908b0df : 0);
    }
    this.left = STATE_SIZE;
    this.next = 0;
  }
}
