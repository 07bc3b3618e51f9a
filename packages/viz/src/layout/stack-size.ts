/**
 * Stack budgets, measured on chains (the deepest shape: dagre's searches recurse once per rank and a
 * chain has a rank per node) with Node 20, cold code (the largest frames). See docs/benchmarks.md.
 */

/**
 * Above this many nodes, Node's layout goes to a worker. The main thread's default stack (~1 MB)
 * overflowed at about 1,900 chain nodes; half of that leaves room for the caller's own frames.
 */
export const IN_PROCESS_MAX_NODES = 1000;

/** Node's own default for a worker's stack. */
const BASE_STACK_MB = 4;

/** dagre needed about 0.55 KB of stack per chain node (a 4 MB worker managed 6,000, not 8,000); twice that is budgeted. */
const NODES_PER_MB = 1000;

export const DEFAULT_MAX_STACK_MB = 512;

/** A worker stack big enough for a graph of `nodeCount` nodes of any shape, within `maxMb`. */
export function stackSizeFor(nodeCount: number, maxMb = DEFAULT_MAX_STACK_MB): number {
  return Math.min(maxMb, BASE_STACK_MB + Math.ceil(nodeCount / NODES_PER_MB));
}
