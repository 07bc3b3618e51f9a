/**
 * makeDot end to end on graphs the engine builds: an MLP-shaped forward pass
 * (`relu(h @ w.t() + b)` per layer, 6 nodes a layer) of about 100, 1,000 and 5,000 nodes.
 * Times the snapshot, makeDot's own work (torchviz replay, diagnosis, marks), layout and SVG,
 * and the engine's backward and snapshot on a 100,000-op chain.
 */
import os from 'node:os';
import { snapshot, type Tensor, tensor } from '../packages/engine/src/index.js';
import { makeDot } from '../packages/viz/src/make-dot.js';
import { formatMs, markdownTable, medianOf } from './lib/measure.js';

function mlp(layers: number): { loss: Tensor; params: Record<string, Tensor> } {
  const params: Record<string, Tensor> = {};
  let h = tensor([[0.5, -0.25, 0.75, 0.1]]);
  for (let i = 0; i < layers; i++) {
    const w = tensor([[0.1, 0.2, 0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [0.9, 1.0, 1.1, 1.2], [1.3, 1.4, 1.5, 1.6]], { requiresGrad: true });
    const b = tensor([0.01, 0.02, 0.03, 0.04], { requiresGrad: true });
    params[`layers.${i}.weight`] = w;
    params[`layers.${i}.bias`] = b;
    h = h.matmul(w.t()).add(b).relu().mul(0.1);
  }
  return { loss: h.sum(), params };
}

console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'})\n`);

const rows: string[][] = [];
for (const layers of [14, 142, 714]) {
  const { loss, params } = mlp(layers);
  const runs = layers > 500 ? 3 : 5;
  const graph = makeDot(loss, { params });
  const snap = await medianOf(runs, () => snapshot(loss, { params }));
  const build = await medianOf(runs, () => makeDot(loss, { params }));
  const layout = await medianOf(runs, () => makeDot(loss, { params }).layout());
  const svg = await medianOf(runs, () => makeDot(loss, { params }).toSVG());
  rows.push([
    String(graph.snapshot.nodes.length),
    String(graph.graph.nodes.length),
    formatMs(snap.medianMs),
    formatMs(build.medianMs),
    formatMs(layout.medianMs - build.medianMs),
    formatMs(svg.medianMs),
    String(runs),
  ]);
  console.log(`measured ${graph.graph.nodes.length} boxes`);
}
console.log('\nmakeDot on engine graphs, median ms:\n');
console.log(
  markdownTable(['autograd nodes', 'boxes', 'snapshot()', 'makeDot()', 'layout()', 'makeDot().toSVG() in all', 'runs'], rows),
);

const chain = await medianOf(3, () => {
  const x = tensor(0.5, { requiresGrad: true });
  let y: Tensor = x;
  for (let i = 0; i < 100_000; i++) y = y.add(1);
  return y;
});
const x = tensor(0.5, { requiresGrad: true });
let y: Tensor = x;
for (let i = 0; i < 100_000; i++) y = y.add(1);
const backward = await medianOf(3, () => y.backward(null, { retainGraph: true }));
const snap = await medianOf(3, () => snapshot(y));
console.log('\nA chain of 100,000 adds on a scalar, median ms:\n');
console.log(markdownTable(['forward', 'backward', 'snapshot()'], [[formatMs(chain.medianMs), formatMs(backward.medianMs), formatMs(snap.medianMs)]]));
