/**
 * The docs site: every `docs/*.md` page rendered with markdown-it and the gradviz plugin (its
 * ```gradviz blocks become inline SVG), the `<gradviz-graph>` bundle and the graphs it draws. The
 * site works opened from disk as well as served: Chromium runs neither a module script nor a
 * fetch from file://, so the element comes as a classic script and each page carries its graphs.
 */
import { cp, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownItGradviz } from '@gradviz/cli/markdown-it';
import { browserBundle, loadGraph, writeFileAtomic } from '@gradviz/cli';
import { inlineJson } from '@gradviz/viz';
import MarkdownIt from 'markdown-it';
import { figurePlaceholder, whyGradNonePages } from './why-grad-none.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const docsDir = join(repoRoot, 'docs');


/** The graphs `<gradviz-graph src="graphs/NAME.json">` loads: makeDot().toJSON() of each module. */
const GRAPHS: Readonly<Record<string, string>> = {
  blog: 'examples/blog-graph.ts',
  'tiny-gpt': 'docs/graphs/tiny-gpt.ts',
  transformer: 'docs/graphs/transformer.ts',
  'gradients-deep-sigmoid': 'docs/graphs/gradients-deep-sigmoid.ts',
};

/** Pages in the navigation, in this order; other pages follow by file name. */
const NAV_ORDER = ['index.md', 'why-grad-none.md', 'why-grad-none.ja.md', 'embedding.md', 'api.md'];

