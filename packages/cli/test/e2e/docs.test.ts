/**
 * The docs site as `pnpm docs:build` builds it, served from localhost to headless Chromium and
 * opened from disk: the seed's story with its graphs from the markdown-it plugin (inline SVG) and
 * the web component.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradvizGraph } from '@gradviz/viz';
import { launchChromium, openPage, screenshot } from './support/chromium.js';
import { hostileGraph, repoRoot, seedGraph } from './support/graphs.js';
import { type StaticServer, serveFolder } from './support/static-server.js';
import { expectClickShowsBreak, expectEveryBoxShown, expectHoverDetails, expectInert, expectInertPanels, expectWheelZooms } from './support/viewer-checks.js';

/** What the test uses of docs/site.ts (outside this package, so loaded by URL, not typechecked here). */
interface DocsSite {
  createMarkdown(root?: string): unknown;
  renderPage(md: unknown, page: { file: string; title: string; markdown: string }, pages: readonly { file: string; title: string; markdown: string }[], graphs: ReadonlyMap<string, unknown>): string;
}

const site = mkdtempSync(join(tmpdir(), 'gradviz-e2e-docs-'));
let browser: Browser;
let server: StaticServer;
let seed: GradvizGraph;

beforeAll(async () => {
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'docs/build.ts', '--out', site], { cwd: repoRoot, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  expect(build.stdout).toMatch(/^docs: wrote \d+ files to /);
  seed = await seedGraph();
  // A page whose graphs carry markup in their labels, built the way the site's pages are.
  const hostileSnapshot = join(site, 'graphs/hostile.snapshot.json');
  writeFileSync(hostileSnapshot, JSON.stringify(hostileGraph().snapshot));
  const docs = (await import(pathToFileURL(join(repoRoot, 'docs/site.ts')).href)) as DocsSite;
  const page = { file: 'hostile.md', title: 'Hostile', markdown: `# Hostile\n\n\`\`\`gradviz\n${hostileSnapshot}\n\`\`\`\n\n<gradviz-graph src="graphs/hostile.json"></gradviz-graph>\n` };
  writeFileSync(join(site, 'hostile.html'), docs.renderPage(docs.createMarkdown(), page, [page], new Map([['graphs/hostile.json', hostileGraph().toJSON()]])));
  [browser, server] = await Promise.all([launchChromium(), serveFolder(site)]);
  // Building the whole site (each page's graphs drawn by the CLI, each module in a process of its own) takes seconds, more on a busy machine.
}, 60_000);

afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
});

