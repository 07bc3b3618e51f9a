/**
 * Provenance in a bundled program (issue 11): the engine and the user's code share one file, so a
 * stack names only bundle positions. The user's line comes from the source map (Node's
 * --enable-source-maps, or maps loaded with loadSourceMaps()); without one the place is unknown,
 * never a line of the bundle. Browsers are checked end to end by @gradviz/cli's consumer test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceMap, loadSourceMaps, sourceMapOf } from '../src/source-map.js';

const ENGINE = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'gradviz-bundled-'));
const entry = join(folder, 'user.ts');
/** The line of user.ts that makes x a copy. */
const COPY_LINE = 3;

let server: Server;
let url: string;

beforeAll(async () => {
  writeFileSync(
    entry,
    [
      `import { snapshot, tensor } from ${JSON.stringify(ENGINE)};`,
      'const values = [1, 2];',
      'const x = tensor(values, { requiresGrad: true }).double();',
      'const graph = snapshot(x.mul(2).sum(), { params: { x } });',
      "const named = graph.tensors.find((t) => t.params?.includes('x'));",
      'console.log(JSON.stringify({ source: named.origin.source ?? null, unknownSources: graph.unknownSources ?? null }));',
    ].join('\n'),
  );
  await build({ entryPoints: [entry], outfile: join(folder, 'bundle.mjs'), bundle: true, format: 'esm', platform: 'node', minify: true, sourcemap: 'linked', logLevel: 'silent' });
  writeFileSync(join(folder, 'plain.js'), 'console.log(1);\n');
  server = createServer((request, response) => {
    let body: Buffer;
    try {
      body = readFileSync(join(folder, new URL(request.url ?? '/', 'http://localhost').pathname));
    } catch {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function runBundle(...flags: string[]): { source: { file: string; line: number } | null; unknownSources: string | null } {
  const run = spawnSync(process.execPath, [...flags, join(folder, 'bundle.mjs')], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe('provenance in a bundle', () => {
  it('without a source map, leaves the place out and says it is unknown, naming no line of the bundle', () => {
    expect(runBundle()).toEqual({ source: null, unknownSources: 'bundled' });
  });

  it("with Node's --enable-source-maps, names the user's file and line", () => {
    const { source, unknownSources } = runBundle('--enable-source-maps');
    expect(unknownSources).toBeNull();
    expect(source).toMatchObject({ file: entry, line: COPY_LINE });
  });
});

describe('source maps', () => {
  it('decode to the original file, line and column', async () => {
    const result = await build({ stdin: { contents: 'const a = 1;\n\nexport function marker() {\n  return a;\n}\n', sourcefile: 'marked.ts', loader: 'ts' }, format: 'esm', minify: true, sourcemap: 'external', outfile: 'out.js', write: false, logLevel: 'silent' });
    const code = result.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
    const map = new SourceMap(result.outputFiles.find((f) => f.path.endsWith('.map'))!.text, 'http://example.test/out.js.map');
    const column = code.split('\n')[0]!.indexOf('function') + 1;
    expect(map.originalPosition(1, column)).toEqual({ file: 'http://example.test/marked.ts', line: 3, column: 8 });
    expect(map.originalPosition(99, 1)).toBeUndefined();
    expect(() => new SourceMap('{"version":2}', 'x.map')).toThrow('x.map is not a version 3 source map with sources and mappings');
  });

  it('load through a script’s sourceMappingURL; a script without one has none; an unreadable one is refused by name', async () => {
    expect(await loadSourceMaps([`${url}bundle.mjs`, `${url}plain.js`])).toContain(`${url}bundle.mjs`);
    expect(sourceMapOf(`${url}bundle.mjs`)?.originalPosition(1, 1)?.file).toMatch(/\.ts$/);
    expect(sourceMapOf(`${url}plain.js`)).toBeUndefined();
    await expect(loadSourceMaps([`${url}missing.js`])).rejects.toThrow(`loadSourceMaps(): cannot read the source map of ${url}missing.js: ${url}missing.js: 404 Not Found`);
  });
});
