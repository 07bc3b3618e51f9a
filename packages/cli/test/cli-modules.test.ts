/**
 * Issue 10, items 2, 5 and 10: a module is code, run by the CLI in a process of its own. Its console
 * output stays off stdout, a module that exits, never settles or runs too long gets a clear error,
 * and thrown values of every kind are reported in one line, without a stack.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import MarkdownIt from 'markdown-it';
import { snapshot, tensor } from '@gradviz/engine';
import { describe, expect, it } from 'vitest';
import { CliError, thrownText } from '../src/cli/errors.js';
import { loadGraph } from '../src/cli/load.js';
import { markdownItGradviz } from '../src/markdown-it/index.js';
import { readSvg, SvgReadError } from '../src/markdown-it/read-svg.js';
import { toSvgString } from '@gradviz/viz';
import { hostileGraph, repoRoot, seedGraph } from './e2e/support/graphs.js';
import { gradviz, inProcess } from './support/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'gradviz-modules-'));
const ENGINE = JSON.stringify(fileURLToPath(new URL('../../engine/src/index.ts', import.meta.url)));

/** A module in the temporary folder; `graph` is code that ends with a default export of a small graph. */
function module(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

const GRAPH = `import { tensor } from ${ENGINE};
const x = tensor([1, 2], { requiresGrad: true });
export default { outputs: x.mul(2).sum(), params: { x } };
`;
const PAYLOAD = '<script>window.__pwned = 1</script>';

describe.concurrent('a module runs in its own process', () => {
  it("keeps the module's console output off stdout: `gradviz render m.ts > out.svg` is a drawing", async () => {
    const path = module('noisy.mjs', `console.log(${JSON.stringify(PAYLOAD)});\nprocess.stdout.write('more\\n');\n${GRAPH}`);
    const run = await gradviz('render', path);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^]*<\/svg>$/);
    expect(run.stdout).not.toContain('<script');
    expect(toSvgString(readSvg(run.stdout))).toBe(run.stdout);
    expect(run.stderr).toBe(`${PAYLOAD}\nmore\n`);
  });

  it('a module that calls process.exit(0): status 1 and why, not status 0 and no file', async () => {
    const out = join(tmp, 'exit.svg');
    const run = await gradviz('render', module('exit.mjs', 'process.exit(0);\n'), '--out', out);
    expect(run.stderr).toBe(
      `gradviz: ${join(tmp, 'exit.mjs')} ended the process while loading (it exited with status 0) before gradviz could read its default export; a module for gradviz exports its graph and does not call process.exit()\n`,
    );
    expect(run.status).toBe(1);
  });

  it.each([
    ['never.mjs', 'export default await new Promise(() => {});\n', 'never settled: its top-level await, or the promise it exports, waits for something that nothing will do'],
    ['object.mjs', 'throw { code: 42 };\n', 'failed to load: {"code":42} (not an Error)'],
    ['rejected.mjs', "export default Promise.reject(new TypeError('no graph today'));\n", ': its default export is a promise that was rejected: no graph today'],
    ['getter.mjs', "export default { get outputs() { throw new Error('getter says no'); } };\n", ': reading its default export failed: getter says no'],
    [
      'function-option.mjs',
      `import { tensor } from ${ENGINE};\nconst x = tensor([1], { requiresGrad: true });\nexport default { outputs: x.mul(2), options: { rankdir: () => 'LR' } };\n`,
      ": the default export's options are not plain data: () => 'LR' could not be cloned.",
    ],
    ['async-throw.mjs', "setTimeout(() => { throw new RangeError('later'); });\nawait new Promise((r) => setTimeout(r, 50));\nexport default 1;\n", 'failed while loading: later'],
  ])('%s: a CliError with one clear line, the module’s output forwarded', async (name, text, message) => {
    const path = module(name, `console.log('from ${name}');\n${text}`);
    let output = '';
    const error = await loadGraph(path, {}, { moduleOutput: { write: (t: string) => (output += t) } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toContain(`${path}`);
    expect((error as CliError).message).toContain(message);
    expect((error as CliError).message).not.toContain('\n');
    expect(output).toBe(`from ${name}\n`);
  });

  it('a module that never finishes (a live timer) is stopped at the time limit', async () => {
    const path = module('timer.mjs', 'await new Promise(() => setInterval(() => {}, 1000));\nexport default 1;\n');
    await expect(loadGraph(path, {}, { timeoutMs: 1500 })).rejects.toThrow(
      `${path} did not finish loading within 1.5 s: its top-level code, or the promise it exports, is still running; allow it more time with --timeout <seconds> (loadGraph: timeoutMs)`,
    );
  });

  it.each([
    [new Error('plain'), 'plain'],
    ['a string', 'a string'],
    [7, '7 (not an Error)'],
    [{ code: 42 }, '{"code":42} (not an Error)'],
    [null, 'null (not an Error)'],
    [undefined, 'undefined (not an Error)'],
    [10n, '10 (not an Error)'],
    [{ long: 'x'.repeat(300) }, `{"long":"${'x'.repeat(191)}… (not an Error)`],
  ])('a thrown value is shown as %2$s, never [object Object] (case %#)', (value, text) => {
    expect(thrownText(value)).toBe(text);
  });

  it('--timeout takes seconds above 0, and is checked before anything runs', async () => {
    for (const bad of ['0', 'soon', '1e3', '9999999999']) {
      const run = await inProcess('render', 'examples/blog-graph.ts', '--timeout', bad);
      expect(run.stderr).toBe(`gradviz: --timeout must be a number of seconds above 0 (and under 24 days), got '${bad}' (see gradviz --help)\n`);
      expect(run.status).toBe(2);
    }
  });

  it('an --out whose folder path runs into a file says which file (not EEXIST ... mkdir)', async () => {
    const file = join(tmp, 'plain-file');
    writeFileSync(file, 'not a folder');
    const json = join(tmp, 'small.json');
    const x = tensor([1, 2], { requiresGrad: true });
    writeFileSync(json, JSON.stringify(snapshot(x.mul(2).sum(), { params: { x } })));
    const out = join(file, 'deeper', 'graph.svg');
    const run = await inProcess('render', json, '--out', out);
    expect(run.stderr).toBe(`gradviz: cannot write '${out}': '${file}' is a file, not a folder; choose another --out\n`);
    expect(run.status).toBe(1);
  });
});

describe('the markdown-it plugin embeds only a drawing', () => {
  const markdown = () => new MarkdownIt({ html: false }).use(markdownItGradviz, { root: tmp });

  it("a module that prints markup: the page gets the drawing, never the module's output", () => {
    mkdirSync(join(tmp, 'docs'), { recursive: true });
    const path = module('docs/printing.mjs', `console.log(${JSON.stringify(PAYLOAD)});\n${GRAPH}`);
    const html = markdown().render(`\`\`\`gradviz\n${relative(tmp, path)}\n\`\`\`\n`);
    expect(html).not.toContain('<script');
    expect(html).toMatch(/^<figure class="gradviz" v-pre><svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^]*<\/svg><\/figure>\n$/);
  });

  it('reads back exactly what toSvgString writes, hostile labels included', async () => {
    for (const svg of [(await seedGraph()).toSVG(), hostileGraph().toSVG(), readFileSync(join(repoRoot, 'docs/images/blog.svg'), 'utf8')]) {
      expect(toSvgString(readSvg(svg))).toBe(svg);
    }
  });

  it.each([
    ['a line before the drawing', `${PAYLOAD}\n<svg xmlns="http://www.w3.org/2000/svg"></svg>`],
    ['a script inside', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['an event attribute', '<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="alert(1)"/></svg>'],
    ['a link', '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>x</text></a></svg>'],
    ['a namespaced attribute', '<svg xmlns="http://www.w3.org/2000/svg"><rect xlink:href="x"/></svg>'],
    ['HTML inside', '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>'],
    ['raw markup in text', '<svg xmlns="http://www.w3.org/2000/svg"><text>a > b</text></svg>'],
    ['an unknown entity', '<svg xmlns="http://www.w3.org/2000/svg"><text>&nbsp;</text></svg>'],
    ['text after the end', '<svg xmlns="http://www.w3.org/2000/svg"></svg><script>alert(1)</script>'],
    ['an unclosed drawing', '<svg xmlns="http://www.w3.org/2000/svg"><g>'],
    ['another namespace', '<svg xmlns="http://www.w3.org/1999/xhtml"></svg>'],
    ['nothing', ''],
  ])('refuses %s', (_what, text) => {
    expect(() => readSvg(text)).toThrow(SvgReadError);
  });
});
