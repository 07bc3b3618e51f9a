import type { VizGraph } from '../graph.js';
import { fromDagreOutput, toDagreInput } from './dagre-mapping.js';
import { runDagre } from './dagre-run.js';
import { LayoutTooDeepError, isStackOverflow } from './errors.js';
import type { LaidOutGraph, LayoutOptions } from './types.js';

/**
 * Lays the graph out on the calling thread: works anywhere (browser included), but dagre recurses
 * once per rank, so a long chain (about 1,900 nodes on Node's default stack) overflows:
 * that surfaces as LayoutTooDeepError. In Node, `layoutGraph` handles large graphs.
 */
export function layoutGraphInProcess(graph: VizGraph, options: LayoutOptions = {}): LaidOutGraph {
  const input = toDagreInput(graph, options);
  try {
    return fromDagreOutput(input, runDagre(input));
  } catch (error) {
    if (isStackOverflow(error)) throw new LayoutTooDeepError(graph.nodes.length, undefined);
    throw error;
  }
}
