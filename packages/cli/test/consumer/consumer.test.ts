/**
 * The packages as a new user meets them (issue 11): each package packed as it would be published,
 * the tarballs installed with npm into a folder outside the workspace, and used there the ways the
 * README shows — `node app.mjs` without a TypeScript loader, a strict TypeScript consumer with no
 * @types package, a vite build and default esbuild bundles drawn in Chromium, a VitePress 1.x site
 * with the markdown-it plugin, a plain page loading the component file, and `npx gradviz`. vite,
 * esbuild, VitePress and tsc are the workspace's own (devDependencies), run on the installed folder.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, screenshot } from '../e2e/support/chromium.js';
import { type StaticServer, serveFolder } from '../e2e/support/static-server.js';
import { folderBytes, installedPackages, npmInstall, packAll } from './packages.js';

const FIXTURE = fileURLToPath(new URL('./fixture/', import.meta.url));
const require = createRequire(import.meta.url);
/** The workspace's tools, run on the consumer's folder. */
const TOOLS = {
  tsc: require.resolve('typescript/bin/tsc'),
  vite: join(require.resolve('vite/package.json'), '../bin/vite.js'),
  vitepress: join(require.resolve('vitepress/package.json'), '../bin/vitepress.js'),
  esbuild: join(require.resolve('esbuild/package.json'), '../bin/esbuild'),
};
/** Packages a user who only draws in a browser must not get. */
const NODE_ONLY = ['@gradviz/cli', '@resvg/resvg-js', 'dejavu-fonts-ttf', 'tsx', 'esbuild', '@dagrejs/dagre', '@dagrejs/graphlib'];
const BROWSER_ONLY_BUDGET = 3 * 1024 * 1024;

const work = mkdtempSync(join(tmpdir(), 'gradviz-consumer-'));
const app = join(work, 'app');
const browserOnly = join(work, 'browser-only');
let browser: Browser;
const servers: StaticServer[] = [];

/** Runs a command in the consumer's folder, as a user's shell would: no loader inherited from the test runner. */
function run(command: string, args: readonly string[], cwd = app): SpawnSyncReturns<string> {
  const env = { ...process.env, NODE_OPTIONS: '' };
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
}

function expectSuccess(result: SpawnSyncReturns<string>): void {
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
}

async function serve(folder: string): Promise<string> {
  const server = await serveFolder(folder);
  servers.push(server);
  return server.url;
}

/** Opens `url`, waits for the app to have drawn, and gives the page's findings. */
async function drawnPage(url: string, shot: string): Promise<{ findings: string; errors: string[]; xBoxes: number }> {
  const { page, errors } = await openPage(browser, url);
  await page.waitForSelector('body[data-drawn]', { timeout: 20_000 });
  await screenshot(page, shot);
  const findings = (await page.locator('#findings').textContent()) ?? '';
  const xBoxes = await page.locator('#graph g.node[data-key="p:x"]').count();
  await page.close();
  return { findings, errors, xBoxes };
}

beforeAll(async () => {
  const tarballs = packAll(join(work, 'tarballs'));
  cpSync(FIXTURE, app, { recursive: true });
  npmInstall(app, [tarballs.engine, tarballs.viz, tarballs.cli]);
  npmInstall(browserOnly, [tarballs.engine, tarballs.viz]);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await Promise.all([browser?.close(), ...servers.map((server) => server.close())]);
  // Two installs, about 32 MB: not left behind on every run.
  rmSync(work, { recursive: true, force: true });
});

