/**
 * Times of a large interactive page in Chromium, measured in the page: when its first picture was
 * there, when the viewer had built what folding needs, and how long an unfold took from the click
 * to the next frame painted. The browser test records them; `bench/scale.ts` reports them.
 */
import type { Page } from 'playwright-core';

export interface FoldTimings {
  /** From navigation start to the end of DOMContentLoaded: the inlined SVG is on screen by then. */
  readonly firstPictureMs: number;
  /** From navigation start to the viewer marking itself ready to fold. */
  readonly foldingReadyMs: number;
  /** From the click on a folded group to the first frame painted after the redraw. */
  readonly unfoldMs: number;
  /** The group unfolded, and the boxes shown before and after. */
  readonly group: string;
  readonly boxesBefore: number;
  readonly boxesAfter: number;
}

/** Opens nothing: `page` has the HTML page loaded. Unfolds the first folded group it finds. */
export async function measureFolding(page: Page, viewer = '#gradviz'): Promise<FoldTimings> {
  await page.waitForSelector(`${viewer} .gv-viewer[data-folding="ready"]`, { timeout: 60_000 });
  const loaded = await page.evaluate(() => {
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return navigation.domContentLoadedEventEnd;
  });
  const ready = await page.evaluate((root) => Number(document.querySelector(root)!.querySelector('.gv-viewer')!.getAttribute('data-folding-ready-at')), viewer);
  return {
    firstPictureMs: loaded,
    foldingReadyMs: ready,
    ...(await page.evaluate(
      (root) =>
        new Promise<{ unfoldMs: number; group: string; boxesBefore: number; boxesAfter: number }>((resolve) => {
          const shell = document.querySelector(root)!;
          const folded = shell.querySelector('g.node[data-group]')!;
          const group = folded.getAttribute('data-group')!;
          const boxesBefore = shell.querySelectorAll('g.node').length;
          const start = performance.now();
          shell.addEventListener(
            'gradviz-fold',
            () => requestAnimationFrame(() => resolve({ unfoldMs: performance.now() - start, group, boxesBefore, boxesAfter: shell.querySelectorAll('g.node').length })),
            { once: true },
          );
          folded.querySelector('rect')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
        }),
      viewer,
    )),
  };
}