export const SITE_CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #57606a; --border: #d0d7de; --accent: #1f5fd6; }
body { margin: 0; color: var(--fg); font: 16px/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; }
header { display: flex; gap: 1.5rem; align-items: baseline; padding: .75rem 1.5rem; border-bottom: 1px solid var(--border); }
header .brand { font-weight: 700; font-size: 1.15rem; color: var(--fg); text-decoration: none; }
header nav a { margin-right: 1rem; color: var(--accent); text-decoration: none; }
header nav a[aria-current] { color: var(--fg); font-weight: 600; }
main { max-width: 56rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
a { color: var(--accent); }
pre { background: #f6f8fa; border: 1px solid var(--border); border-radius: 6px; padding: .75rem 1rem; overflow: auto; font-size: 14px; line-height: 1.45; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: .9em; }
table { border-collapse: collapse; } th, td { border: 1px solid var(--border); padding: .3rem .6rem; text-align: left; vertical-align: top; }
figure.gradviz { margin: 1.5rem 0; overflow: auto; text-align: center; }
figure.gradviz svg { max-width: 100%; height: auto; }
footer { color: var(--muted); font-size: 14px; text-align: center; padding: 1rem; border-top: 1px solid var(--border); }
`;

export interface Page {
  /** The markdown file's name, e.g. `index.md`. */
  readonly file: string;
  readonly title: string;
  readonly markdown: string;
  /** The page's language (`<html lang>`); English when absent. */
  readonly lang?: string;
  /** Pictures a generated page puts where its markdown has their placeholders. */
  readonly figures?: readonly string[];
}

/** markdown-it with raw HTML (for `<gradviz-graph>`), gradviz blocks, and `.md` links pointing at the built `.html`. */
export function createMarkdown(root = repoRoot): InstanceType<typeof MarkdownIt> {
  const md = new MarkdownIt({ html: true }).use(markdownItGradviz, { root });
  const linkOpen = md.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
  md.renderer.rules.link_open = (tokens, i, options, env, self) => {
    const href = String(tokens[i]!.attrGet('href') ?? '');
    if (/^[\w./-]+\.md(#.*)?$/.test(href)) tokens[i]!.attrSet('href', href.replace(/\.md(?=#|$)/, '.html'));
    return linkOpen(tokens, i, options, env, self);
  };
  return md;
}

export function pageTitle(markdown: string, file: string): string {
  return /^# (.+)$/m.exec(markdown)?.[1]?.trim() ?? basename(file, '.md');
}

const GRAPH_ELEMENT = /<gradviz-graph\b([^>]*?) src="([^"]*)"([^>]*)><\/gradviz-graph>/g;

/** Each `<gradviz-graph src="graphs/NAME.json">` of a page with that graph inside it, for pages opened from disk. */
function inlineGraphs(html: string, graphs: ReadonlyMap<string, unknown>, file: string): string {
  return html.replace(GRAPH_ELEMENT, (_, before: string, src: string, after: string) => {
    if (!graphs.has(src)) throw new Error(`docs/${file}: <gradviz-graph src="${src}"> names a graph the site does not build; add it to GRAPHS in docs/site.ts`);
    return `<gradviz-graph${before}${after}><script type="application/json">${inlineJson(graphs.get(src))}</script></gradviz-graph>`;
  });
}

/** One page: the rendered markdown in the site's frame, with links to `pages`; `graphs` are the JSON of the graphs its elements draw, by `src`. */
export function renderPage(md: InstanceType<typeof MarkdownIt>, page: Page, pages: readonly Page[], graphs: ReadonlyMap<string, unknown>): string {
  const rendered = inlineGraphs(md.render(page.markdown, { file: `docs/${page.file}` }), graphs, page.file);
  const body = (page.figures ?? []).reduce((html, svg, i) => html.replace(figurePlaceholder(i), `<figure class="gradviz">${svg}</figure>`), rendered);
  const escapeHtml = md.utils.escapeHtml;
  const nav = pages
    .map((p) => `<a href="${escapeHtml(p.file.replace(/\.md$/, '.html'))}"${p === page ? ' aria-current="page"' : ''}>${escapeHtml(p.title)}</a>`)
    .join('');
  return `<!doctype html>
<html lang="${escapeHtml(page.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · gradviz</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="style.css">
<script src="gradviz-graph.js" defer></script>
</head>
<body>
<header><a class="brand" href="index.html">gradviz</a><nav>${nav}</nav></header>
<main>
${body}</main>
<footer>Built from docs/${escapeHtml(page.file)} by <code>pnpm docs:build</code>.</footer>
</body>
</html>
`;
}

/** The pages: docs/*.md, and those made from the examples ("Why is my .grad None?", in two languages). */
async function readPages(): Promise<Page[]> {
  const files = (await readdir(docsDir)).filter((f) => f.endsWith('.md'));
  const written = await Promise.all(
    files.map(async (file) => {
      const markdown = await readFile(join(docsDir, file), 'utf8');
      return { file, title: pageTitle(markdown, file), markdown };
    }),
  );
  const pages: Page[] = [...written, ...(await whyGradNonePages(repoRoot))];
  const rank = (f: string) => (NAV_ORDER.includes(f) ? NAV_ORDER.indexOf(f) : NAV_ORDER.length);
  return pages.sort((a, b) => rank(a.file) - rank(b.file) || a.file.localeCompare(b.file));
}

/** Writes the site to `outDir` (emptied first); returns the files written, relative to it. */
export async function buildSite(outDir: string): Promise<string[]> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'graphs'), { recursive: true });
  const written: string[] = [];
  const write = async (name: string, content: string) => {
    await writeFileAtomic(join(outDir, name), content);
    written.push(name);
  };
  const graphs = new Map<string, unknown>();
  for (const [name, module] of Object.entries(GRAPHS)) {
    const json = (await loadGraph(module, {}, { cwd: repoRoot })).toJSON();
    await write(`graphs/${name}.json`, `${JSON.stringify(json)}\n`);
    graphs.set(`graphs/${name}.json`, json);
  }
  await write('gradviz-graph.js', browserBundle('component'));
  // Pictures the pages show as images (docs/images/*), as the README does.
  await cp(join(docsDir, 'images'), join(outDir, 'images'), { recursive: true });
  for (const image of await readdir(join(docsDir, 'images'))) written.push(`images/${image}`);
  await write('style.css', SITE_CSS);
  const md = createMarkdown();
  const pages = await readPages();
  for (const page of pages) await write(page.file.replace(/\.md$/, '.html'), renderPage(md, page, pages, graphs));
  return written;
}