describe('the packages installed from their tarballs with npm', () => {
  it('node app.mjs, without tsx, draws the seed and writes SVG, PNG and HTML', () => {
    const result = run(process.execPath, ['app.mjs']);
    expectSuccess(result);
    expect(result.stdout).toContain('x.grad is null because x is not a leaf: .float() on line 7 of app.mjs made x a float32 copy');
    expect(readFileSync(join(app, 'seed.svg'), 'utf8')).toMatch(/^<svg [^]*data-key="p:x"[^]*not a leaf[^]*<\/svg>$/);
    expect(readFileSync(join(app, 'seed.png')).subarray(1, 4).toString()).toBe('PNG');
    const html = readFileSync(join(app, 'seed.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    // One file that works offline: its script is inline, nothing is loaded from elsewhere.
    expect(html).not.toMatch(/<script[^>]* src=/);
  });

  it('a strict TypeScript consumer typechecks with no @types package', () => {
    copyFileSync(join(app, 'tsconfig.consumer.json'), join(app, 'tsconfig.json'));
    expect(existsSync(join(app, 'node_modules/@types'))).toBe(false);
    expectSuccess(run(process.execPath, [TOOLS.tsc, '-p', 'tsconfig.json', '--noEmit', '--strict']));
  });

  it('npx gradviz renders and explains a module', () => {
    expectSuccess(run('npx', ['gradviz', 'render', 'seed-graph.mjs', '--out', 'cli.svg']));
    expect(readFileSync(join(app, 'cli.svg'), 'utf8')).toContain('data-key="p:x"');
    const explained = run('npx', ['gradviz', 'explain', 'seed-graph.mjs']);
    expectSuccess(explained);
    expect(explained.stdout).toContain('.float() on line 6 of seed-graph.mjs made x a float32 copy');
  });

  it('bundles for the browser with vite and esbuild, defaults, and the page draws the seed', async () => {
    const web = join(app, 'web');
    expectSuccess(run(process.execPath, [TOOLS.vite, 'build', web, '--logLevel', 'warn']));
    // esbuild's defaults: a classic script (IIFE) for the browser.
    expectSuccess(run(TOOLS.esbuild, ['web/main.js', '--bundle', '--outfile=esbuild/main.js']));
    writeFileSync(join(app, 'esbuild/index.html'), readFileSync(join(web, 'index.html'), 'utf8').replace('<script type="module" src="./main.js">', '<script src="./main.js">'));
    // Minified with a source map: the diagnosis names the line in main.js.
    expectSuccess(run(TOOLS.esbuild, ['web/main.js', '--bundle', '--minify', '--sourcemap', '--format=esm', '--outfile=esbuild-mapped/main.js']));
    copyFileSync(join(web, 'index.html'), join(app, 'esbuild-mapped/index.html'));
    const scripts = [join(web, 'dist/assets', readdirSync(join(web, 'dist/assets'))[0]!), join(app, 'esbuild/main.js'), join(app, 'esbuild-mapped/main.js')];
    for (const script of scripts) expect(readFileSync(script, 'utf8'), script).not.toMatch(/(from|import\(|require\()\s*["']node:|worker_threads|@resvg|dejavu-fonts/);

    const unmapped = 'The lines of code that made these tensors are unknown: the program ran bundled, and no source map was loaded for it.';
    for (const [folder, shot] of [[join(web, 'dist'), 'consumer-vite'], [join(app, 'esbuild'), 'consumer-esbuild']] as const) {
      const page = await drawnPage(await serve(folder), shot);
      expect(page.errors).toEqual([]);
      expect(page.xBoxes).toBe(1);
      expect(page.findings).toContain('x.grad is null because x is not a leaf: .float() made x a float32 copy');
      expect(page.findings).toContain(unmapped);
      expect(page.findings).not.toMatch(/line \d+ of/);
    }
    const mapped = await drawnPage(await serve(join(app, 'esbuild-mapped')), 'consumer-esbuild-mapped');
    expect(mapped.errors).toEqual([]);
    expect(mapped.xBoxes).toBe(1);
    expect(mapped.findings).toContain('.float() on line 5 of main.js made x a float32 copy');
    expect(mapped.findings).not.toContain(unmapped);
  });

  it('builds a VitePress 1.x site whose markdown-it plugin puts the graphs inline, labels as text', async () => {
    expectSuccess(run(process.execPath, [TOOLS.vitepress, 'build', 'vitepress/docs']));
    const site = join(app, 'vitepress/docs/.vitepress/dist');
    // Vue consumes v-pre when it compiles the page: the figure is written without it.
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toMatch(/<figure class="gradviz"><svg [^]*data-key="p:x"/);
    const { page, errors } = await openPage(browser, await serve(site));
    const figures = page.locator('figure.gradviz');
    await figures.first().locator('svg').waitFor();
    expect(await figures.first().locator('g.node[data-key="p:x"]').count()).toBe(1);
    // A label holding Vue's {{ }} stays text: VitePress does not run it as a template expression.
    expect(await figures.nth(1).locator('g.node[data-kind="param"] text').allTextContents()).toContain('{{ 1 + 1 }}');
    await screenshot(page, 'consumer-vitepress');
    expect(errors).toEqual([]);
  });

  it('a plain HTML page loads the component file from the tarball and draws graph.json', async () => {
    const page = join(app, 'page');
    copyFileSync(createRequire(join(app, 'package.json')).resolve('@gradviz/viz/component'), join(page, 'gradviz-graph.js'));
    expectSuccess(run('npx', ['gradviz', 'render', 'seed-graph.mjs', '--out', 'page/graph.json']));
    const opened = await openPage(browser, `${await serve(page)}index.html`);
    const element = opened.page.locator('gradviz-graph');
    await element.locator('svg').waitFor();
    expect(await element.locator('g.node[data-key="p:x"]').count()).toBe(1);
    expect(await element.locator('.gv-findings').textContent()).toContain('x.grad is null because x is not a leaf');
    await screenshot(opened.page, 'consumer-component');
    expect(opened.errors).toEqual([]);
  });

  it('each package ships its README, LICENSE, types and real versions of its dependencies', () => {
    for (const name of ['engine', 'viz', 'cli']) {
      const folder = join(app, 'node_modules/@gradviz', name);
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { types: string; dependencies?: Record<string, string>; repository?: unknown };
      for (const file of ['README.md', 'LICENSE', manifest.types]) expect(existsSync(join(folder, file)), `@gradviz/${name}: ${file}`).toBe(true);
      expect(Object.values(manifest.dependencies ?? {}).filter((version) => version.startsWith('workspace:'))).toEqual([]);
      expect(manifest.repository).toBeDefined();
      expect(existsSync(join(folder, 'src')), `@gradviz/${name} ships compiled code, not its sources`).toBe(false);
    }
  });

  it('installs under 3 MB for a browser-only user, without the Node-only packages', () => {
    const installed = installedPackages(browserOnly);
    expect(installed).toEqual(expect.arrayContaining(['@gradviz/engine', '@gradviz/viz']));
    for (const name of NODE_ONLY) expect(installed).not.toContain(name);
    expect(folderBytes(join(browserOnly, 'node_modules'))).toBeLessThan(BROWSER_ONLY_BUDGET);
  });
});
