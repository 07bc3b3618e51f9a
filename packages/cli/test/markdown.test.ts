/** The markdown-it plugin: ```gradviz blocks become the graph's SVG when the page is rendered. */
import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GradvizGraph } from '@gradviz/viz';
import { markdownItGradviz } from '../src/markdown-it/index.js';
import { INJECTIONS, hostileGraph, repoRoot, seedGraph } from './e2e/support/graphs.js';

const tmp = mkdtempSync(join(tmpdir(), 'gradviz-md-'));
const markdown = () => new MarkdownIt({ html: true }).use(markdownItGradviz, { root: repoRoot });
const block = (content: string) => `# Graph\n\n\`\`\`gradviz\n${content}\n\`\`\`\n`;

let seed: GradvizGraph;
beforeAll(async () => {
  seed = await seedGraph();
  writeFileSync(join(tmp, 'seed.snapshot.json'), JSON.stringify(seed.snapshot));
});

describe('markdownItGradviz', () => {
  it('draws a snapshot .json in-process, as makeDot does', () => {
    const html = markdown().render(block(join(tmp, 'seed.snapshot.json')));
    expect(html).toBe(`<h1>Graph</h1>\n<figure class="gradviz" v-pre>${seed.toSVG()}</figure>\n`);
  });

  it('draws a module through the CLI: the README picture, with flags', () => {
    const html = markdown().render(block('examples/blog-graph.ts'));
    expect(html).toContain(`<figure class="gradviz" v-pre>${readFileSync(join(repoRoot, 'docs/images/blog.svg'), 'utf8')}</figure>`);
    const lr = markdown().render(block('examples/blog-graph.ts --rankdir LR --show-saved'));
    expect(lr).not.toBe(html);
    expect(lr).toContain('data-kind="saved"');
  });

  it('leaves other fences alone', () => {
    expect(markdown().render('```ts\nconst x = 1;\n```\n')).toBe('<pre><code class="language-ts">const x = 1;\n</code></pre>\n');
  });

  it('caches each drawing by path and modification time', () => {
    const path = join(tmp, 'cached.json');
    writeFileSync(path, JSON.stringify(seed.snapshot));
    const then = new Date('2024-01-01T00:00:00Z');
    utimesSync(path, then, then);
    const md = markdown();
    const first = md.render(block(path));
    writeFileSync(path, JSON.stringify(hostileGraph().snapshot));
    utimesSync(path, then, then);
    expect(md.render(block(path))).toBe(first);
    utimesSync(path, new Date(), new Date());
    expect(md.render(block(path))).not.toBe(first);
  });

  it('keeps markup in labels as text', () => {
    const path = join(tmp, 'hostile.json');
    writeFileSync(path, JSON.stringify(hostileGraph().snapshot));
    const html = markdown().render(block(path));
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;window.__pwned');
    expect(INJECTIONS).toHaveLength(2);
  });

  it.each([
    ['', 'gradviz block at docs/page.md:3: the block is empty; write the path of a module or snapshot .json in it'],
    ['examples/missing.ts', "gradviz block at docs/page.md:3: cannot read 'examples/missing.ts': no such file under"],
    ['examples/blog-graph.ts --out x.svg', 'gradviz block at docs/page.md:3: the block is drawn inline; remove --out'],
    ['examples/blog-graph.ts --colour', "gradviz block at docs/page.md:3: unknown option '--colour'"],
    ['examples/blog-graph.ts --rankdir XY', 'gradviz block at docs/page.md:3: examples/blog-graph.ts: makeDot(): rankdir must be one of TB, BT, LR, RL, got XY'],
  ])('stops the build on a block it cannot draw: %j', (content, message) => {
    expect(() => markdown().render(`# Graph\n\n\`\`\`gradviz\n${content}\n\`\`\`\n`, { file: 'docs/page.md' })).toThrow(message);
  });
});
