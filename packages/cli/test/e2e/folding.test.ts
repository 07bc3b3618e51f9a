/**
 * Folding and unfolding in Chromium, in the HTML page and in `<gradviz-graph>`: a click on a folded
 * group draws what `unfold()` draws on the server, a click on a frame's label folds it back, a
 * click on a finding unfolds the way to its box. Then the 20,000-box page: its first picture,
 * folding ready and one unfold, timed and recorded (not asserted: the machine is shared).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GradvizGraph, inlineJson, makeDot } from '@gradviz/viz';
import { blocksFor, brokenInsideModule, buildModel } from '../../../viz/test/fixtures/models.js';
import { browserBundle } from '../../src/html/index.js';
import { saveGraph } from '../../src/save.js';
import { ARTIFACTS, launchChromium, openPage, screenshot } from './support/chromium.js';
import { measureFolding } from './support/fold-timing.js';
import { type StaticServer, serveFolder } from './support/static-server.js';

const site = mkdtempSync(join(tmpdir(), 'gradviz-e2e-folding-'));
let browser: Browser;
let server: StaticServer;
let broken: GradvizGraph;

/** The SVG in `root` as the browser serializes it, and `svg` text through the same serializer. */
async function sameSvg(page: Page, root: Locator, svg: string): Promise<[string, string]> {
  const shown = await root.locator('svg').first().evaluate((el) => new XMLSerializer().serializeToString(el));
  const expected = await page.evaluate((text) => new XMLSerializer().serializeToString(new DOMParser().parseFromString(text, 'image/svg+xml').documentElement), svg);
  return [shown, expected];
}

/** Clicks `target` and waits for the viewer's `gradviz-fold` event. */
async function clickAndWaitForFold(root: Locator, target: Locator): Promise<void> {
  const folded = root.evaluate((el) => new Promise<void>((resolve) => el.addEventListener('gradviz-fold', () => resolve(), { once: true })));
  await target.click();
  await folded;
}

async function expectFoldsLikeTheServer(page: Page, root: Locator): Promise<void> {
  expect(await root.locator('.gv-viewer').getAttribute('data-folding')).toBe('ready');
  const box = root.locator('g.node[data-group="call0"]');
  expect(await box.getAttribute('data-broken')).toBe('true');
  await clickAndWaitForFold(root, box);
  const [open, expectedOpen] = await sameSvg(page, root, broken.unfold('call0').toSVG());
  expect(open).toBe(expectedOpen);
  await clickAndWaitForFold(root, root.locator('g.cluster-label[data-group="call0"] text').first());
  const [folded, expectedFolded] = await sameSvg(page, root, broken.toSVG());
  expect(folded).toBe(expectedFolded);
  // The finding's box is inside the folded group: clicking the finding unfolds the way to it.
  await root.locator('.gv-findings button').first().click();
  const ghost = root.locator('g.node[data-key="p:scaled.scale"]');
  await ghost.waitFor();
  expect(await ghost.getAttribute('class')).toContain('gv-selected');
  expect(await root.locator('g.cluster[data-group="call0"]').count()).toBe(1);
  // Search finds boxes inside folded groups too, and Enter unfolds the way to them.
  await clickAndWaitForFold(root, root.locator('g.cluster-label[data-group="call0"] text').first());
  const search = root.locator('.gv-search');
  await search.fill('scaled.scale');
  expect(await root.locator('.gv-search-status').textContent()).toBe('1 match, 1 folded');
  await search.press('Enter');
  await ghost.waitFor();
  expect(await root.locator('.gv-search-status').textContent()).toBe('1 match');
}

beforeAll(async () => {
  const { loss, params } = brokenInsideModule();
  broken = makeDot(loss, { params, depth: 0 });
  await saveGraph(broken, join(site, 'broken.html'));
  writeFileSync(join(site, 'gradviz-graph.js'), browserBundle('component'));
  writeFileSync(
    join(site, 'component.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>folding</title><link rel="icon" href="data:,"><script type="module" src="gradviz-graph.js"></script></head><body><gradviz-graph id="json"><script type="application/json">${inlineJson(broken.toJSON())}</script></gradviz-graph></body></html>`,
  );
  [browser, server] = await Promise.all([launchChromium(), serveFolder(site)]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
});

describe('folding in the browser', () => {
  it('the HTML page unfolds a group on click as unfold() draws it, folds it back from its label, and unfolds the way to a finding', async () => {
    const { page, errors } = await openPage(browser, pathToFileURL(join(site, 'broken.html')).href);
    await page.waitForSelector('#gradviz .gv-viewer[data-folding="ready"]');
    await expectFoldsLikeTheServer(page, page.locator('#gradviz'));
    await screenshot(page, 'folding-page-revealed');
    expect(errors).toEqual([]);
  });

  it('<gradviz-graph> does the same with toJSON() output', async () => {
    const { page, errors } = await openPage(browser, `${server.url}component.html`);
    const root = page.locator('gradviz-graph');
    await page.waitForFunction(() => document.querySelector('gradviz-graph')?.shadowRoot?.querySelector('.gv-viewer[data-folding="ready"]'));
    await expectFoldsLikeTheServer(page, root);
    expect(errors).toEqual([]);
  });

  it('shows the first picture of a 20,000-box graph, and unfolds a group of it (times recorded, not asserted)', async () => {
    const { loss, params } = buildModel('residual-mlp', blocksFor('residual-mlp', 20_000));
    const large = makeDot(loss, { params });
    await saveGraph(large, join(site, 'large.html'));
    const { page, errors } = await openPage(browser, pathToFileURL(join(site, 'large.html')).href);
    const timings = await measureFolding(page);
    expect(timings.boxesAfter).toBeGreaterThan(timings.boxesBefore);
    expect(await page.locator(`#gradviz g.cluster[data-group="${timings.group}"]`).count()).toBe(1);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'folding-20k-timings.json'), `${JSON.stringify({ boxes: large.graph.nodes.length, ...timings }, null, 1)}\n`);
    await screenshot(page, 'folding-20k-unfolded');
    expect(errors).toEqual([]);
  });
});
