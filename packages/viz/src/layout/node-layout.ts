/** Node only: the layout entry points that move large graphs to a worker thread. */
import type { VizGraph } from '../graph.js';
import { fromDagreOutput, toDagreInput } from './dagre-mapping.js';
import { LayoutTooDeepError } from './errors.js';
import { layoutGraphInProcess } from './in-process.js';
import { IN_PROCESS_MAX_NODES, stackSizeFor } from './stack-size.js';
import type { LaidOutGraph, NodeLayoutOptions } from './types.js';
import { type WorkerLimits, runDagreInWorker, runDagreInWorkerSync } from './worker-host.js';

const DEFAULT_TIMEOUT_MS = 300_000;

/** Small graphs are laid out here; undefined means the graph needs a worker's stack. */
function layoutIfSmall(graph: VizGraph, options: NodeLayoutOptions): LaidOutGraph | undefined {
  if (graph.nodes.length > (options.inProcessMaxNodes ?? IN_PROCESS_MAX_NODES)) return undefined;
  try {
    return layoutGraphInProcess(graph, options);
  } catch (error) {
    // The caller's own frames left less stack than the threshold assumes: a worker has more.
    if (error instanceof LayoutTooDeepError) return undefined;
    throw error;
  }
}

function workerLimits(graph: VizGraph, options: NodeLayoutOptions): WorkerLimits {
  const nodeCount = graph.nodes.length;
  return {
    nodeCount,
    stackSizeMb: options.stackSizeMb ?? stackSizeFor(nodeCount, options.maxStackSizeMb),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}

/**
 * Places every box and routes every edge (parallel edges included). Synchronous: a large graph is
 * laid out on a worker with a raised stack while this thread waits. Throws LayoutTooDeepError if
 * even that stack is too small, LayoutWorkerError if the worker fails otherwise.
 */
export function layoutGraph(graph: VizGraph, options: NodeLayoutOptions = {}): LaidOutGraph {
  const small = layoutIfSmall(graph, options);
  if (small !== undefined) return small;
  const input = toDagreInput(graph, options);
  return fromDagreOutput(input, runDagreInWorkerSync(input, workerLimits(graph, options)));
}

/** layoutGraph without blocking the event loop while a worker lays out a large graph. */
export async function layoutGraphAsync(graph: VizGraph, options: NodeLayoutOptions = {}): Promise<LaidOutGraph> {
  const small = layoutIfSmall(graph, options);
  if (small !== undefined) return small;
  const input = toDagreInput(graph, options);
  return fromDagreOutput(input, await runDagreInWorker(input, workerLimits(graph, options)));
}
