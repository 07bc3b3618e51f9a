/** Node only: runs dagre on a worker thread whose stack is as large as the graph needs. */
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { DagreInput, DagreOutput } from './dagre-run.js';
import { LayoutTooDeepError, LayoutWorkerError, isStackOverflow } from './errors.js';

const WORKER_URL = new URL('./dagre-worker.js', import.meta.url);

/** Smaller stacks fail while the worker loads its modules (measured: a 0.25 MB worker never starts). */
const MIN_STACK_MB = 1;

export interface WorkerLimits {
  readonly nodeCount: number;
  readonly stackSizeMb: number;
  readonly timeoutMs: number;
}

type WorkerReply = { ok: true; output: DagreOutput } | { ok: false; error: { name: string; message: string } };

interface WorkerJob {
  readonly worker: Worker;
  /** Where the worker's reply arrives. */
  readonly port: MessagePort;
  /** Set to 1 and notified by the worker once the reply is posted. */
  readonly signal: Int32Array;
  readonly stackSizeMb: number;
}

function startWorker(input: DagreInput, limits: WorkerLimits): WorkerJob {
  const stackSizeMb = Math.max(MIN_STACK_MB, limits.stackSizeMb);
  const signal = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_URL, {
    workerData: { input, port: port2, signal },
    transferList: [port2],
    resourceLimits: { stackSizeMb },
    // The worker is plain JavaScript: no loader flags (tsx, vitest) to inherit.
    execArgv: [],
  });
  return { worker, port: port1, signal, stackSizeMb };
}

function stopWorker(job: WorkerJob): void {
  job.port.close();
  void job.worker.terminate();
}

function unwrap(reply: WorkerReply | undefined, job: WorkerJob, limits: WorkerLimits): DagreOutput {
  if (reply === undefined) throw new LayoutWorkerError('The layout worker stopped without answering.');
  if (reply.ok) return reply.output;
  if (isStackOverflow(reply.error)) throw new LayoutTooDeepError(limits.nodeCount, job.stackSizeMb);
  throw new LayoutWorkerError(`The layout worker failed: ${reply.error.name}: ${reply.error.message}`);
}

function timeoutError(limits: WorkerLimits): LayoutWorkerError {
  return new LayoutWorkerError(
    `The layout worker did not answer within ${limits.timeoutMs} ms for a graph of ${limits.nodeCount} nodes; pass a larger timeoutMs or draw a smaller part of the graph.`,
  );
}

/** Blocks the calling thread until the worker answers: keeps `layoutGraph` synchronous. */
export function runDagreInWorkerSync(input: DagreInput, limits: WorkerLimits): DagreOutput {
  const job = startWorker(input, limits);
  try {
    if (Atomics.wait(job.signal, 0, 0, limits.timeoutMs) === 'timed-out') throw timeoutError(limits);
    return unwrap(receiveMessageOnPort(job.port)?.message as WorkerReply | undefined, job, limits);
  } finally {
    stopWorker(job);
  }
}

/** Same as runDagreInWorkerSync without blocking: the event loop keeps running. */
export function runDagreInWorker(input: DagreInput, limits: WorkerLimits): Promise<DagreOutput> {
  const job = startWorker(input, limits);
  return new Promise<DagreOutput>((resolve, reject) => {
    let settled = false;
    const settle = (answer: () => DagreOutput): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        resolve(answer());
      } catch (error) {
        reject(error);
      } finally {
        stopWorker(job);
      }
    };
    const timer = setTimeout(() => settle(() => { throw timeoutError(limits); }), limits.timeoutMs);
    job.port.once('message', (reply: WorkerReply) => settle(() => unwrap(reply, job, limits)));
    job.worker.once('error', (error: Error) =>
      settle(() => { throw new LayoutWorkerError(`The layout worker crashed: ${error.message}`); }),
    );
    // An exit can overtake the reply's message event: read the port before giving up on it.
    job.worker.once('exit', () =>
      settle(() => unwrap(receiveMessageOnPort(job.port)?.message as WorkerReply | undefined, job, limits)),
    );
  });
}
