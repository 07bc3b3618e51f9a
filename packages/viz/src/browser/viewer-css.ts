import { GRADIENT_CHART_CSS } from './gradient-chart.js';

/** The viewer's styles, shared by the HTML page and the web component's shadow root. */
export const VIEWER_CSS = `
.gv-viewer { --gv-accent: #1f5fd6; --gv-broken: #d62728; --gv-border: #d0d7de; --gv-muted: #57606a;
  display: flex; flex-direction: column; min-height: 0; color: #1f2328; background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; border: 1px solid var(--gv-border); border-radius: 6px; overflow: hidden; }
.gv-toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; padding: 6px 8px; border-bottom: 1px solid var(--gv-border); background: #f6f8fa; }
.gv-title { flex: 1 1 0; min-width: 0; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.gv-search { font: inherit; padding: 2px 8px; border: 1px solid var(--gv-border); border-radius: 4px; min-width: 12em; }
.gv-search-status { color: var(--gv-muted); font-size: 12px; min-width: 6em; }
.gv-toolbar button { font: inherit; min-width: 2.2em; padding: 2px 8px; border: 1px solid var(--gv-border); border-radius: 4px; background: #fff; cursor: pointer; }
/* A fixed height, so that what the side panel shows never moves the page around it. */
.gv-body { display: flex; height: clamp(16rem, var(--gv-natural-height, 40rem), var(--gradviz-max-height, 40rem)); }
.gv-viewport { position: relative; flex: 1 1 auto; min-width: 0;
  overflow: hidden; cursor: grab; touch-action: none; background: #fff; }
.gv-viewport:active { cursor: grabbing; }
.gv-canvas { position: absolute; left: 0; top: 0; transform-origin: 0 0; }
.gv-canvas svg { display: block; }
.gv-canvas g.node { cursor: pointer; }
.gv-canvas g.cluster-label { cursor: pointer; }
.gv-canvas g.node:hover > rect:not(.badge) { stroke-width: 2.5px; }
.gv-canvas svg.gv-focus g.node:not(.gv-on), .gv-canvas svg.gv-focus g.edge:not(.gv-on),
.gv-canvas svg.gv-searching g.node:not(.gv-match) { opacity: 0.2; }
.gv-canvas g.edge.gv-on path, .gv-canvas g.edge.gv-on polygon { stroke: var(--gv-accent); stroke-width: 2.5px; }
.gv-canvas g.edge.gv-on polygon { fill: var(--gv-accent); }
.gv-canvas g.edge.gv-break path, .gv-canvas g.edge.gv-break polygon { stroke: var(--gv-broken); stroke-width: 4px; }
.gv-canvas g.edge.gv-break polygon { fill: var(--gv-broken); }
.gv-canvas g.node.gv-selected > rect:not(.badge) { stroke-width: 3.5px; }
.gv-canvas g.node.gv-selected:not([data-broken]) > rect:not(.badge) { stroke: var(--gv-accent); }
.gv-canvas g.node.gv-match > rect:not(.badge) { stroke: #bf8700; stroke-width: 3px; }
.gv-canvas g.node.gv-linked > rect:not(.badge) { stroke: #bf8700; stroke-width: 4px; }
.gv-side { flex: 0 0 clamp(12rem, 32%, 22rem); box-sizing: border-box; overflow: auto; border-left: 1px solid var(--gv-border); padding: 8px 12px; background: #fff; }
.gv-side h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--gv-muted); margin: 8px 0 4px; }
.gv-details h3 { font: 600 14px/1.3 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; margin: 0 0 4px; white-space: pre-wrap; overflow-wrap: anywhere; }
.gv-details dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 4px 0; font-size: 12.5px; }
.gv-details dt { color: var(--gv-muted); }
.gv-details dd { margin: 0; min-width: 0; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.gv-badge { display: inline-block; font-size: 11px; font-weight: 700; color: #fff; background: var(--gv-muted); border-radius: 9px; padding: 0 8px; }
.gv-badge.gv-error { background: var(--gv-broken); }
.gv-hint { color: var(--gv-muted); font-size: 13px; margin: 4px 0; }
.gv-findings { list-style: none; padding: 0; margin: 0; }
.gv-finding { overflow-wrap: anywhere; }
.gv-findings button { display: block; width: 100%; text-align: left; font: inherit; font-size: 13px; background: none; border: 0; border-left: 3px solid var(--gv-muted); padding: 4px 8px; margin: 4px 0; cursor: pointer; color: inherit; }
.gv-findings button:hover { background: #f6f8fa; }
.gv-findings .gv-error { border-left-color: var(--gv-broken); }
.gv-findings .gv-warning { border-left-color: #b35c00; }
.gv-findings .gv-info { border-left-color: var(--gv-accent); }
.gv-fix { display: block; color: var(--gv-muted); margin-top: 2px; }
.gv-severity { font-weight: 700; text-transform: uppercase; font-size: 11px; margin-right: 4px; }
${GRADIENT_CHART_CSS}`;
