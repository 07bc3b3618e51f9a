/**
 * The groups stage: snapshot and drawing in, a tree of groups out (`groupGraph`), and the picture
 * at a fold state (`foldGraph`). Pure functions: the viewer re-runs them on every fold or unfold.
 */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import type { VizGraph } from '../graph.js';
import { TreeBuilder } from './builder.js';
import { inferGroups } from './infer.js';
import { placeBoxes } from './membership.js';
import { addModuleGroups } from './module-groups.js';
import { countParameters } from './parameters.js';
import { forwardOrder } from './sequence.js';
import type { GroupTree } from './types.js';

export type { Group, GroupKind, GroupTree } from './types.js';
export { foldGraph, groupBoxId } from './fold.js';
export { countsByDepth, defaultDepth } from './depth.js';
export { checkUnfolded, foldGroup, revealBox, unfoldGroup, unfoldedToDepth } from './fold-state.js';

/** Most boxes and groups one group holds directly: keeps each picture readable and each dagre run small. */
export const GROUP_ITEM_LIMIT = 48;

export interface GroupOptions {
  readonly itemLimit?: number;
}

/** Each box's place in the order the graph ran forward: every input before what uses it. */
function forwardPositions(graph: VizGraph): Int32Array {
  const index = new Map(graph.nodes.map((node, i) => [node.id, i]));
  const links = graph.edges.map((edge) => [index.get(edge.from)!, index.get(edge.to)!] as const);
  const position = new Int32Array(graph.nodes.length);
  forwardOrder(graph.nodes.length, links, (box) => box).forEach((box, p) => (position[box] = p));
  return position;
}

/** Groups the boxes of `graph` (drawn from `snapshot`): module calls first, then gradviz's repeats and parts. */
export function groupGraph(snapshot: GraphSnapshot, graph: VizGraph, options: GroupOptions = {}): GroupTree {
  const tree = new TreeBuilder(forwardPositions(graph));
  placeBoxes(graph, snapshot, tree, addModuleGroups(snapshot, tree));
  tree.dropEmpty();
  inferGroups(tree, graph, { itemLimit: options.itemLimit ?? GROUP_ITEM_LIMIT });
  countParameters(tree, graph, snapshot);
  return tree.freeze();
}
