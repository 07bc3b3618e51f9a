/**
 * The CLI's command lines fuzzed with a fixed seed (issue 10): every line gives status 0, or 1 or 2
 * with one line on stderr, never an unexpected error.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshot, tensor } from '@gradviz/engine';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

const SEED = 20_240_610;

describe('fuzz (fixed seed)', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = x.double().mul(2);

  it('command lines: status 0, or 1 or 2 with one line on stderr; never an unexpected error', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'gradviz-fuzz-cli-'));
    const file = (name: string, text: string) => {
      writeFileSync(join(tmp, name), text);
      return join(tmp, name);
    };
    mkdirSync(join(tmp, 'folder.json'));
    const inputs = [
      file('graph.json', JSON.stringify(snapshot(y.sum(), { params: { x } }))),
      file('other.json', JSON.stringify(snapshot([y, x.detach()], { params: { 'a<b>&"': x } }))),
      file('bad.json', '{ "format": '),
      file('malformed.json', JSON.stringify({ format: 'gradviz.graph', version: 1, outputs: 'x' })),
      file('notes.txt', 'x'),
      file('a-file', 'x'),
      join(tmp, 'folder.json'),
      join(tmp, 'missing.json'),
    ];
    const outs = ['g.svg', 'g.dot', 'g.gv', 'g.json', 'g.html', 'g.bmp', 'g', 'sub/dir/g.svg', 'a-file/g.svg', 'folder.json', ''].map((o) => (o === '' ? o : join(tmp, o)));
    const word = fc.oneof(
      fc.constantFrom('render', 'explain', 'help', 'draw', '--help', '-h', '--show-attrs', '--show-saved', '--', '-', '--colour', '-x'),
      fc.constantFrom(...inputs),
      fc.tuple(fc.constantFrom('--out', '-o'), fc.constantFrom(...outs)).map(([flag, out]) => `${flag}=${out}`),
      fc.tuple(fc.constantFrom('--rankdir', '--max-attr-chars', '--param', '--timeout'), fc.constantFrom('LR', 'XY', '3', '-1', '0', '1e9', 'x', 'w', '', 'a<b>&"', '\u0000')).map(([flag, value]) => `${flag}=${value}`),
      fc.string({ maxLength: 8 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(word, { maxLength: 6 }), async (argv) => {
        let stdout = '';
        let stderr = '';
        const status = await main(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
        expect(stderr).not.toContain('unexpected error');
        if (status === 0) return;
        expect([1, 2]).toContain(status);
        expect(stderr).toMatch(/^gradviz: [^\n]*\n$/);
        expect(stdout).toBe('');
      }),
      { seed: SEED, numRuns: 400 },
    );
  });
});
