/**
 * `pnpm build`: each package compiled into its dist/ (tsc: ESM JavaScript, .d.ts and source maps),
 * the browser scripts bundled (esbuild), then the notebook viewer copied into the Python package.
 * Run by `pnpm test` and by each package's `prepack`. Incremental, and a file whose contents are
 * unchanged is not rewritten, so tests reading dist/ while a package is packed never see half a
 * file. `tsx scripts/build.ts engine` builds one package and those it uses.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const packages = join(root, 'packages');
const PACKAGES = ['engine', 'viz', 'cli'] as const;
type PackageName = (typeof PACKAGES)[number];

/** Plain JavaScript and hand-written declarations in src/: tsc compiles neither, so they are copied (dagre-run.js is bundled). */
const COPIED = /\.(js|mjs|d\.ts)$/;
const BUNDLED_SOURCES = new Set(['layout/dagre-run.js']);

/** Writes `contents` unless the file already holds them; through a temporary file, so no reader sees half of it. */
function writeIfChanged(path: string, contents: string | Uint8Array): void {
  if (existsSync(path) && Buffer.compare(readFileSync(path), Buffer.from(contents)) === 0) return;
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

function walk(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** A dist file whose source is gone (renamed, deleted) would still ship: remove it. */
function removeStale(name: PackageName): void {
  const src = join(packages, name, 'src');
  const dist = join(packages, name, 'dist');
  for (const file of walk(dist)) {
    const path = relative(dist, file);
    if (path.startsWith('browser/') || path === '.tsbuildinfo') continue;
    const stem = path.replace(/(\.d\.ts|\.js\.map|\.js|\.mjs)$/, '');
    const sources = [`${stem}.ts`, `${stem}.js`, `${stem}.mjs`, `${stem}.d.ts`].map((s) => join(src, s));
    if (!sources.some((s) => existsSync(s))) rmSync(file);
  }
}

function copyPlainSources(name: PackageName): void {
  const src = join(packages, name, 'src');
  for (const file of walk(src)) {
    const path = relative(src, file);
    if (COPIED.test(file) && !BUNDLED_SOURCES.has(path)) writeIfChanged(join(packages, name, 'dist', path), readFileSync(file));
  }
}

/** Bundles `options.entryPoints` into `outfile`, rewriting it only when its contents change. */
async function bundle(outfile: string, options: BuildOptions): Promise<void> {
  const result = await build({ ...options, outfile, write: false });
  writeIfChanged(outfile, result.outputFiles![0]!.contents);
}

const MINIFIED: BuildOptions = { bundle: true, platform: 'browser', target: 'es2022', minify: true, legalComments: 'none', logLevel: 'warning' };

/** The MIT notices of what a bundle carries inside, read from the packages' own LICENSE files. */
function licenseBanner(packageNames: readonly string[], from: string): string {
  const require = createRequire(join(from, 'package.json'));
  const notices = packageNames.map((packageName) => {
    const folder = dirname(require.resolve(`${packageName}/package.json`));
    const license = readdirSync(folder).find((f) => /^licen[cs]e/i.test(f));
    if (license === undefined) throw new Error(`build: ${packageName} has no LICENSE file to carry into the bundle`);
    return `${packageName}:\n${readFileSync(join(folder, license), 'utf8').trim()}`;
  });
  return `/*!\n * Bundled here: ${packageNames.join(', ')}.\n *\n${notices.join('\n\n').split('\n').map((line) => ` * ${line}`.trimEnd()).join('\n')}\n */`;
}

async function bundleViz(): Promise<void> {
  const viz = join(packages, 'viz');
  // dagre and graphlib ship four builds each with source maps (1.9 MB); the layout carries the one it runs.
  await bundle(join(viz, 'dist/layout/dagre-run.js'), {
    entryPoints: [join(viz, 'src/layout/dagre-run.js')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    banner: { js: licenseBanner(['@dagrejs/dagre', '@dagrejs/graphlib'], viz) },
    logLevel: 'warning',
  });
  // The element exports nothing: as an IIFE, the one file runs as a module script (a CDN, a copied
  // file, a bundler's import) and as a classic script (notebooks, pages opened from disk).
  await bundle(join(viz, 'dist/browser/gradviz-graph.js'), { ...MINIFIED, entryPoints: [join(viz, 'src/browser/component.ts')], format: 'iife' });
}

async function bundleCli(): Promise<void> {
  // The HTML page's scripts: the viewer (from @gradviz/viz's sources), for a page this package writes.
  const browser = join(packages, 'viz/src/browser');
  const out = join(packages, 'cli/dist/browser');
  await Promise.all([
    bundle(join(out, 'page.js'), { ...MINIFIED, entryPoints: [join(browser, 'page.ts')], format: 'esm' }),
    bundle(join(out, 'folding-page.js'), { ...MINIFIED, entryPoints: [join(browser, 'folding-page.ts')], format: 'esm' }),
  ]);
}

const BUNDLES: Readonly<Record<PackageName, (() => Promise<void>) | undefined>> = { engine: undefined, viz: bundleViz, cli: bundleCli };

/** `name` and the packages it uses, in build order. */
function withDependencies(name: PackageName): PackageName[] {
  return PACKAGES.slice(0, PACKAGES.indexOf(name) + 1);
}

const asked = process.argv.slice(2);
for (const name of asked) {
  if (!(PACKAGES as readonly string[]).includes(name)) throw new Error(`build: unknown package '${name}'; expected ${PACKAGES.join(', ')} or nothing for all`);
}
const targets = asked.length === 0 ? [...PACKAGES] : [...new Set(asked.flatMap((name) => withDependencies(name as PackageName)))];
const start = performance.now();
const last = targets.at(-1)!;
const tsc = spawnSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-b', join(packages, last, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error(`build: tsc found errors in ${targets.join(', ')} (above); fix them before packing`);
  process.exit(1);
}
for (const name of targets) {
  removeStale(name);
  copyPlainSources(name);
  await BUNDLES[name]?.();
}
console.log(`build: ${targets.join(', ')} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
