/**
 * The seed, for real: the blog's notebook with `from gradviz import make_dot` in place of torchviz,
 * executed headless by Debian's Jupyter (nbconvert with ipykernel), then the executed notebook's
 * HTML opened in Chromium from disk. It shows the graph, x in its red box, the reason with the cell
 * and line, and the fix, with no console error and no request beyond the file itself; a second
 * graph in the same notebook draws too. The fixed notebook shows x as a plain leaf and no finding.
 * A learner's deep sigmoid MLP, recorded with record_cells(gradients=True) and its backward run in
 * a later cell, shows the gradient flow: coloured arrows, the chart, the vanishing first layer.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON, PYTHON_DIR } from '../../../viz/test/support/python.js';
import { launchChromium, screenshot } from './support/chromium.js';

const NOTEBOOKS = fileURLToPath(new URL('../../../../examples/notebooks/', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'gradviz-notebook-'));
let browser: Browser;

/** Runs the notebook in a fresh kernel and writes its HTML (nbconvert's lab page, minus its own MathJax and RequireJS). */
async function executeToHtml(name: string): Promise<string> {
  await promisify(execFile)(
    PYTHON,
    [
      '-m',
      'jupyter',
      'nbconvert',
      '--to',
      'html',
      '--execute',
      `${NOTEBOOKS}${name}.ipynb`,
      `--TemplateExporter.extra_template_basedirs=${PYTHON_DIR}tests/nbconvert`,
      '--template',
      'offline',
      '--output-dir',
      out,
      '--output',
      name,
    ],
    { env: { ...process.env, PYTHONPATH: PYTHON_DIR, PYTHONDONTWRITEBYTECODE: '1' }, timeout: 120_000 },
  );
  return join(out, `${name}.html`);
}

interface OpenedNotebook {
  readonly page: Page;
  readonly errors: string[];
  readonly requests: string[];
  readonly graphs: Locator;
}

async function open(file: string): Promise<OpenedNotebook> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`file://${file}`);
  await page.waitForFunction(() => [...document.querySelectorAll('gradviz-graph')].every((el) => el.shadowRoot?.querySelector('svg, .gv-load-error')));
  return { page, errors, requests, graphs: page.locator('gradviz-graph') };
}

/** Opens an executed notebook from disk, screenshots its first graph, and checks it drew offline without an error. */
async function openChecked(file: string, shot: string): Promise<OpenedNotebook> {
  const opened = await open(file);
  await opened.graphs.first().scrollIntoViewIfNeeded();
  await screenshot(opened.page, shot);
  expect(opened.errors).toEqual([]);
  expect(opened.requests).toEqual([`file://${file}`]);
  return opened;
}

let blog: string;
let fixed: string;
let gradientFlow: string;

beforeAll(async () => {
  [blog, fixed, gradientFlow, browser] = await Promise.all([executeToHtml('blog'), executeToHtml('blog-fixed'), executeToHtml('gradient-flow'), launchChromium()]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

describe('the blog notebook with gradviz, executed by Jupyter', () => {
  it('shows x in its red box, the reason with its cell and line, and the fix, offline', async () => {
    const { graphs } = await openChecked(blog, 'notebook-blog');
    expect(await graphs.count()).toBe(2);

    const first = graphs.first();
    // The viewer stays inside the notebook's column, whatever it holds.
    expect((await first.boundingBox())!.width).toBeLessThan(1200);
    const names = await first.locator('g.node').evaluateAll((boxes) => boxes.map((b) => b.textContent));
    for (const name of ['AccumulateGrad', 'ToCopyBackward0', 'PowBackward0', 'MulBackward0', 'AddBackward0', 'SumBackward0']) {
      expect(names.some((n) => n?.includes(name))).toBe(true);
    }
    const x = first.locator('g.node[data-key="p:x"]');
    expect(await x.textContent()).toContain('not a leaf');
    expect(await x.locator('rect').first().evaluate((rect) => getComputedStyle(rect).stroke)).toBe('rgb(214, 39, 40)');
    const reason = 'x.grad is None because x is not a leaf: .float() in cell [2], line 2 made x a float32 copy (ToCopyBackward0) of a float64 tensor';
    const fix = 'Fix: Pass the dtype when you create it — torch.tensor(values, requires_grad=True, dtype=torch.float32)';
    const diagnostics = (await first.locator('.gv-diagnostics').textContent()) ?? '';
    expect(diagnostics).toContain(reason);
    expect(diagnostics).toContain(fix);
    const legend = (await first.locator('svg .legend text').allTextContents()).join(' ');
    expect(legend.replace(/\s+/g, ' ')).toContain('x.grad is None because x is not a leaf: .float() in cell [2], line 2');

    // Click to follow the path: x's link to the node that made it is the broken one.
    await x.click();
    expect(await first.locator('g.edge[data-to="p:x"]').getAttribute('class')).toContain('gv-break');
    // The second graph, with torchviz's show_saved, draws the saved tensors beside it.
    const second = graphs.nth(1);
    expect(await second.locator('g.node[data-kind="saved"]').count()).toBe(2);
    expect(await second.locator('g.node[data-key="p:x"]').count()).toBe(1);
  });

  it('the fixed notebook shows x as a plain leaf and no finding', async () => {
    const { graphs } = await openChecked(fixed, 'notebook-blog-fixed');
    const graph = graphs.first();
    expect(await graph.locator('.gv-diagnostics').textContent()).toContain('Nothing stops a gradient');
    const leaf = graph.locator('g.node[data-kind="leaf"]');
    expect(await leaf.textContent()).toContain('x');
    expect(await graph.locator('g.node[data-kind="param"], g.node[data-kind="ghost"]').count()).toBe(0);
    expect(await graph.locator('svg .legend').count()).toBe(0);
  });

  it('the gradient flow of a deep sigmoid MLP: coloured arrows, the chart, the vanishing first layer', async () => {
    const { graphs } = await openChecked(gradientFlow, 'notebook-gradient-flow');
    const graph = graphs.first();
    const rows = graph.locator('.gv-gradients li');
    expect(await rows.count()).toBe(14);
    expect(await rows.first().locator('.gv-gf-name').textContent()).toBe('0.weight');
    // Arrows take the colour of their gradient's norm: not all the same.
    const strokes = await graph.locator('g.edge path').evaluateAll((paths) => paths.map((p) => getComputedStyle(p).stroke));
    expect(new Set(strokes).size).toBeGreaterThan(3);
    const diagnostics = (await graph.locator('.gv-diagnostics').textContent()) ?? '';
    expect(diagnostics).toMatch(/the gradient shrinks at every layer: 0\.weight, \d+ nodes from the output, gets a gradient of norm [\d.]+e-6/);
    expect(diagnostics).toContain('6 SigmoidBackward0 nodes');
  });
});
