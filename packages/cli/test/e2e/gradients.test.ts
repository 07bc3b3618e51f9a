/** The gradient-flow chart of the interactive page (makeDot's `gradients`) in headless Chromium: rows linked to boxes on hover. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGraph } from '../../src/cli/load.js';
import { saveGraph } from '../../src/save.js';
import { launchChromium, openPage, screenshot } from './support/chromium.js';
import { repoRoot } from './support/graphs.js';

const tmp = mkdtempSync(join(tmpdir(), 'gradviz-e2e-gradients-'));
let browser: Browser;

beforeAll(async () => {
  // examples/gradient-flow.ts's deep sigmoid MLP, as the docs draw it.
  await saveGraph(await loadGraph('docs/graphs/gradients-deep-sigmoid.ts', { lang: 'en' }, { cwd: repoRoot }), join(tmp, 'deep-sigmoid.html'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

describe('the gradient-flow chart', () => {
  it('lists each param input side first, and links a row and its box on hover, both ways', async () => {
    const { page, errors } = await openPage(browser, pathToFileURL(join(tmp, 'deep-sigmoid.html')).href);
    const viewer = page.locator('#gradviz');
    const rows = viewer.locator('.gv-gradients li');
    expect(await viewer.locator('.gv-gradients h2').textContent()).toBe('Gradient flow');
    expect(await rows.count()).toBe(14);
    expect(await rows.locator('.gv-gf-name').allTextContents()).toEqual(expect.arrayContaining(['model.0.weight', 'model.12.bias']));
    expect(await rows.first().locator('.gv-gf-name').textContent()).toBe('model.0.weight');
    // The first layer's bars are far shorter than the last one's (a log scale over 5 decades).
    const width = async (row: number) => (await rows.nth(row).locator('.gv-gf-mean').boundingBox())!.width;
    expect(await width(0)).toBeLessThan((await width(13)) / 4);

    await rows.first().hover();
    const key = await rows.first().getAttribute('data-key');
    expect(await viewer.locator(`g.node[data-key="${key}"]`).getAttribute('class')).toContain('gv-linked');
    expect(await viewer.locator('.gv-details h3').textContent()).toContain('model.0.weight');
    await screenshot(page, 'gradients-chart-row-hovered');

    const last = await rows.last().getAttribute('data-key');
    await viewer.locator(`g.node[data-key="${last}"]`).hover();
    expect(await rows.last().getAttribute('class')).toContain('gv-on');
    expect(await rows.first().getAttribute('class')).not.toContain('gv-on');
    expect(errors).toEqual([]);
  });
});
