/** How deep groups start unfolded by default: deep enough to show structure, shallow enough to read. */
import type { GroupTree } from './types.js';

/**
 * How many things a picture shows at each depth, from 0 to the deepest level: boxes, folded
 * boxes and frames. `counts[d]` is for depth d.
 */
export function countsByDepth(tree: GroupTree): number[] {
  const levels = tree.maxLevel;
  const boxesAt = new Array<number>(levels + 1).fill(0);
  const groupsAt = new Array<number>(levels + 2).fill(0);
  for (const g of tree.boxGroup) boxesAt[tree.groups[g]!.level]!++;
  for (const group of tree.groups) if (group.level > 0) groupsAt[group.level]!++;
  const counts: number[] = [];
  let boxes = 0;
  let frames = 0;
  for (let depth = 0; depth <= levels; depth++) {
    boxes += boxesAt[depth]!;
    if (depth > 0) frames += groupsAt[depth]!;
    counts.push(boxes + frames + groupsAt[depth + 1]!);
  }
  return counts;
}

export interface DefaultDepthOptions {
  /** Up to this many boxes, the flat drawing (torchviz's picture) is the default. */
  readonly flatMaxBoxes: number;
  /** Otherwise the deepest depth that shows at most this many things. */
  readonly budget: number;
}

/** Infinity (the flat drawing) for a small graph; else the deepest depth within the budget, at least 0. */
export function defaultDepth(tree: GroupTree, options: DefaultDepthOptions): number {
  if (tree.boxGroup.length <= options.flatMaxBoxes) return Infinity;
  const counts = countsByDepth(tree);
  let depth = 0;
  while (depth + 1 < counts.length && counts[depth + 1]! <= options.budget) depth++;
  return depth;
}
