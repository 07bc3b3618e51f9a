/**
 * Fold states: the set of unfolded group ids (a group shows open only if its parents do too), and
 * how a depth, a click on a group or a click on a finding changes it.
 */
import type { GroupTree } from './types.js';

/** The groups at levels 1 to `depth`: unfolded, with the groups below them folded. */
export function unfoldedToDepth(tree: GroupTree, depth: number): Set<string> {
  return new Set(tree.groups.filter((group) => group.level >= 1 && group.level <= depth).map((group) => group.id));
}

/** `unfolded` with group `g` and every group around it unfolded: `g`'s content shows. */
function withWayTo(tree: GroupTree, unfolded: ReadonlySet<string>, g: number): Set<string> {
  const next = new Set(unfolded);
  for (let at = g; at > 0; at = tree.groups[at]!.parent) next.add(tree.groups[at]!.id);
  return next;
}

function groupIndex(tree: GroupTree, id: string, where: string): number {
  const g = tree.byId.get(id);
  if (g === undefined || g === 0) throw new TypeError(`${where}: there is no group ${JSON.stringify(id)}; a group's id is the data-group of its frame or folded box`);
  return g;
}

/** Unfolds group `id`, and the groups around it, so that what it holds shows. */
export function unfoldGroup(tree: GroupTree, unfolded: ReadonlySet<string>, id: string): Set<string> {
  return withWayTo(tree, unfolded, groupIndex(tree, id, 'unfold()'));
}

/** Folds group `id` into one box; the groups inside keep their state for when it opens again. */
export function foldGroup(tree: GroupTree, unfolded: ReadonlySet<string>, id: string): Set<string> {
  groupIndex(tree, id, 'fold()');
  const next = new Set(unfolded);
  next.delete(id);
  return next;
}

/** Unfolds every group around box `box` (an index into the full graph's nodes), so the box itself shows. */
export function revealBox(tree: GroupTree, unfolded: ReadonlySet<string>, box: number): Set<string> {
  return withWayTo(tree, unfolded, tree.boxGroup[box]!);
}

/** Checks a fold state given from outside: every id names a group. */
export function checkUnfolded(tree: GroupTree, ids: Iterable<string>): Set<string> {
  const unfolded = new Set<string>();
  for (const id of ids) {
    if (typeof id !== 'string') throw new TypeError(`withFolding(): group ids are strings, got ${typeof id}`);
    groupIndex(tree, id, 'withFolding()');
    unfolded.add(id);
  }
  return unfolded;
}
