/**
 * Snapshots through the CLI: --depth folds what it draws, and a snapshot the drawing refuses is
 * one line naming the file, never a failed write.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshot, tensor } from '@gradviz/engine';
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { MAX_SNAPSHOT_DEPTH } from '@gradviz/viz/internal/validate';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../viz/test/fixtures/models.js';
import { parseCommandLine } from '../src/cli/args.js';
import { main } from '../src/cli/main.js';
import { inProcess } from './support/cli.js';

function residual(blocks: number): GraphSnapshot {
  const { loss, params } = buildModel('residual-mlp', blocks);
  return JSON.parse(JSON.stringify(snapshot(loss, { params }))) as GraphSnapshot;
}

/** The seed's shape: x copied to float64 (a non-leaf param), times 2, summed; as JSON that can be edited. */
function seedJson(): any {
  const x = tensor([1, 2], { requiresGrad: true }).double();
  return JSON.parse(JSON.stringify(snapshot(x.mul(2).sum(), { params: { x } })));
}

describe('gradviz --depth', () => {
  it('reads a whole number or flat, and refuses anything else', () => {
    expect(parseCommandLine(['render', 'g.json', '--depth', '2'])).toMatchObject({ options: { depth: 2 } });
    expect(parseCommandLine(['render', 'g.json', '--depth', 'flat'])).toMatchObject({ options: { depth: Infinity } });
    expect(() => parseCommandLine(['render', 'g.json', '--depth', 'deep'])).toThrow("--depth must be a whole number (levels of groups unfolded) or 'flat', got 'deep' (see gradviz --help)");
  });

  it('draws a snapshot folded to the depth asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradviz-depth-'));
    writeFileSync(join(dir, 'g.json'), JSON.stringify(residual(3)));
    const out: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) } };
    expect(await main(['render', join(dir, 'g.json'), '--depth', '1', '--out', join(dir, 'g.json.svg')], io)).toBe(0);
    const svg = readFileSync(join(dir, 'g.json.svg'), 'utf8');
    expect(svg.match(/<g class="cluster" data-group="/g)).toHaveLength(2);
    expect(svg).toContain('data-group="call1"');
  });
});

describe('validateSnapshot in the CLI', () => {
  it('refuses 10,000-deep JSON in an unknown field, which overflowed the stack in toJSON() (and the CLI blamed the write)', async () => {
    const json = seedJson();
    const text = JSON.stringify(json).replace(/}$/, `,"extra":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    const file = join(mkdtempSync(join(tmpdir(), 'gradviz-validate-')), 'deep.json');
    writeFileSync(file, text);
    const { status, stderr } = await inProcess('render', file, '--out', file.replace(/json$/, 'out.json'));
    expect(stderr).toBe(`gradviz: ${file}: makeDot(): malformed snapshot: extra${'[0]'.repeat(MAX_SNAPSHOT_DEPTH - 1)} nests deeper than ${MAX_SNAPSHOT_DEPTH} levels, got an array of length 1\n`);
    expect(status).toBe(1);
  });

});
