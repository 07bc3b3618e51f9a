/**
 * Real PyTorch models through the Python package: torchvision's ResNet-18 and a 6-layer
 * nn.TransformerEncoder exported from Debian's PyTorch (`python/tests/export_models.py`), then drawn
 * by gradviz (makeDot, layout and SVG, in process) beside Graphviz `dot -Tsvg` on the same graph's
 * DOT, as torchviz draws it. Needs /usr/bin/python3 with torch and torchvision, and Graphviz.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { GraphSnapshot } from '../packages/engine/src/snapshot/schema.js';
import { makeDot } from '../packages/viz/src/make-dot.js';
import { formatMs, markdownTable, medianOf } from './lib/measure.js';

const out = mkdtempSync(join(os.tmpdir(), 'gradviz-bench-models-'));
execFileSync('/usr/bin/python3', ['python/tests/export_models.py', out], { env: { ...process.env, PYTHONPATH: 'python' }, stdio: 'inherit' });
console.log(`node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'})\n`);

const rows: string[][] = [];
for (const name of ['resnet18', 'transformer']) {
  const snapshot = JSON.parse(readFileSync(join(out, `${name}.json`), 'utf8')) as GraphSnapshot;
  const dotFile = join(out, `${name}.dot`);
  writeFileSync(dotFile, makeDot(snapshot).toDOT());
  const gradviz = await medianOf(5, () => makeDot(snapshot).toSVG());
  const graphviz = await medianOf(5, () => execFileSync('dot', ['-Tsvg', '-o', join(out, `${name}.dot.svg`), dotFile]));
  rows.push([name, String(snapshot.nodes.length), formatMs(gradviz.medianMs), formatMs(graphviz.medianMs), (gradviz.medianMs / graphviz.medianMs).toFixed(1)]);
}
console.log(markdownTable(['model', 'nodes', 'gradviz makeDot + layout + SVG ms', 'Graphviz dot -Tsvg ms (process)', 'ratio'], rows));
