/**
 * Scale: engine-built graphs of about 1,000, 5,000, 20,000 and 100,000 boxes (a deep residual MLP
 * with modules, an RNN cell unrolled over many steps, a transformer-like stack of identical
 * blocks), from the loss tensor to SVG:
 *   - gradviz at the default depth (folded groups, a layout per group, identical groups laid out once);
 *   - gradviz with every group unfolded;
 *   - the flat drawing laid out whole by dagre (`depth: Infinity`, today's and torchviz's picture);
 *   - Graphviz `dot -Tsvg` on the same `toDOT()` (torchviz's path), capped at 120 s.
 * All in one run, so the ratios compare like with like on a noisy machine. Each size again at the
 * default depth in a fresh process limited to 2 GB of heap (cold code, as one CLI run), and the
 * 20,000-box interactive page in Chromium (first picture, folding ready, one unfold).
 *
 *   npx tsx bench/run.ts scale                         # everything (about 20 minutes)
 *   GRADVIZ_BENCH_SIZES=1000,5000 npx tsx bench/run.ts scale   # some sizes only
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDot } from '../packages/viz/src/make-dot.js';
import { layoutGraph } from '../packages/viz/src/layout/index.js';
import { drawGraph, toSvgString } from '../packages/viz/src/render/index.js';
import { saveGraph } from '../packages/cli/src/save.js';
import { launchChromium, openPage } from '../packages/cli/test/e2e/support/chromium.js';
import { measureFolding } from '../packages/cli/test/e2e/support/fold-timing.js';
import { blocksFor, buildModel, type ModelName } from '../packages/viz/test/fixtures/models.js';
import { formatMs, markdownTable } from './lib/measure.js';

const CAP_MS = 120_000;
/** A depth deeper than any group: every group unfolded. */
const ALL_UNFOLDED = 1_000;
const MODELS: readonly ModelName[] = ['residual-mlp', 'rnn', 'transformer'];
const SIZES = (process.env.GRADVIZ_BENCH_SIZES ?? '1000,5000,20000,100000').split(',').map(Number);

type Time = { readonly ms: number } | { readonly capped: true } | { readonly skipped: string };

function timed(task: () => unknown): Time {
  const start = performance.now();
  task();
  return { ms: performance.now() - start };
}

/** The faster of two runs after a warm-up, for graphs small enough to run thrice; one run above. */
function best(boxes: number, task: () => unknown): Time {
  if (boxes > 6_000) return timed(task);
  task();
  const a = timed(task) as { ms: number };
  const b = timed(task) as { ms: number };
  return { ms: Math.min(a.ms, b.ms) };
}

function flatDagre(model: ModelName, blocks: number): Time {
  const { loss, params } = buildModel(model, blocks);
  const start = performance.now();
  const g = makeDot(loss, { params, depth: Infinity });
  try {
    const laid = layoutGraph(g.graph, { timeoutMs: CAP_MS });
    toSvgString(drawGraph(laid, g.graph));
  } catch (error) {
    if (error instanceof Error && /did not answer within/.test(error.message)) return { capped: true };
    throw error;
  }
  return { ms: performance.now() - start };
}

function graphviz(dot: string): Promise<Time> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn('dot', ['-Tsvg'], { stdio: ['pipe', 'ignore', 'ignore'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), CAP_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve({ capped: true });
      else if (code === 0) resolve({ ms: performance.now() - start });
      else reject(new Error(`dot exited with ${code}`));
    });
    child.stdin.end(dot);
  });
}

const text = (time: Time) => ('ms' in time ? formatMs(time.ms) : 'capped' in time ? `> ${CAP_MS / 1000} s` : time.skipped);
const ratio = (a: Time, b: Time) => ('ms' in a && 'ms' in b ? `${(b.ms / a.ms).toFixed(b.ms / a.ms >= 10 ? 0 : 1)}×` : 'ms' in a && 'capped' in b ? `> ${(CAP_MS / a.ms).toFixed(0)}×` : '–');

