/**
 * One graph at the default depth, from tensor to SVG, in its own process (bench/scale.ts starts it
 * with a 2 GB heap limit): prints the boxes, the time and the process's peak resident memory as JSON.
 */
import { makeDot } from '../../packages/viz/src/make-dot.js';
import { blocksFor, buildModel, type ModelName } from '../../packages/viz/test/fixtures/models.js';

const [model, size] = process.argv.slice(2) as [ModelName, string];
const { loss, params } = buildModel(model, blocksFor(model, Number(size)));
const start = performance.now();
const graph = makeDot(loss, { params });
graph.toSVG();
const ms = performance.now() - start;
console.log(JSON.stringify({ boxes: graph.graph.nodes.length, ms, depth: graph.depth, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
