/** The gradviz CLI, run as users run it (node packages/cli/bin/gradviz.mjs ...) from the repo root. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor, snapshot } from '@gradviz/engine';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { format, message } from '@gradviz/viz/internal/messages/index';
import { repoRoot } from './e2e/support/graphs.js';
import { gradviz, inProcess } from './support/cli.js';

const SEED_LABELS = ['AccumulateGrad', 'ToCopyBackward0', 'PowBackward0', 'MulBackward0', 'AddBackward0', 'SumBackward0', 'not a leaf', 'gradient goes here; nothing names it'];

const tmp = mkdtempSync(join(tmpdir(), 'gradviz-cli-'));
const file = (name: string) => join(tmp, name);

function expectSeedSvg(svg: string): void {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  for (const label of SEED_LABELS) expect(svg).toContain(`>${label}</text>`);
  expect(svg).toContain('data-key="p:x" data-kind="param"');
}

/** Decodes a PNG and counts its pixels that are not white: text and boxes must be there. */
function expectDrawnPng(path: string, svgWidth: number, svgHeight: number): void {
  const png = PNG.sync.read(readFileSync(path));
  expect([png.width, png.height]).toEqual([Math.ceil(svgWidth * 2), Math.ceil(svgHeight * 2)]);
  let inked = 0;
  let red = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    if (r < 200 || g < 200 || b < 200) inked++;
    if (r > 180 && g < 80 && b < 80) red++;
  }
  expect(inked / (png.width * png.height)).toBeGreaterThan(0.03);
  expect(red).toBeGreaterThan(100); // the broken link and x's box
}

const svgSize = (svg: string) => {
  const [, width, height] = /width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
  return [Number(width), Number(height)] as const;
};

