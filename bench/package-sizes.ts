/**
 * What users download and ship (issue 11): the packages packed as they would be published and
 * installed with npm into fresh folders — a browser-only user's install and a CLI user's — and the
 * browser code minified and gzipped: engine + viz bundled whole and as the seed's app uses them,
 * and the `<gradviz-graph>` component file. Sizes, not times: one run says it all.
 * Usage: `npx -y pnpm@12.4.2 bench package-sizes`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { folderBytes, installedPackages, npmInstall, packAll, repoRoot } from '../packages/cli/test/consumer/packages.js';
import { markdownTable } from './lib/measure.js';

const work = mkdtempSync(join(tmpdir(), 'gradviz-sizes-'));
const tarballs = packAll(join(work, 'tarballs'));
const browserOnly = join(work, 'browser-only');
const cliUser = join(work, 'cli-user');
npmInstall(browserOnly, [tarballs.engine, tarballs.viz]);
npmInstall(cliUser, [tarballs.engine, tarballs.viz, tarballs.cli]);

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** esbuild's minified browser bundle of `contents`, resolved in the browser-only install. */
async function minified(contents: string): Promise<Uint8Array> {
  const result = await build({
    stdin: { contents, resolveDir: browserOnly, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.contents;
}

const seedApp = readFileSync(join(repoRoot, 'packages/cli/test/consumer/fixture/web/main.js'), 'utf8');
const component = readFileSync(createRequire(join(browserOnly, 'package.json')).resolve('@gradviz/viz/component'));
const code: [string, Uint8Array][] = [
  ['engine + viz, every export', await minified("export * from '@gradviz/engine'; export * from '@gradviz/viz';")],
  ["the seed's app (tensor, makeDot, renderInto)", await minified(seedApp)],
  ['`@gradviz/viz/component` (the element, one file)', component],
];

console.log(`## Installed with npm\n`);
console.log(
  markdownTable(
    ['install', 'packages', 'on disk'],
    [
      ['`npm install @gradviz/engine @gradviz/viz` (browser-only)', String(installedPackages(browserOnly).length), mb(folderBytes(join(browserOnly, 'node_modules')))],
      ['`npm install @gradviz/engine @gradviz/viz @gradviz/cli`', String(installedPackages(cliUser).length), mb(folderBytes(join(cliUser, 'node_modules')))],
    ],
  ),
);
console.log(`\n## Browser code, minified\n`);
console.log(markdownTable(['code', 'minified', 'gzipped'], code.map(([what, bytes]) => [what, kb(bytes.length), kb(gzipSync(bytes).length)])));
rmSync(work, { recursive: true, force: true });
