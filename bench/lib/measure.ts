/** Timing helpers for the bench files: warm-up, repeated runs, medians. */

export interface Timing {
  readonly medianMs: number;
  /** The fastest run: the one least disturbed by other work on the machine. */
  readonly bestMs: number;
  readonly runs: number;
}

/** Milliseconds of CPU this process has used (all its threads), for work that runs on one thread. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Runs `task` once to warm the JIT, then `runs` times, and returns the median time: wall time, or
 * with `clock: cpuMs` the process's CPU time, which other jobs on a shared machine skew less.
 */
export async function medianOf(runs: number, task: () => unknown, clock: () => number = () => performance.now()): Promise<Timing> {
  await task();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = clock();
    await task();
    times.push(clock() - start);
  }
  times.sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  const medianMs = times.length % 2 === 1 ? times[middle]! : (times[middle - 1]! + times[middle]!) / 2;
  return { medianMs, bestMs: times[0]!, runs };
}

export function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

/** A Markdown table, ready to paste into docs/benchmarks.md. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
