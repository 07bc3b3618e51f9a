/**
 * Which group each box is drawn in. A node made in a module call is in that call's group. Boxes
 * that only hang from others — leaves and their AccumulateGrad nodes, saved tensors, param and
 * ghost boxes — join the innermost group holding everything they are linked to, so folding a
 * Linear folds its weight too, and a weight shared by every step of an RNN stays outside them.
 * Outputs and nodes made outside every module stay in the root.
 */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import type { VizGraph, VizNode } from '../graph.js';
import { ROOT, type TreeBuilder } from './builder.js';

function hangsFromOthers(node: VizNode, snapshot: GraphSnapshot): boolean {
  switch (node.kind) {
    case 'leaf':
    case 'saved':
    case 'param':
    case 'ghost':
      return true;
    case 'gradFn':
      return node.node !== undefined && snapshot.nodes[node.node]!.variable !== undefined;
    default:
      return false;
  }
}

/** Each box's neighbours, both directions, as index lists. */
function neighbours(graph: VizGraph): number[][] {
  const index = new Map(graph.nodes.map((node, i) => [node.id, i]));
  const lists: number[][] = graph.nodes.map(() => []);
  for (const edge of graph.edges) {
    const from = index.get(edge.from)!;
    const to = index.get(edge.to)!;
    lists[from]!.push(to);
    lists[to]!.push(from);
  }
  return lists;
}

/** Places every box of `graph` in `tree`, whose module groups are already there. */
export function placeBoxes(graph: VizGraph, snapshot: GraphSnapshot, tree: TreeBuilder, groupOfNode: (node: number) => number | undefined): void {
  const level = tree.levels();
  const lowestCommon = (a: number, b: number): number => {
    while (a !== b) {
      if (level[a]! >= level[b]!) a = tree.groups[a]!.parent;
      else b = tree.groups[b]!.parent;
    }
    return a;
  };
  const placed = new Uint8Array(graph.nodes.length);
  let waiting: number[] = [];
  graph.nodes.forEach((node, i) => {
    const group = node.node === undefined ? undefined : groupOfNode(node.node);
    if (group === undefined && hangsFromOthers(node, snapshot)) {
      waiting.push(i);
      return;
    }
    tree.place(i, group ?? ROOT);
    placed[i] = 1;
  });
  // Each pass places the boxes linked to boxes placed before it: a leaf waits for its AccumulateGrad.
  const links = neighbours(graph);
  while (waiting.length > 0) {
    const decided: [number, number][] = [];
    const still: number[] = [];
    for (const box of waiting) {
      let group = -1;
      for (const other of links[box]!) {
        if (placed[other]) group = group < 0 ? tree.boxGroup[other]! : lowestCommon(group, tree.boxGroup[other]!);
      }
      if (group < 0) still.push(box);
      else decided.push([box, group]);
    }
    if (decided.length === 0) break;
    for (const [box, group] of decided) {
      tree.place(box, group);
      placed[box] = 1;
    }
    waiting = still;
  }
  for (const box of waiting) tree.place(box, ROOT);
  tree.listBoxes();
}
