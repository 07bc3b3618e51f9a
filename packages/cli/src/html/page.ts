/**
 * The interactive HTML page: one self-contained file that works offline. The SVG is inlined as
 * `toSVG()` writes it (so the page shows the graph even without scripts), the graph JSON beside it,
 * then the viewer's script, bundled.
 */
import { clipText, MAX_LABEL_CHARS } from '@gradviz/viz/internal/graph';
import type { GradvizGraph } from '@gradviz/viz';
import { VIEWER_CSS } from '@gradviz/viz/internal/browser/viewer-css';
import { format, message, type MessageRef } from '@gradviz/viz/internal/messages/index';
import { escapeText } from '@gradviz/viz/internal/render/escape';
import { browserBundle } from './bundle.js';
import { inlineJson, inlineScript } from '@gradviz/viz/internal/html/inline';

export interface HtmlOptions {
  /** The page's title and the toolbar's. Default: `gradviz: ` and the params' names. */
  readonly title?: string;
}

const PAGE_CSS = `
html, body { margin: 0; height: 100%; }
#gradviz { height: 100vh; }
#gradviz > .gv-viewer { height: 100%; box-sizing: border-box; border: 0; border-radius: 0; }
#gradviz .gv-body { flex: 1; height: auto; min-height: 0; }
`;

/** `gradviz: x, w`; a model's many params are counted, not listed; cut as a label is. */
function defaultTitle(graph: GradvizGraph): string {
  const names = graph.snapshot.params.map((p) => p.name);
  const say = (ref: MessageRef) => clipText(format(graph.lang, ref), MAX_LABEL_CHARS);
  if (names.length > 3) return say(message('page.titleMore', { names: names.slice(0, 2).join(', '), count: names.length - 2 }));
  return names.length > 0 ? say(message('page.title', { names: names.join(', ') })) : say(message('page.titleEmpty'));
}

/** The page as a string; `saveGraph(graph, 'graph.html')` and `gradviz render --out graph.html` write it. */
export function toHTML(graph: GradvizGraph, options: HtmlOptions = {}): string {
  const title = options.title ?? defaultTitle(graph);
  return `<!doctype html>
<html lang="${graph.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gradviz">
<title>${escapeText(title)}</title>
<style>${VIEWER_CSS}${PAGE_CSS}</style>
</head>
<body>
<div id="gradviz">${graph.toSVG()}</div>
<script type="application/json" id="gradviz-data">${inlineJson(graph.toJSON())}</script>
<script type="module">${inlineScript(browserBundle(graph.unfolded === undefined ? 'page' : 'foldingPage'))}</script>
</body>
</html>
`;
}
