/**
 * `<gradviz-graph>` in headless Chromium, served from localhost: it draws exactly the SVG the server's
 * toSVG() writes (from toJSON() output, and from a bare snapshot laid out in the page), with the viewer.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GradvizGraph, inlineJson, makeDot } from '@gradviz/viz';
import { browserBundle } from '../../src/html/index.js';
import { launchChromium, openPage, screenshot } from './support/chromium.js';
import { hostileGraph, seedGraph } from './support/graphs.js';
import { type StaticServer, serveFolder } from './support/static-server.js';
import { expectClickShowsBreak, expectEveryBoxShown, expectHoverDetails, expectInert, expectInertPanels, expectSearch, expectWheelZooms } from './support/viewer-checks.js';

const site = mkdtempSync(join(tmpdir(), 'gradviz-e2e-component-'));
let browser: Browser;
let server: StaticServer;
let seed: GradvizGraph;
let hostile: GradvizGraph;

function writePage(name: string, body: string): void {
  writeFileSync(
    join(site, name),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title><link rel="icon" href="data:,"><script type="module" src="gradviz-graph.js"></script></head><body style="max-width: 60rem; margin: 1rem auto">${body}</body></html>`,
  );
}

/** Each component's SVG as the browser serializes it, once every element on the page has drawn. */
async function drawnSvgs(page: Page): Promise<string[]> {
  await page.waitForFunction(() => [...document.querySelectorAll('gradviz-graph')].every((el) => el.shadowRoot?.querySelector('svg')));
  return page.evaluate(() => [...document.querySelectorAll('gradviz-graph')].map((el) => new XMLSerializer().serializeToString(el.shadowRoot!.querySelector('svg')!)));
}

/**
 * Server-side SVG text through the same browser serializer: the two serializers escape quotes in
 * text differently (`&#39;` or `'`), and that is all this evens out; elements, attributes in
 * order and text must be the same.
 */
function asBrowserSerializes(page: Page, svgs: string[]): Promise<string[]> {
  return page.evaluate((texts) => texts.map((text) => new XMLSerializer().serializeToString(new DOMParser().parseFromString(text, 'image/svg+xml').documentElement)), svgs);
}

