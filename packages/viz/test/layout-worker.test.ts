import { describe, expect, it } from 'vitest';
import {
  IN_PROCESS_MAX_NODES,
  LayoutTooDeepError,
  layoutGraph,
  layoutGraphAsync,
  layoutGraphInProcess,
  stackSizeFor,
} from '../src/layout/index.js';
import { toDagreInput } from '../src/layout/dagre-mapping.js';
import { LayoutWorkerError } from '../src/layout/errors.js';
import { runDagreInWorker, runDagreInWorkerSync } from '../src/layout/worker-host.js';
import { chainGraph, mlpGraph } from './fixtures/generated.js';
import { errorOf } from './support/errors.js';

describe('large layouts on a worker thread', () => {
  it('lays out a 6,000-node chain (which overflows the main stack) synchronously', () => {
    const graph = chainGraph(6000);
    expect(graph.nodes.length).toBeGreaterThan(IN_PROCESS_MAX_NODES);
    const laid = layoutGraph(graph);
    expect(laid.nodes).toHaveLength(6000);
    expect(laid.edges).toHaveLength(5999);
    // A chain with rankdir TB: every node strictly below its predecessor.
    for (let i = 1; i < laid.nodes.length; i++) expect(laid.nodes[i]!.y).toBeGreaterThan(laid.nodes[i - 1]!.y);
  });

  it('shows that the chain is too deep for the calling thread, with the clear error', () => {
    const error = errorOf(() => layoutGraphInProcess(chainGraph(6000)));
    expect(error).toBeInstanceOf(LayoutTooDeepError);
    expect((error as LayoutTooDeepError).stackSizeMb).toBeUndefined();
    expect((error as Error).message).toMatch(/6000 nodes.*layoutGraph/);
  });

  it('throws LayoutTooDeepError, not a RangeError, when the worker stack is too small', () => {
    const error = errorOf(() => layoutGraph(chainGraph(6000), { stackSizeMb: 1 }));
    expect(error).toBeInstanceOf(LayoutTooDeepError);
    expect(error).not.toBeInstanceOf(RangeError);
    expect((error as LayoutTooDeepError).name).toBe('LayoutTooDeepError');
    expect((error as LayoutTooDeepError).nodeCount).toBe(6000);
    expect((error as LayoutTooDeepError).stackSizeMb).toBe(1);
    expect((error as Error).message).toMatch(/6000 nodes.*1 MB stack.*stackSizeMb/);
  });

  it('gives the same layout on a worker as in process, synchronously and asynchronously', async () => {
    const graph = mlpGraph(300);
    const inProcess = layoutGraphInProcess(graph);
    expect(layoutGraph(graph, { inProcessMaxNodes: 0 })).toEqual(inProcess);
    expect(await layoutGraphAsync(graph, { inProcessMaxNodes: 0 })).toEqual(inProcess);
  });

  it('rejects the async variant with LayoutTooDeepError too', async () => {
    await expect(layoutGraphAsync(chainGraph(3000), { inProcessMaxNodes: 0, stackSizeMb: 1 })).rejects.toThrow(LayoutTooDeepError);
  });

  // Issue 10, item 4: the synchronous path waited out its whole timeout (300 s by default), then blamed it.
  it('notices at once that the worker died (out of memory), and says why, on both paths', async () => {
    const graph = mlpGraph(300);
    const limits = { nodeCount: graph.nodes.length, stackSizeMb: 4, timeoutMs: 30_000, heapSizeMb: 2 };
    const error = errorOf(() => runDagreInWorkerSync(toDagreInput(graph), limits));
    expect(error).toBeInstanceOf(LayoutWorkerError);
    expect((error as Error).message).toBe('The layout worker crashed: Worker terminated due to reaching memory limit: JS heap out of memory');
    await expect(runDagreInWorker(toDagreInput(graph), limits)).rejects.toThrow(error as Error);
  });

  it('sizes the worker stack from the node count, within the cap', () => {
    expect(stackSizeFor(6000)).toBeGreaterThan(stackSizeFor(100));
    expect(stackSizeFor(10_000_000)).toBe(512);
    expect(stackSizeFor(10_000_000, 64)).toBe(64);
  });
});
