import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import type { VizGraph } from '../graph.js';
import type { TreeBuilder } from './builder.js';

const numel = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);

/**
 * Parameter counts for gradviz's groups: each distinct module inside counts once (a cell run 2,000
 * times holds its weights once), and a leaf outside every module counts its elements. Module
 * groups keep the count the snapshot gives.
 */
export function countParameters(tree: TreeBuilder, graph: VizGraph, snapshot: GraphSnapshot): void {
  for (const group of tree.groups) {
    if (group.kind === 'root' || group.kind === 'module') continue;
    const modules = new Map<string, number>();
    const leaves = new Map<number, number>();
    const stack = [...group.children];
    for (const box of group.boxes) stack.push(-1 - box);
    while (stack.length > 0) {
      const item = stack.pop()!;
      if (item < 0) {
        const node = graph.nodes[-1 - item]!;
        if (node.kind === 'leaf' && node.tensor !== undefined) leaves.set(node.tensor, numel(snapshot.tensors[node.tensor]!.shape));
        continue;
      }
      const inner = tree.groups[item]!;
      if (inner.kind === 'module' && inner.parameterCount !== undefined) {
        modules.set(inner.module!, inner.parameterCount);
        continue;
      }
      stack.push(...inner.children);
      for (const box of inner.boxes) stack.push(-1 - box);
    }
    let total = 0;
    for (const count of modules.values()) total += count;
    for (const count of leaves.values()) total += count;
    group.parameterCount = total;
  }
}