beforeAll(async () => {
  seed = await seedGraph();
  hostile = hostileGraph();
  writeFileSync(join(site, 'gradviz-graph.js'), browserBundle('component'));
  writeFileSync(join(site, 'seed.json'), JSON.stringify(seed.toJSON()));
  writeFileSync(join(site, 'seed.snapshot.json'), JSON.stringify(seed.snapshot));
  writeFileSync(join(site, 'hostile.json'), JSON.stringify(hostile.toJSON()));
  writePage('seed.html', '<gradviz-graph src="seed.json" label="The seed"></gradviz-graph>');
  writePage('snapshot.html', '<gradviz-graph src="seed.snapshot.json"></gradviz-graph>');
  writePage(
    'hostile.html',
    `<gradviz-graph id="inline"><script type="application/json">${inlineJson(hostile.snapshot)}</script></gradviz-graph><gradviz-graph id="fetched" src="hostile.json"></gradviz-graph>`,
  );
  writePage('missing.html', '<gradviz-graph src="missing.json"></gradviz-graph>');
  writePage('japanese.html', '<gradviz-graph src="seed.snapshot.json" lang="ja"></gradviz-graph>');
  const unlabelled = seed.toJSON();
  writeFileSync(join(site, 'unlabelled.json'), JSON.stringify({ ...unlabelled, graph: { ...unlabelled.graph, nodes: unlabelled.graph.nodes.map(({ lines: _, ...box }) => box) } }));
  writePage('malformed.html', '<gradviz-graph src="unlabelled.json"></gradviz-graph>');
  [browser, server] = await Promise.all([launchChromium(), serveFolder(site)]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
});

describe('<gradviz-graph>', () => {
  it('draws toJSON() output as exactly the SVG toSVG() writes, then shows, highlights and zooms like the page', async () => {
    const { page, errors } = await openPage(browser, `${server.url}seed.html`);
    expect(await drawnSvgs(page)).toEqual(await asBrowserSerializes(page, [seed.toSVG()]));
    const viewer = page.locator('gradviz-graph');
    expect(await viewer.locator('.gv-title').textContent()).toBe('The seed');
    await expectEveryBoxShown(viewer, seed);
    await expectHoverDetails(viewer);
    await expectSearch(viewer);
    await expectClickShowsBreak(viewer);
    await screenshot(page, 'component-x-clicked');
    await expectWheelZooms(page, viewer);
    expect(errors).toEqual([]);
  });

  it('lays out a bare snapshot in the page, as makeDot does on the server', async () => {
    const { page, errors } = await openPage(browser, `${server.url}snapshot.html`);
    // In a browser there is no working directory: source files print as the snapshot has them.
    expect(await drawnSvgs(page)).toEqual(await asBrowserSerializes(page, [makeDot(seed.snapshot, { sourceRoot: '' }).toSVG()]));
    await expectEveryBoxShown(page.locator('gradviz-graph'), seed);
    expect(errors).toEqual([]);
  });

  it('speaks the language of its lang attribute, else the browser\'s: findings, legend and the viewer around them', async () => {
    const { page, errors } = await openPage(browser, `${server.url}japanese.html`);
    expect(await drawnSvgs(page)).toEqual(await asBrowserSerializes(page, [makeDot(seed.snapshot, { sourceRoot: '', lang: 'ja' }).toSVG()]));
    const viewer = page.locator('gradviz-graph');
    expect(await viewer.locator('.legend').textContent()).toContain('x が葉テンソル (leaf) ではないため、');
    expect(await viewer.locator('.gv-diagnostics h2').textContent()).toBe('診断');
    expect(await viewer.locator('input.gv-search').getAttribute('placeholder')).toBe('箱を検索');
    expect(await viewer.locator('.gv-finding .gv-fix').first().textContent()).toMatch(/^直し方: /);
    expect(errors).toEqual([]);
    // No attribute: the browser's language.
    const japaneseBrowser = await browser.newPage({ locale: 'ja-JP' });
    await japaneseBrowser.goto(`${server.url}snapshot.html`);
    await japaneseBrowser.locator('gradviz-graph .legend').waitFor();
    expect(await japaneseBrowser.locator('gradviz-graph .legend').textContent()).toContain('直し方:');
    await japaneseBrowser.close();
  });

  it('keeps markup in labels as text, inline or fetched: no injected script runs', async () => {
    const { page, errors } = await openPage(browser, `${server.url}hostile.html`);
    expect(await drawnSvgs(page)).toEqual(await asBrowserSerializes(page, [makeDot(hostile.snapshot, { sourceRoot: '' }).toSVG(), hostile.toSVG()]));
    for (const id of ['#inline', '#fetched']) {
      await expectInert(page, page.locator(id));
      await expectInertPanels(page.locator(id));
    }
    await screenshot(page, 'component-hostile');
    expect(errors).toEqual([]);
  });

  it('says in place what it could not load, and fires gradviz-error', async () => {
    const { page } = await openPage(browser, `${server.url}missing.html`);
    await expect.poll(() => page.locator('gradviz-graph .gv-load-error').count()).toBe(1);
    expect(await page.locator('gradviz-graph .gv-load-error').textContent()).toBe("gradviz-graph: cannot load 'missing.json': 404 Not Found");
  });

  it('says what is wrong with a malformed graph file, instead of failing while drawing it', async () => {
    const { page } = await openPage(browser, `${server.url}malformed.html`);
    await expect.poll(() => page.locator('gradviz-graph .gv-load-error').count()).toBe(1);
    expect(await page.locator('gradviz-graph .gv-load-error').textContent()).toBe(
      'gradviz-graph: malformed graph JSON: graph.nodes[0].lines must be an array, got undefined',
    );
  });
});