console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), ${spawnSync('dot', ['-V'], { encoding: 'utf8' }).stderr.trim()}\n`);

/** The default depth in a fresh process limited to 2 GB of heap: the cold run a CLI user waits for. */
function freshProcess(model: ModelName, size: number): { boxes: number; ms: number; peakRssMb: number; depth: number } | string {
  const child = fileURLToPath(new URL('./lib/scale-child.ts', import.meta.url));
  const run = spawnSync(process.execPath, ['--max-old-space-size=2048', '--import', 'tsx', child, model, String(size)], { encoding: 'utf8' });
  return run.status === 0 ? JSON.parse(run.stdout) : `failed: ${run.stderr.trim().split('\n').at(-1)}`;
}

const rows: string[][] = [];
const coldRows: string[][] = [];
for (const model of MODELS) {
  let flatOver = false;
  let dotOver = false;
  for (const size of SIZES) {
    const blocks = blocksFor(model, size);
    const { loss, params } = buildModel(model, blocks);
    const sample = makeDot(loss, { params });
    const boxes = sample.graph.nodes.length;
    const folded = best(boxes, () => makeDot(loss, { params }).toSVG());
    const unfolded = best(boxes, () => makeDot(loss, { params, depth: ALL_UNFOLDED }).toSVG());
    const skipped = { skipped: `not run (> ${CAP_MS / 1000} s at a smaller size)` };
    const flat: Time = flatOver ? skipped : flatDagre(model, blocks);
    const dot: Time = dotOver ? skipped : await graphviz(sample.toDOT());
    flatOver ||= !('ms' in flat);
    dotOver ||= !('ms' in dot);
    rows.push([
      model,
      boxes.toLocaleString('en-US'),
      sample.snapshot.nodes.length.toLocaleString('en-US'),
      `${text(folded)} (depth ${sample.depth}, ${sample.picture.nodes.length} boxes)`,
      text(unfolded),
      text(flat),
      text(dot),
      ratio(folded, flat),
      ratio(folded, dot),
      ratio(unfolded, flat),
    ]);
    const cold = freshProcess(model, size);
    coldRows.push(typeof cold === 'string' ? [model, boxes.toLocaleString('en-US'), cold, '', ''] : [model, cold.boxes.toLocaleString('en-US'), formatMs(cold.ms), String(cold.depth), `${cold.peakRssMb} MB`]);
    console.log(`measured ${model} at ${boxes} boxes`);
  }
}
console.log('\nFrom the loss tensor to SVG text (snapshot, drawing, diagnosis, groups, layout, SVG), in this process (best of two after a warm-up up to 5,000 boxes, one run above), ms:\n');
console.log(
  markdownTable(
    ['model', 'boxes', 'autograd nodes', 'default depth', 'every group unfolded', 'flat, dagre', 'Graphviz dot -Tsvg', 'flat ÷ default', 'Graphviz ÷ default', 'flat ÷ unfolded'],
    rows,
  ),
);
console.log('\nThe default depth in a fresh process (cold code, as one CLI run), limited to 2 GB of heap (--max-old-space-size=2048):\n');
console.log(markdownTable(['model', 'boxes', 'tensor to SVG, ms', 'depth', 'peak resident memory (the model included)'], coldRows));

// The 20,000-box page in Chromium.
const dir = mkdtempSync(join(tmpdir(), 'gradviz-bench-page-'));
const { loss, params } = buildModel('residual-mlp', blocksFor('residual-mlp', 20_000));
const large = makeDot(loss, { params });
await saveGraph(large, join(dir, 'large.html'));
const browser = await launchChromium();
try {
  const pageRows: string[][] = [];
  for (let run = 0; run < 3; run++) {
    const { page } = await openPage(browser, `file://${join(dir, 'large.html')}`);
    const t = await measureFolding(page);
    pageRows.push([String(run + 1), formatMs(t.firstPictureMs), formatMs(t.foldingReadyMs), formatMs(t.unfoldMs), `${t.group}: ${t.boxesBefore} → ${t.boxesAfter} boxes`]);
    await page.close();
  }
  console.log(`\nThe ${large.graph.nodes.length.toLocaleString('en-US')}-box residual MLP as an interactive page in Chromium (headless), three loads:\n`);
  console.log(markdownTable(['load', 'first picture (DOMContentLoaded), ms', 'folding ready, ms', 'unfold: click to next frame, ms', 'group unfolded'], pageRows));
} finally {
  await browser.close();
}
