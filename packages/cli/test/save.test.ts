/** saveGraph(): a graph from makeDot written in the format its file's extension names. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@gradviz/engine';
import { makeDot } from '@gradviz/viz';
import { describe, expect, it } from 'vitest';
import { checkOutputPath } from '../src/cli/output.js';
import { saveGraph } from '../src/save.js';

function seed() {
  const x = tensor(Float64Array.from({ length: 17 }, (_, i) => -2 + 0.25 * i), { requiresGrad: true }).float();
  return { x, z: x.pow(2).mul(2).add(2).sum() };
}

describe('saveGraph', () => {
  it('picks the format from the extension', async () => {
    const { x, z } = seed();
    const g = makeDot(z, { params: { x } });
    const dir = mkdtempSync(join(tmpdir(), 'gradviz-'));
    await saveGraph(g, join(dir, 'g.svg'));
    await saveGraph(g, join(dir, 'g.dot'));
    await saveGraph(g, join(dir, 'g.json'));
    await saveGraph(g, join(dir, 'g.png'));
    await saveGraph(g, join(dir, 'g.gv'));
    await saveGraph(g, join(dir, 'g.HTML'));
    expect(readFileSync(join(dir, 'g.svg'), 'utf8')).toBe(g.toSVG());
    expect(readFileSync(join(dir, 'g.dot'), 'utf8')).toBe(g.toDOT());
    expect(readFileSync(join(dir, 'g.gv'), 'utf8')).toBe(g.toDOT());
    expect(readFileSync(join(dir, 'g.HTML'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(JSON.parse(readFileSync(join(dir, 'g.json'), 'utf8')).snapshot.format).toBe('gradviz.graph');
    expect([...readFileSync(join(dir, 'g.png')).subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    await expect(saveGraph(g, 'g.pdf')).rejects.toThrow("saveGraph(): cannot tell the format of 'g.pdf' from its extension; use .svg, .png, .dot, .gv, .json, .html");
  });

  it('refuses what is not a graph or not a file name, saying what to pass', async () => {
    const { x, z } = seed();
    await expect(saveGraph(z as never, 'g.svg')).rejects.toThrow(/^saveGraph\(graph, path\): graph must be what makeDot\(\) returns, got /);
    await expect(saveGraph(makeDot(z, { params: { x } }), '')).rejects.toThrow("saveGraph(graph, path): path must be a file name such as 'graph.svg', got ");
  });

  it('and the CLI know the same formats, from one table', () => {
    for (const out of ['g.svg', 'g.png', 'g.json', 'g.html']) expect(checkOutputPath(out).needsLayout, out).toBe(true);
    for (const out of ['g.dot', 'g.gv']) expect(checkOutputPath(out).needsLayout, out).toBe(false);
    expect(() => checkOutputPath('g.pdf')).toThrow("cannot tell the format of 'g.pdf' from its extension; use .svg, .png, .dot, .gv, .json, .html");
  });
});
