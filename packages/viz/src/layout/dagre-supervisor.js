// Worker entry (Node only): runs the layout worker (dagre-worker.js) as a thread of its own, with the
// resource limits it was given, and posts what became of it on `port`: its answer, or the reason it
// died. Then it wakes the parent, which may be blocked in Atomics.wait on `signal` and so cannot
// see a dead worker's events itself; this thread can, so a crash is reported at once.
import { MessageChannel, Worker, receiveMessageOnPort, workerData } from 'node:worker_threads';

const { input, port, signal, resourceLimits } = workerData;
const { port1: replies, port2 } = new MessageChannel();
const worker = new Worker(new URL('./dagre-worker.js', import.meta.url), {
  workerData: { input, port: port2 },
  transferList: [port2],
  resourceLimits,
  execArgv: [],
});

let answered = false;
function answer(reply) {
  if (answered) return;
  answered = true;
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
  port.close();
  replies.close();
  void worker.terminate();
}

replies.once('message', answer);
worker.on('error', (error) => answer({ ok: false, crashed: error.message }));
// An exit can overtake the reply's message event: read the port before giving up on it.
worker.once('exit', (code) =>
  answer(receiveMessageOnPort(replies)?.message ?? { ok: false, crashed: `it stopped without answering (exit status ${code})` }),
);
