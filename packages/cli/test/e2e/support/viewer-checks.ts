/**
 * What every view of the seed's graph must do in a real browser — the HTML page, the web component,
 * the docs page — and what no view of a hostile graph may do.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { GradvizGraph } from '@gradviz/viz';
import { INJECTIONS } from './graphs.js';

const BROKEN_RED = 'rgb(214, 39, 40)';

/** Every box of the graph is drawn, inside the visible part of the viewport. */
export async function expectEveryBoxShown(viewer: Locator, graph: GradvizGraph): Promise<void> {
  const keys = await viewer.locator('g.node').evaluateAll((boxes) => boxes.map((box) => box.getAttribute('data-key')));
  expect(keys.sort()).toEqual(graph.graph.nodes.map((node) => node.id).sort());
  const view = (await viewer.locator('.gv-viewport').boundingBox())!;
  for (const node of graph.graph.nodes) {
    const box = (await viewer.locator(`g.node[data-key="${node.id}"]`).boundingBox())!;
    expect(box.width, node.id).toBeGreaterThan(10);
    expect(box.x >= view.x - 1 && box.y >= view.y - 1 && box.x + box.width <= view.x + view.width + 1 && box.y + box.height <= view.y + view.height + 1, `${node.id} in view`).toBe(true);
  }
}

/** Hovering x shows its details; hovering a node shows its saved values. */
export async function expectHoverDetails(viewer: Locator): Promise<void> {
  const details = viewer.locator('.gv-details');
  await viewer.locator('g.node[data-key="p:x"]').hover();
  const text = (await details.textContent()) ?? '';
  for (const part of ['x\n(17)', 'not a leaf', 'dtypefloat32', 'shape(17)', 'leaffalse', 'made bycopy of a float64 tensor, float64 to float32', 'sourceexamples/blog-graph.ts:10:48', 'x.grad is null because x is not a leaf']) {
    expect(text).toContain(part);
  }
  await viewer.locator('g.node[data-key="n3"]').hover();
  expect(await details.textContent()).toContain('saved exponent2');
}

/** Clicking x lights its way to the output and draws the broken link to it in red. */
export async function expectClickShowsBreak(viewer: Locator): Promise<void> {
  await viewer.locator('g.node[data-key="p:x"]').click();
  const link = viewer.locator('g.edge[data-kind="param"][data-to="p:x"]');
  expect(await link.getAttribute('class')).toBe('edge gv-on gv-break');
  expect(await link.locator('path').evaluate((path) => getComputedStyle(path).stroke)).toBe(BROKEN_RED);
  expect(await link.locator('path').evaluate((path) => getComputedStyle(path).strokeWidth)).toBe('4px');
  const lit = await viewer.locator('g.node.gv-on').evaluateAll((boxes) => boxes.map((box) => box.getAttribute('data-key')));
  // From x's node to the output; the leaf that really gets the gradient is not on the way.
  expect(lit.sort()).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'p:x', 't0']);
}

/** Search marks the matching boxes. */
export async function expectSearch(viewer: Locator): Promise<void> {
  await viewer.locator('.gv-search').fill('powback');
  expect(await viewer.locator('.gv-search-status').textContent()).toBe('1 match');
  expect(await viewer.locator('g.node.gv-match').getAttribute('data-key')).toBe('n3');
  await viewer.locator('.gv-search').fill('');
}

/** The mouse wheel zooms in around the pointer: the drawing gets bigger. */
export async function expectWheelZooms(page: Page, viewer: Locator): Promise<void> {
  const svg = viewer.locator('.gv-canvas svg');
  const before = (await svg.boundingBox())!;
  const view = (await viewer.locator('.gv-viewport').boundingBox())!;
  await page.mouse.move(view.x + view.width / 2, view.y + view.height / 2);
  await page.mouse.wheel(0, -400);
  await expect.poll(async () => (await svg.boundingBox())!.width).toBeGreaterThan(before.width * 1.2);
  expect(await viewer.locator('.gv-canvas').evaluate((canvas) => (canvas as HTMLElement).style.transform)).toMatch(/^translate\(.+\) scale\(.+\)$/);
}

/** Nothing the labels carry ran or became an element, and the names still read as they were written. */
export async function expectInert(page: Page, viewer: Locator): Promise<void> {
  await page.waitForTimeout(200);
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await page.locator('img').count()).toBe(0);
  const titles = (await viewer.locator('svg title').allTextContents()).join('\n');
  for (const name of INJECTIONS) expect(titles).toContain(name);
}

/** The viewer around a hostile graph shows the names as text in its panels too. */
export async function expectInertPanels(viewer: Locator): Promise<void> {
  await viewer.locator('g.node[data-kind="param"]').first().hover();
  expect(await viewer.locator('.gv-details h3').textContent()).toContain(INJECTIONS[0]);
  expect(await viewer.locator('.gv-diagnostics').textContent()).toContain(INJECTIONS[0]);
}
