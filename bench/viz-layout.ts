/**
 * Layout and drawing time for autograd-shaped graphs (an MLP's backward graph: per layer a weight
 * and a bias leaf with their AccumulateGrads, t, addmm, relu) of about 100, 1,000 and 5,000 nodes.
 * Also times the alternatives not chosen: building the SVG with d3 on a DOM in Node (linkedom,
 * jsdom) instead of serializing the drawing model, and a worker against in-process layout.
 */
import os from 'node:os';
import { IN_PROCESS_MAX_NODES, layoutGraph, layoutGraphInProcess } from '../packages/viz/src/layout/index.js';
import { drawGraph, renderInto, toSvgString } from '../packages/viz/src/render/index.js';
import { mlpGraph } from '../packages/viz/test/fixtures/generated.js';
import { htmlPage, linkedomPage, type Page } from '../packages/viz/test/fixtures/svg-dom.js';
import { formatMs, markdownTable, medianOf } from './lib/measure.js';

const SIZES = [100, 1000, 5000] as const;
const RUNS: Record<(typeof SIZES)[number], number> = { 100: 9, 1000: 5, 5000: 3 };

console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'})\n`);

const main: string[][] = [];
const dom: string[][] = [];
for (const size of SIZES) {
  const graph = mlpGraph(size);
  const runs = RUNS[size];
  const laid = layoutGraph(graph);
  const layout = await medianOf(runs, () => layoutGraph(graph));
  const draw = await medianOf(runs, () => drawGraph(laid, graph));
  const tree = drawGraph(laid, graph);
  const serialize = await medianOf(runs, () => toSvgString(tree));
  const svg = toSvgString(tree);
  main.push([
    String(graph.nodes.length),
    String(graph.edges.length),
    graph.nodes.length > IN_PROCESS_MAX_NODES ? 'worker' : 'in process',
    formatMs(layout.medianMs),
    formatMs(draw.medianMs + serialize.medianMs),
    `${(svg.length / 1024).toFixed(0)} KiB`,
    String(runs),
  ]);

  const viaDom = (makePage: () => Page) => () => {
    const page = makePage();
    return page.serialize(renderInto(page.container, tree));
  };
  const linkedom = await medianOf(runs, viaDom(linkedomPage));
  const jsdom = await medianOf(runs, viaDom(htmlPage));
  dom.push([String(graph.nodes.length), formatMs(serialize.medianMs), formatMs(linkedom.medianMs), formatMs(jsdom.medianMs)]);
  console.log(`measured ${graph.nodes.length} nodes`);
}

console.log('\nLayout (layoutGraph) and drawing (drawGraph + toSvgString), median ms:\n');
console.log(markdownTable(['nodes', 'edges', 'layout ran', 'layout ms', 'draw to SVG string ms', 'SVG size', 'runs'], main));
console.log('\nFrom drawing model to SVG text, median ms:\n');
console.log(markdownTable(['nodes', 'toSvgString', 'd3 renderInto on linkedom + outerHTML', 'd3 renderInto on jsdom + XMLSerializer'], dom));

// The worker's fixed cost, at the largest graph the main thread is trusted with.
const nearThreshold = mlpGraph(IN_PROCESS_MAX_NODES - 10);
const inProcess = await medianOf(5, () => layoutGraphInProcess(nearThreshold));
const onWorker = await medianOf(5, () => layoutGraph(nearThreshold, { inProcessMaxNodes: 0 }));
console.log(`\nWorker against in-process layout at ${nearThreshold.nodes.length} nodes, median ms:\n`);
console.log(markdownTable(['in process', 'worker (sync)'], [[formatMs(inProcess.medianMs), formatMs(onWorker.medianMs)]]));
