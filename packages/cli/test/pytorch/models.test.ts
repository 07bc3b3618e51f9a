/**
 * Real models: torchvision's ResNet-18 and a 6-layer nn.TransformerEncoder, exported from Debian's
 * PyTorch and drawn to SVG by the CLI, as Python's `g.save('model.svg')` does: every snapshot node is drawn,
 * every param is named, and nothing is found wrong with a healthy model; by default the
 * transformer is folded by module into fewer boxes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { describe, expect, it } from 'vitest';
import { runPython } from '../../../viz/test/support/python.js';

const CLI = fileURLToPath(new URL('../../bin/gradviz.mjs', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'gradviz-models-'));
runPython('tests/export_models.py', [out]);

describe('real PyTorch models, drawn by the CLI', () => {
  for (const name of ['resnet18', 'transformer']) {
    it(name, () => {
      const snapshot = JSON.parse(readFileSync(join(out, `${name}.json`), 'utf8')) as GraphSnapshot;
      const svgPath = join(out, `${name}.svg`);
      // Flat, every node is a box of its own; by default a big model is folded by module.
      execFileSync(process.execPath, [CLI, 'render', join(out, `${name}.json`), '--out', svgPath, '--depth', 'flat'], { stdio: 'pipe' });
      const svg = new DOMParser().parseFromString(readFileSync(svgPath, 'utf8'), 'image/svg+xml');
      const keys = new Set(Array.from(svg.getElementsByTagName('g')).map((g) => g.getAttribute('data-key')));
      const missing = snapshot.nodes.filter((n) => !keys.has(`n${n.id}`)).map((n) => `${n.id} ${n.name}`);
      expect(missing).toEqual([]);
      const foldedPath = join(out, `${name}.folded.svg`);
      execFileSync(process.execPath, [CLI, 'render', join(out, `${name}.json`), '--out', foldedPath], { stdio: 'pipe' });
      const folded = new DOMParser().parseFromString(readFileSync(foldedPath, 'utf8'), 'image/svg+xml');
      const boxes = Array.from(folded.getElementsByTagName('g')).filter((g) => g.getAttribute('class')?.split(' ').includes('node')).length;
      expect(boxes).toBeGreaterThan(0);
      if (name === 'transformer') expect(boxes).toBeLessThan(snapshot.nodes.length);
      expect(snapshot.params.length).toBe(name === 'resnet18' ? 62 : 72);
      expect(snapshot.modules?.length).toBeGreaterThan(10);
      const explained = execFileSync(process.execPath, [CLI, 'explain', join(out, `${name}.json`)], { encoding: 'utf8' });
      expect(explained).toContain('Nothing stops a gradient');
    });
  }
});
