// Plain JavaScript on purpose: the layout worker loads this file directly, and Node 20 cannot load
// TypeScript in a worker thread. Types are in dagre-run.d.ts; the TypeScript side does the rest.
import dagre from '@dagrejs/dagre';
import { Graph } from '@dagrejs/graphlib';

/**
 * Lays out plain node sizes and edges with dagre and returns plain positions, in input order.
 * @param {import('./dagre-run.js').DagreInput} input
 * @returns {import('./dagre-run.js').DagreOutput}
 */
export function runDagre(input) {
  // A multigraph keeps parallel edges (x*x gives two): each edge is named by its index.
  const g = new Graph({ multigraph: true });
  g.setGraph({
    rankdir: input.rankdir,
    nodesep: input.nodesep,
    ranksep: input.ranksep,
    edgesep: input.edgesep,
    marginx: input.margin,
    marginy: input.margin,
  });
  for (const node of input.nodes) g.setNode(node.id, { width: node.width, height: node.height });
  input.edges.forEach((edge, index) => g.setEdge(edge.from, edge.to, {}, String(index)));

  dagre.layout(g);

  const label = g.graph();
  return {
    width: label.width ?? 0,
    height: label.height ?? 0,
    nodes: input.nodes.map((node) => {
      const placed = g.node(node.id);
      return { x: placed.x, y: placed.y };
    }),
    edges: input.edges.map((edge, index) => ({
      points: g.edge(edge.from, edge.to, String(index)).points.map((p) => ({ x: p.x, y: p.y })),
    })),
  };
}
