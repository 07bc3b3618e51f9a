/** The interactive HTML page (save('x.html')) in headless Chromium, loaded from a file:// URL: offline. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradvizGraph } from '@gradviz/viz';
import { saveGraph } from '../../src/save.js';
import { launchChromium, openPage, screenshot } from './support/chromium.js';
import { hostileGraph, seedGraph } from './support/graphs.js';
import { expectClickShowsBreak, expectEveryBoxShown, expectHoverDetails, expectInert, expectInertPanels, expectSearch, expectWheelZooms } from './support/viewer-checks.js';

const tmp = mkdtempSync(join(tmpdir(), 'gradviz-e2e-html-'));
let browser: Browser;
let seed: GradvizGraph;

beforeAll(async () => {
  seed = await seedGraph();
  await saveGraph(seed, join(tmp, 'seed.html'));
  await saveGraph(hostileGraph(), join(tmp, 'hostile.html'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('the interactive HTML page', () => {
  it("shows the seed's graph, its details on hover, the broken link on click, and zooms", async () => {
    const { page, errors } = await openPage(browser, pathToFileURL(join(tmp, 'seed.html')).href);
    const viewer = page.locator('#gradviz');
    await expectEveryBoxShown(viewer, seed);
    expect(await viewer.locator('.gv-diagnostics').textContent()).toContain('x.grad is null because x is not a leaf');
    await screenshot(page, 'html-page');
    await expectHoverDetails(viewer);
    await expectSearch(viewer);
    await expectClickShowsBreak(viewer);
    await screenshot(page, 'html-page-x-clicked');
    await expectWheelZooms(page, viewer);
    expect(errors).toEqual([]);
  });

  it('keeps markup in labels as text: no injected script runs', async () => {
    const { page, errors } = await openPage(browser, pathToFileURL(join(tmp, 'hostile.html')).href);
    const viewer = page.locator('#gradviz');
    await expectInert(page, viewer);
    await expectInertPanels(viewer);
    await screenshot(page, 'html-page-hostile');
    expect(errors).toEqual([]);
  });
});
