/** dagre recursed deeper than the stack allows: the graph has too many ranks for this stack. */
export class LayoutTooDeepError extends Error {
  override readonly name = 'LayoutTooDeepError';

  constructor(
    readonly nodeCount: number,
    /** The stack the layout ran with: a worker's size in MB, or undefined for the calling thread. */
    readonly stackSizeMb: number | undefined,
  ) {
    super(
      `Layout ran out of stack on a graph of ${nodeCount} nodes: dagre's depth-first searches recurse once per rank, ` +
        (stackSizeMb === undefined
          ? 'and this thread has no stack to spare. In Node, call layoutGraph (it moves large graphs to a worker with a larger stack); ' +
            'in a browser, draw a smaller part of the graph (one module, fewer layers).'
          : `and a worker with a ${stackSizeMb} MB stack was not enough. Pass a larger stackSizeMb or maxStackSizeMb, ` +
            'or draw a smaller part of the graph (one module, fewer layers).'),
    );
  }
}

/** The layout worker died, timed out or failed for a reason other than the stack. */
export class LayoutWorkerError extends Error {
  override readonly name = 'LayoutWorkerError';
}

/** V8 reports a stack overflow as a RangeError about the call stack; errors from a worker arrive as name and message. */
export function isStackOverflow(error: unknown): boolean {
  const described = error as { name?: unknown; message?: unknown } | null;
  return (
    typeof described?.message === 'string' &&
    described.name === 'RangeError' &&
    /maximum call stack size exceeded/i.test(described.message)
  );
}