describe.concurrent('gradviz render: every format from examples/blog-graph.ts and from a snapshot .json', () => {
  let moduleSvg: string;
  beforeAll(async () => {
    const run = await gradviz('render', 'examples/blog-graph.ts', '--out', file('module/seed.svg'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    moduleSvg = readFileSync(file('module/seed.svg'), 'utf8');
    // A snapshot exported elsewhere: the bare snapshot inside the JSON output.
    expect((await gradviz('render', 'examples/blog-graph.ts', '--out', file('module/seed.json'))).status).toBe(0);
    writeFileSync(file('seed.snapshot.json'), JSON.stringify(JSON.parse(readFileSync(file('module/seed.json'), 'utf8')).snapshot));
  });

  it('SVG: the seed graph, and the same picture from the snapshot', async () => {
    expectSeedSvg(moduleSvg);
    const run = await gradviz('render', file('seed.snapshot.json'), '-o', file('snapshot/seed.svg'));
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(file('snapshot/seed.svg'), 'utf8')).toBe(moduleSvg);
  });

  it('SVG on stdout without --out', async () => {
    const run = await gradviz('render', file('seed.snapshot.json'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(moduleSvg);
  });

  it.each(['module', 'snapshot'])('PNG from the %s: decoded, twice the SVG size, not blank', async (from) => {
    const input = from === 'module' ? 'examples/blog-graph.ts' : file('seed.snapshot.json');
    const run = await gradviz('render', input, '--out', file(`${from}/seed.png`));
    expect(run.status, run.stderr).toBe(0);
    expectDrawnPng(file(`${from}/seed.png`), ...svgSize(moduleSvg));
  });

  it.each(['module', 'snapshot'])('DOT and JSON from the %s', async (from) => {
    const input = from === 'module' ? 'examples/blog-graph.ts' : file('seed.snapshot.json');
    expect((await gradviz('render', input, '--out', file(`${from}/seed.gv`))).status).toBe(0);
    const dot = readFileSync(file(`${from}/seed.gv`), 'utf8');
    expect(dot).toMatch(/^digraph \{/);
    expect(dot).toContain('"n4" [label="ToCopyBackward0"]');
    expect((await gradviz('render', input, '--out', file(`${from}/again.json`))).status).toBe(0);
    const json = JSON.parse(readFileSync(file(`${from}/again.json`), 'utf8'));
    expect(Object.keys(json)).toEqual(['snapshot', 'graph', 'layout', 'diagnostics', 'lang']);
    expect(json.graph.nodes.map((n: { id: string }) => n.id)).toContain('p:x');
    expect(json.diagnostics.map((f: { kind: string }) => f.kind)).toEqual(['nonLeafParam']);
  });

  it.each(['module', 'snapshot'])('HTML from the %s: the interactive page around the same SVG', async (from) => {
    const input = from === 'module' ? 'examples/blog-graph.ts' : file('seed.snapshot.json');
    expect((await gradviz('render', input, '--out', file(`${from}/seed.html`))).status).toBe(0);
    const html = readFileSync(file(`${from}/seed.html`), 'utf8');
    expect(html).toContain(`<div id="gradviz">${moduleSvg}</div>`);
    expect(html).toContain('<script type="module">');
  });

  it('flags reach makeDot and override the module’s options', async () => {
    const run = await gradviz('render', 'examples/blog-graph.ts', '--rankdir', 'LR', '--show-saved', '--show-attrs', '--out', file('flags.json'));
    expect(run.status, run.stderr).toBe(0);
    const json = JSON.parse(readFileSync(file('flags.json'), 'utf8'));
    expect(json.graph.rankdir).toBe('LR');
    expect(json.graph.nodes.some((n: { kind: string }) => n.kind === 'saved')).toBe(true);
    expect(json.graph.nodes.find((n: { id: string }) => n.id === 'n3').lines.join('\n')).toContain('exponent');
  });

  it('reports a layout that goes to a worker on stderr, with its size and time', async () => {
    let t = tensor([1, 2], { requiresGrad: true });
    const x = t;
    for (let i = 0; i < 1100; i++) t = t.mul(1.5);
    writeFileSync(file('long.json'), JSON.stringify(snapshot(t.sum(), { params: { x } })));
    const run = await gradviz('render', file('long.json'), '--out', file('long.svg'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^gradviz: laying out 1,10\d boxes and 1,10\d arrows in a worker thread\.\.\.\ngradviz: layout done in \d+\.\d s\n$/);
  });
});

describe('the README picture', () => {
  it('docs/images/blog.svg is what the CLI draws from examples/blog-graph.ts now', async () => {
    const run = await gradviz('render', 'examples/blog-graph.ts');
    expect(run.status, run.stderr).toBe(0);
    const committed = readFileSync(join(repoRoot, 'docs/images/blog.svg'), 'utf8');
    // If this fails, the picture changed: re-run `pnpm gradviz render examples/blog-graph.ts --out docs/images/blog.svg`.
    expect(run.stdout).toBe(committed);
    expect(committed).not.toContain(repoRoot);
  });
});

describe.concurrent('gradviz explain', () => {
  it('prints every finding with its fix', async () => {
    const run = await gradviz('explain', 'examples/blog-graph.ts');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^examples\/blog-graph\.ts: 1 finding\nerror: x\.grad is null because x is not a leaf: \.float\(\) on line \d+ of blog-graph\.ts/);
    expect(run.stdout).toContain("\n  Fix: Pass the dtype when you create it — tensor(values, { requiresGrad: true, dtype: 'float32' })");
  });

  it('says so when nothing stops a gradient, in the words the viewer uses', async () => {
    const x = tensor([1, 2], { requiresGrad: true });
    writeFileSync(file('fine.json'), JSON.stringify(snapshot(x.mul(2).sum(), { params: { x } })));
    const run = await inProcess('explain', file('fine.json'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${file('fine.json')}: ${format('en', message('diagnosis.nothing'))}\n`);
  });

  it('--param explains one name, and names the params when it is not one of them', async () => {
    const run = await gradviz('explain', 'examples/blog-graph.ts', '--param', 'x');
    expect(run.stdout).toMatch(/^x\.grad is null because x is not a leaf: .* Fix: Pass the dtype/);
    const wrong = await gradviz('explain', 'examples/blog-graph.ts', '--param', 'w');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe("gradviz: examples/blog-graph.ts: explain(): 'w' is not one of the params of this graph (x)\n");
  });
});

describe.concurrent('errors name the file and the problem, and exit non-zero', () => {
  const module = (name: string, text: string) => {
    writeFileSync(file(name), text);
    return file(name);
  };

  it('a file that does not exist', async () => {
    const run = await inProcess('render', 'examples/no-such-graph.ts', '--out', file('x.svg'));
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("gradviz: cannot read 'examples/no-such-graph.ts': no such file\n");
  });

  it('a module whose default export is not a graph', async () => {
    const path = module('number.mjs', 'export default 42;\n');
    const run = await gradviz('render', path, '--out', file('x.svg'));
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`gradviz: ${path}: the default export is 42; expected a Tensor, an array of Tensors, { outputs, params, options } or a snapshot object\n`);
    const fn = await gradviz('render', module('function.mjs', 'export default function build() {}\n'));
    expect(fn.stderr).toContain('the default export is a function (build), not what it returns: call it and export the result; expected');
    const none = await gradviz('render', module('named.mjs', 'export const z = 1;\n'));
    expect(none.stderr).toContain('named.mjs has no default export; export default a Tensor');
    const outputs = await gradviz('render', module('outputs.mjs', 'export default { outputs: 42 };\n'));
    expect(outputs.status).toBe(1);
    expect(outputs.stderr).toContain('outputs.mjs: makeDot(): the output must be a Tensor, got');
  });

  it('a module that throws while loading', async () => {
    const path = module('throws.mjs', "throw new Error('no data here');\n");
    const run = await gradviz('render', path);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`gradviz: ${path} failed to load: no data here\n`);
  });

  it('an input that is neither a module nor JSON, JSON that does not parse, a malformed snapshot', async () => {
    const text = await inProcess('render', module('graph.txt', 'z'));
    expect(text.status).toBe(1);
    expect(text.stderr).toContain("graph.txt': expected a module (.ts .mts .cts .js .mjs .cjs) or a snapshot .json, got a '.txt' file");
    const bad = await inProcess('render', module('bad.json', '{ "format": '));
    expect(bad.stderr).toMatch(/^gradviz: .*bad\.json is not valid JSON: /);
    const malformed = await inProcess('render', module('malformed.json', JSON.stringify({ format: 'gradviz.graph', version: 1, outputs: 'z' })));
    expect(malformed.status).toBe(1);
    expect(malformed.stderr).toMatch(/^gradviz: .*malformed\.json: makeDot\(\): malformed snapshot: /);
  });

  it('an output extension it cannot write, before any work (status 2)', async () => {
    const run = await inProcess('render', 'examples/no-such-graph.ts', '--out', 'graph.bmp');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("gradviz: cannot tell the format of 'graph.bmp' from its extension; use .svg, .png, .dot, .gv, .json, .html\n");
  });

  it.each([
    [['render'], 'render needs a file: a module (.ts, .js) or a snapshot .json'],
    [['draw', 'a.ts'], "unknown command 'draw'; use 'render' or 'explain'"],
    [['render', 'a.ts', '--colour'], "unknown option '--colour'"],
    [['render', 'a.ts', 'b.ts'], "render takes one file, got also 'b.ts'"],
    [['render', 'a.ts', '--out'], "Option '-o, --out <value>' argument missing"],
    [['render', 'a.ts', '--max-attr-chars', 'many'], "--max-attr-chars must be a whole number, got 'many'"],
    [['explain', 'a.ts', '--out', 'a.svg'], 'explain prints to the terminal and takes no --out; use render to write a file'],
  ])('a wrong command line %j (status 2)', async (args, message) => {
    const run = await inProcess(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`gradviz: ${message} (see gradviz --help)\n`);
  });
});

describe('gradviz --help', () => {
  it('documents every command, input, format and option', async () => {
    const run = await gradviz('--help');
    expect(run.status).toBe(0);
    for (const text of ['render <file>', 'explain <file>', '{ outputs, params, options }', 'snapshot .json', '.svg', '.png', '.dot, .gv', '.json', '.html', '--out', '--show-attrs', '--show-saved', '--max-attr-chars', '--rankdir', '--param', '--timeout', '--help', 'Exit status']) {
      expect(run.stdout).toContain(text);
    }
    expect((await inProcess()).stdout).toBe(run.stdout);
    expect((await inProcess('render', '--help')).stdout).toBe(run.stdout);
  });
});