describe('the docs site', () => {
  it("draws the transformer's graph with its parameters named, and loads it in the component without errors", async () => {
    const { page, errors } = await openPage(browser, `${server.url}transformer.html`);
    const figure = page.locator('figure.gradviz').first();
    expect(await figure.locator('g.node').count()).toBeGreaterThan(100);
    const text = (await figure.textContent()) ?? '';
    for (const name of ['blocks.0.attn.in_proj_weight', 'blocks.1.mlp.2.bias', 'BaddbmmBackward0', 'NativeLayerNormBackward0']) expect(text).toContain(name);
    expect(errors).toEqual([]);
  });

  it("tells the seed's story: the plugin's picture and the interactive component, every box shown", async () => {
    const { page, errors } = await openPage(browser, `${server.url}index.html`);
    const figures = page.locator('figure.gradviz');
    expect(await figures.count()).toBe(2);
    const keys = await figures.first().locator('g.node').evaluateAll((boxes) => boxes.map((box) => box.getAttribute('data-key')));
    expect(keys.sort()).toEqual(seed.graph.nodes.map((node) => node.id).sort());
    expect(await figures.first().locator('.legend').textContent()).toContain('x.grad is null because x is not a leaf');
    // The fix: x is the leaf, nothing to report.
    expect(await figures.nth(1).locator('g.node[data-key="p:x"]').count()).toBe(0);
    expect(await figures.nth(1).locator('.legend').count()).toBe(0);

    const viewer = page.locator('gradviz-graph');
    await viewer.locator('svg').waitFor();
    await viewer.scrollIntoViewIfNeeded();
    await expectEveryBoxShown(viewer, seed);
    await expectHoverDetails(viewer);
    await expectClickShowsBreak(viewer);
    await screenshot(page, 'docs-index');
    await expectWheelZooms(page, viewer);
    expect(errors).toEqual([]);
  });

  it('works opened from disk: the interactive graphs draw from file:// without a server', async () => {
    const { page, errors } = await openPage(browser, pathToFileURL(join(site, 'index.html')).href);
    expect(await page.locator('figure.gradviz').count()).toBe(2);
    const viewer = page.locator('gradviz-graph');
    await viewer.locator('svg').waitFor();
    await expectEveryBoxShown(viewer, seed);
    await expectClickShowsBreak(viewer);
    expect(errors).toEqual([]);

    const big = await openPage(browser, pathToFileURL(join(site, 'big-graphs.html')).href);
    await big.page.waitForFunction(() => document.querySelector('gradviz-graph')?.shadowRoot?.querySelector('.gv-viewer[data-folding="ready"]'));
    expect(await big.page.locator('gradviz-graph g.node[data-group]').count()).toBeGreaterThan(0);
    await screenshot(big.page, 'docs-big-graphs-file');
    expect(big.errors).toEqual([]);
  });

  it('links its pages: embedding and the API reference load without errors', async () => {
    for (const [file, heading] of [['embedding.html', 'Embedding'], ['api.html', 'API reference']] as const) {
      const { page, errors } = await openPage(browser, `${server.url}${file}`);
      expect(await page.locator('h1').textContent()).toBe(heading);
      expect(await page.locator(`header nav a[href="${file}"]`).getAttribute('aria-current')).toBe('page');
      expect(errors).toEqual([]);
    }
  });

  it('tells why a .grad is None, cause by cause, in English and in Japanese', async () => {
    for (const [file, lang, heading, fix] of [
      ['why-grad-none.html', 'en', 'Why is my .grad None?', 'Fix'],
      ['why-grad-none.ja.html', 'ja', 'なぜ .grad が None なのか', '直し方'],
    ] as const) {
      const { page, errors } = await openPage(browser, `${server.url}${file}`);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.locator('h1').textContent()).toBe(heading);
      // One picture per cause, each with its finding in the legend, in the page's language.
      const figures = page.locator('figure.gradviz');
      expect(await figures.count()).toBe(await page.locator('h2').count());
      expect(await figures.first().locator('.legend').textContent()).toContain(lang === 'ja' ? '葉テンソル (leaf)' : 'is not a leaf');
      expect(await page.locator('main').textContent()).toContain(`${fix}:`);
      expect(errors).toEqual([]);
    }
  });

  it('shows big graphs folded: the picture of 20,000 boxes, and a transformer that unfolds on click', async () => {
    const { page, errors } = await openPage(browser, `${server.url}big-graphs.html`);
    const picture = page.locator('img[src="images/residual-mlp-20k.png"]');
    await picture.scrollIntoViewIfNeeded();
    expect(await picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const viewer = page.locator('gradviz-graph');
    await page.waitForFunction(() => document.querySelector('gradviz-graph')?.shadowRoot?.querySelector('.gv-viewer[data-folding="ready"]'));
    const before = await viewer.locator('g.node').count();
    const folded = viewer.locator('g.node[data-group]').first();
    const group = await folded.getAttribute('data-group');
    await folded.click();
    await viewer.locator(`g.cluster[data-group="${group}"]`).waitFor();
    expect(await viewer.locator('g.node').count()).toBeGreaterThan(before);
    await screenshot(page, 'docs-big-graphs');
    expect(errors).toEqual([]);
  });

  it('keeps markup in labels as text in a page, through the plugin and the component: no injected script runs', async () => {
    const { page, errors } = await openPage(browser, `${server.url}hostile.html`);
    await page.locator('gradviz-graph svg').waitFor();
    await expectInert(page, page.locator('figure.gradviz'));
    await expectInert(page, page.locator('gradviz-graph'));
    await expectInertPanels(page.locator('gradviz-graph'));
    await screenshot(page, 'docs-hostile');
    expect(errors).toEqual([]);
  });
});
