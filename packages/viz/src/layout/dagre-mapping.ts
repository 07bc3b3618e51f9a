import type { VizGraph } from '../graph.js';
import { measureBox } from './box-metrics.js';
import { spreadParallelEdges } from './parallel-edges.js';
import type { DagreInput, DagreOutput } from './dagre-run.js';
import type { LaidOutGraph, LayoutOptions } from './types.js';

/** Tighter than Graphviz's defaults but with room for arrow heads, as torchviz's ranksep=0.1 is. */
const DEFAULTS = { nodesep: 18, ranksep: 24, edgesep: 10, margin: 8 } as const;

/** Checks the graph and turns it into dagre's plain input, sizing each box from its text. */
export function toDagreInput(graph: VizGraph, options: LayoutOptions = {}): DagreInput {
  const ids = new Set<string>();
  for (const node of graph.nodes) {
    if (ids.has(node.id)) throw new Error(`VizGraph has two nodes with id ${JSON.stringify(node.id)}`);
    ids.add(node.id);
  }
  for (const edge of graph.edges) {
    for (const end of [edge.from, edge.to]) {
      if (!ids.has(end)) throw new Error(`VizGraph edge ${edge.from} -> ${edge.to} names no node ${JSON.stringify(end)}`);
    }
  }
  return {
    rankdir: options.rankdir ?? graph.rankdir,
    nodesep: options.nodesep ?? DEFAULTS.nodesep,
    ranksep: options.ranksep ?? DEFAULTS.ranksep,
    edgesep: options.edgesep ?? DEFAULTS.edgesep,
    margin: options.margin ?? DEFAULTS.margin,
    nodes: graph.nodes.map((node) => {
      const { width, height } = measureBox(node);
      return { id: node.id, width, height };
    }),
    edges: graph.edges.map((edge) => ({ from: edge.from, to: edge.to })),
  };
}

/** dagre gives centres; the drawing wants corners. Order follows the input. */
export function fromDagreOutput(input: DagreInput, output: DagreOutput): LaidOutGraph {
  const nodes = input.nodes.map((node, i) => {
    const centre = output.nodes[i]!;
    return { id: node.id, x: centre.x - node.width / 2, y: centre.y - node.height / 2, width: node.width, height: node.height };
  });
  const edges = input.edges.map((edge, i) => ({ from: edge.from, to: edge.to, points: output.edges[i]!.points }));
  return { width: output.width, height: output.height, rankdir: input.rankdir, nodes, edges: spreadParallelEdges(edges, nodes) };
}
