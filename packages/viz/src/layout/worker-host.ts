/**
 * Node only: runs dagre on a worker thread whose stack is as large as the graph needs. The worker
 * runs under a supervisor thread (dagre-supervisor.js) that reports its answer or its death, so
 * even a caller blocked waiting (the synchronous layout) learns at once that it died, and why.
 */
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { DagreInput, DagreOutput } from './dagre-run.js';
import { LayoutTooDeepError, LayoutWorkerError, isStackOverflow } from './errors.js';

const SUPERVISOR_URL = new URL('./dagre-supervisor.js', import.meta.url);

/** Smaller stacks fail while the worker loads its modules (measured: a 0.25 MB worker never starts). */
const MIN_STACK_MB = 1;

export interface WorkerLimits {
  readonly nodeCount: number;
  readonly stackSizeMb: number;
  readonly timeoutMs: number;
  /** The worker's heap (V8's old generation) in MB; V8's default when absent. */
  readonly heapSizeMb?: number;
}

type WorkerReply =
  | { ok: true; output: DagreOutput }
  /** dagre threw. */
  | { ok: false; error: { name: string; message: string } }
  /** The worker died (out of memory, exited): the supervisor's report. */
  | { ok: false; crashed: string };

interface WorkerJob {
  /** The supervisor; terminating it ends the layout worker too. */
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
  const resourceLimits = { stackSizeMb, ...(limits.heapSizeMb !== undefined ? { maxOldGenerationSizeMb: limits.heapSizeMb } : {}) };
  const worker = new Worker(SUPERVISOR_URL, {
    workerData: { input, port: port2, signal, resourceLimits },
    transferList: [port2],
    // The workers are plain JavaScript: no loader flags (tsx, vitest) to inherit.
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
  if ('crashed' in reply) throw new LayoutWorkerError(`The layout worker crashed: ${reply.crashed}`);
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
  // Blocked here, this thread sees none of the supervisor's events; an error it emits once this call is over must not go unhandled.
  job.worker.on('error', () => {});
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
