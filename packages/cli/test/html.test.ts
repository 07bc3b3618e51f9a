/** The interactive HTML page, read as text in Node: self-contained, the graph inlined intact, labels inert. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type GradvizGraph, inlineJson } from '@gradviz/viz';
import { browserBundle, toHTML } from '../src/html/index.js';
import { saveGraph } from '../src/save.js';
import { INJECTIONS, hostileGraph, seedGraph } from './e2e/support/graphs.js';

/** The text of the `<script>` elements, as an HTML parser would split them. */
function scripts(html: string): { attrs: string; body: string }[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script/gi)].map((m) => ({ attrs: m[1]!, body: m[2]! }));
}

let seed: GradvizGraph;
beforeAll(async () => {
  seed = await seedGraph();
});

describe('toHTML', () => {
  it('inlines the SVG exactly as toSVG() writes it, the graph JSON and one module script, nothing fetched', () => {
    const html = toHTML(seed);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`<div id="gradviz">${seed.toSVG()}</div>`);
    const [data, code, ...rest] = scripts(html);
    expect(rest).toEqual([]);
    expect(data!.attrs).toBe(' type="application/json" id="gradviz-data"');
    expect(JSON.parse(data!.body)).toEqual(JSON.parse(JSON.stringify(seed.toJSON())));
    expect(code!.attrs).toBe(' type="module"');
    // Offline: nothing loaded from elsewhere (namespace URIs in the script are names, not requests).
    expect(/<(script|link|img|iframe)[^>]+(src|href)=|url\(/i.exec(html)?.[0]).toBeUndefined();
    expect(/\bimport\s*\(|\bimport\s*["'{*]|\bfetch\(|XMLHttpRequest/.exec(code!.body)?.[0]).toBeUndefined();
  });

  it('titles the page after the params, or as asked', () => {
    expect(toHTML(seed)).toContain('<title>gradviz: x</title>');
    expect(toHTML(seed, { title: 'Seed <b>graph</b>' })).toContain('<title>Seed &lt;b&gt;graph&lt;/b&gt;</title>');
  });

  it('keeps markup in labels as text: no script element but its own two, JSON that parses back', () => {
    const graph = hostileGraph();
    const html = toHTML(graph);
    expect(html.match(/<script/gi)).toHaveLength(2);
    expect(html).not.toContain('<img');
    const [data] = scripts(html);
    expect(JSON.parse(data!.body).snapshot.params.map((p: { name: string }) => p.name)).toEqual([...INJECTIONS]);
  });

  it('saveGraph() writes it for .html', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'gradviz-html-')), 'seed.html');
    await saveGraph(seed, path);
    expect(await readFile(path, 'utf8')).toBe(toHTML(seed));
  });
});

describe('inlineJson', () => {
  it('escapes every < so that neither </script nor <!-- can end or bend the script element', () => {
    const value = { label: '</script><!-- <SCRIPT>' };
    const text = inlineJson(value);
    expect(text).not.toMatch(/<\/script|<!--|<script/i);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('browserBundle', () => {
  it('reads each prebuilt browser script once per process: no Node built-ins, no layout workers', () => {
    for (const name of ['page', 'foldingPage', 'component'] as const) {
      const code = browserBundle(name);
      expect(browserBundle(name)).toBe(code);
      expect(code).not.toMatch(/from\s*["']node:|require\(["']node:|worker_threads/);
    }
    expect(browserBundle('component')).toContain('gradviz-graph');
  });
});
