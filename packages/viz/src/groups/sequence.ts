/**
 * The items of a group as a sequence: in the order they run forward (each input before what uses
 * it), with, between every two neighbours, how many links cross there. Repeats and parts are cut
 * from this sequence where few links cross.
 */

/** A link between two items of one group, by local index. */
export type Link = readonly [from: number, to: number];

/**
 * Post-order of a depth-first walk from the sinks against the links: every item after its inputs,
 * and the inputs of an item close before it (a block's boxes stay together). `rank` orders the
 * starting points and breaks ties. Iterative; cycles are walked once.
 */
export function forwardOrder(count: number, links: readonly Link[], rank: (item: number) => number): number[] {
  const incoming: number[][] = Array.from({ length: count }, () => []);
  const hasOutgoing = new Uint8Array(count);
  for (const [from, to] of links) {
    incoming[to]!.push(from);
    hasOutgoing[from] = 1;
  }
  const byRank = Array.from({ length: count }, (_, i) => i).sort((a, b) => rank(a) - rank(b));
  const starts = [...byRank.filter((i) => !hasOutgoing[i]), ...byRank];
  const visited = new Uint8Array(count);
  const order: number[] = [];
  const stack: number[] = [];
  const cursor: number[] = [];
  for (const start of starts) {
    if (visited[start]) continue;
    visited[start] = 1;
    stack.push(start);
    cursor.push(0);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const item = stack[top]!;
      const inputs = incoming[item]!;
      if (cursor[top]! < inputs.length) {
        const input = inputs[cursor[top]!++]!;
        if (visited[input]) continue;
        visited[input] = 1;
        stack.push(input);
        cursor.push(0);
      } else {
        stack.pop();
        cursor.pop();
        order.push(item);
      }
    }
  }
  return order;
}

/**
 * `crossing[q]`, for q from 0 to count: how many links join an item before position q to one at
 * or after it (0 at both ends). `position` gives each item's place in the sequence.
 */
export function crossings(count: number, links: readonly Link[], position: (item: number) => number): Int32Array {
  const change = new Int32Array(count + 1);
  for (const [from, to] of links) {
    const a = position(from);
    const b = position(to);
    if (a === b) continue;
    change[Math.min(a, b) + 1]!++;
    change[Math.max(a, b) + 1]!--;
  }
  const crossing = new Int32Array(count + 1);
  let running = 0;
  for (let q = 0; q <= count; q++) {
    running += change[q]!;
    crossing[q] = q === 0 || q === count ? 0 : running;
  }
  return crossing;
}

/** `count` blocks of `period` items from `start`, each block the same sequence of kinds. */
export interface Repeat {
  readonly start: number;
  readonly period: number;
  readonly count: number;
}

export interface RepeatOptions {
  readonly maxPeriod: number;
  readonly minCount: number;
  /** Fewest items a repeat must cover. */
  readonly minItems: number;
}

const MAX_REPEATS = 8;

/** A repeat as found, before its blocks are shifted: `length` items from `start` repeat with `period`. */
type Stretch = Repeat & { readonly length: number };

/** The longest stretch, in the items not yet covered, where `kinds` repeats with one period. */
function longestRepeat(kinds: ArrayLike<number>, covered: Uint8Array, options: RepeatOptions): Stretch | undefined {
  const n = kinds.length;
  let best: Stretch | undefined;
  for (let period = 1; period <= options.maxPeriod && period * options.minCount <= n; period++) {
    let from = -1;
    for (let i = 0; i <= n - period; i++) {
      const same = i < n - period && !covered[i] && !covered[i + period] && kinds[i] === kinds[i + period];
      if (same) {
        if (from < 0) from = i;
        continue;
      }
      if (from < 0) continue;
      const length = i - from + period;
      const count = Math.floor(length / period);
      if (count >= options.minCount && count * period >= options.minItems && (best === undefined || count * period > best.count * best.period)) {
        best = { start: from, period, count, length };
      }
      from = -1;
    }
  }
  return best;
}

/** Shifts a repeat's blocks to where the fewest links cross their borders (a block starts where it really starts). */
function bestPhase(found: Stretch, crossing: Int32Array, minCount: number): Repeat {
  let best: Repeat = { start: found.start, period: found.period, count: found.count };
  let bestCost = Infinity;
  for (let shift = 0; shift < found.period; shift++) {
    const count = Math.floor((found.length - shift) / found.period);
    if (count < minCount) break;
    const start = found.start + shift;
    let cost = 0;
    for (let k = 0; k <= count; k++) cost += crossing[start + k * found.period]!;
    if (cost < bestCost) {
      bestCost = cost;
      best = { start, period: found.period, count };
    }
  }
  return best;
}

/**
 * Stretches of the sequence made of the same block again and again (tandem repeats), longest
 * first, never overlapping; returned in sequence order.
 */
export function findRepeats(kinds: ArrayLike<number>, crossing: Int32Array, options: RepeatOptions): Repeat[] {
  const covered = new Uint8Array(kinds.length);
  const repeats: Repeat[] = [];
  for (let round = 0; round < MAX_REPEATS; round++) {
    const found = longestRepeat(kinds, covered, options);
    if (found === undefined) break;
    const repeat = bestPhase(found, crossing, options.minCount);
    covered.fill(1, repeat.start, repeat.start + repeat.period * repeat.count);
    repeats.push(repeat);
  }
  return repeats.sort((a, b) => a.start - b.start);
}

/**
 * Cuts a sequence of `count` items into stretches of at most `limit`, about equal, each cut where
 * the fewest links cross within the second half of its stretch. Returns the cut positions,
 * 0 and `count` included.
 */
export function partBorders(count: number, limit: number, crossing: Int32Array): number[] {
  const parts = Math.ceil(count / limit);
  const size = Math.min(limit, Math.ceil(count / parts));
  const borders = [0];
  let start = 0;
  while (count - start > size) {
    let cut = start + size;
    for (let q = start + size - 1; q >= start + Math.ceil(size / 2); q--) if (crossing[q]! < crossing[cut]!) cut = q;
    borders.push(cut);
    start = cut;
  }
  borders.push(count);
  return borders;
}
