/** Which boxes and arrows lie on the way from a box to the outputs: what a click highlights. */
import type { VizGraph } from '../graph.js';

export interface GraphPath {
  /** Box ids on the way, the start included. */
  readonly nodes: ReadonlySet<string>;
  /** Indexes into `graph.edges`. */
  readonly edges: ReadonlySet<number>;
  /** The edges on the way that are marked broken: where the chain to a leaf breaks. */
  readonly breaks: ReadonlySet<number>;
}

/**
 * Follows arrows from `start` toward the outputs (breadth-first, no recursion). A param box that
 * is not a leaf hangs from the node that made it by a `param` edge pointing at it: that edge is
 * followed backwards, as it is where its value enters the graph. Other params' boxes hanging
 * from nodes on the way are not followed: they are side branches, not the way on.
 */
export function pathToOutputs(graph: VizGraph, start: string): GraphPath {
  const nodes = new Set<string>([start]);
  const edges = new Set<number>();
  const queue: string[] = [start];
  graph.edges.forEach((edge, i) => {
    if (edge.kind === 'param' && edge.to === start) {
      edges.add(i);
      if (!nodes.has(edge.from)) {
        nodes.add(edge.from);
        queue.push(edge.from);
      }
    }
  });
  const outgoing = new Map<string, number[]>();
  graph.edges.forEach((edge, i) => {
    if (edge.kind === 'param') return;
    const list = outgoing.get(edge.from) ?? [];
    list.push(i);
    outgoing.set(edge.from, list);
  });
  for (let head = 0; head < queue.length; head++) {
    for (const i of outgoing.get(queue[head]!) ?? []) {
      edges.add(i);
      const to = graph.edges[i]!.to;
      if (!nodes.has(to)) {
        nodes.add(to);
        queue.push(to);
      }
    }
  }
  const breaks = new Set([...edges].filter((i) => graph.edges[i]!.broken));
  return { nodes, edges, breaks };
}
