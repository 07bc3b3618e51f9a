import { Worker, receiveMessageOnPort, MessageChannel } from 'node:worker_threads';
const url = new URL('/work/main/packages/viz/src/layout/dagre-worker.js', 'file://');
function chain(n) { return { rankdir: 'TB', nodesep: 18, ranksep: 24, edgesep: 10, margin: 8,
  nodes: Array.from({ length: n }, (_, i) => ({ id: 'n' + i, width: 120, height: 30 })),
  edges: Array.from({ length: n - 1 }, (_, i) => ({ from: 'n' + i, to: 'n' + (i + 1) })) }; }
function run(n, mb) {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const t = performance.now();
  const w = new Worker(url, { workerData: { input: chain(n), port: port2, signal }, transferList: [port2], resourceLimits: { stackSizeMb: mb }, execArgv: [] });
  Atomics.wait(signal, 0, 0);
  const msg = receiveMessageOnPort(port1).message; w.terminate();
  return [msg.ok ? 'ok' : msg.error.message, (performance.now() - t).toFixed(0)];
}
const mb = +process.argv[2];
for (const n of process.argv.slice(3).map(Number)) console.log(mb, n, ...run(n, mb));
