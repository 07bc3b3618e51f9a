/**
 * The interactive viewer around a drawn graph: pan and zoom, a box's details on hover, its way to
 * the outputs on click, search, and the diagnostics. The HTML page and the web component both use
 * it. It adds classes to the SVG only when someone interacts, so until then the drawing is exactly
 * what `toSVG()` writes. All text goes in as text nodes: labels are never parsed as markup.
 */
import { select } from 'd3-selection';
import { type ZoomBehavior, zoom, zoomIdentity, zoomTransform } from 'd3-zoom';
import type { Finding } from '../diagnose.js';
import { format, type Lang, message, type MessageId, type MessageRef, plural } from '../messages/index.js';
import { clipText, MAX_LEGEND_CHARS, type VizGraph, type VizNode, visibleLines } from '../graph.js';
import type { Foldable } from '../picture.js';
import type { Folding } from './folding.js';
import { gradientChart } from './gradient-chart.js';
import { pathToOutputs } from './graph-paths.js';

export interface ViewerData {
  readonly graph: VizGraph;
  readonly diagnostics: readonly Finding[];
}

export interface ViewerOptions {
  /** Shown in the toolbar. */
  readonly title?: string;
  /** For a picture with folded groups: clicks on groups fold and unfold it. */
  readonly folding?: Folding;
}

const PATH_CLASSES = ['gv-on', 'gv-break', 'gv-selected'];
const ZOOM_STEP = 1.25;
/** A small graph in a big window is enlarged this much at most, so its text stays in proportion. */
const MAX_FIT_SCALE = 1.5;
/** Below this a first view's labels cannot be read. */
const MIN_READABLE_SCALE = 0.5;

function h<K extends keyof HTMLElementTagNameMap>(
  document: Document,
  tag: K,
  attrs: Record<string, string> = {},
  children: readonly (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

function searchTextOf(node: VizNode): string {
  return [...node.lines, ...(node.details ?? []).flat()].join('\n').toLowerCase();
}

/** The findings about a box: those naming its tensor or its node. */
function findingsAbout(node: VizNode, findings: readonly Finding[]): Finding[] {
  return findings.filter(
    (f) => (node.tensor !== undefined && f.tensors.includes(node.tensor)) || (node.node !== undefined && f.nodes.includes(node.node)),
  );
}

/** The box a finding is about: the named tensor's own box first. */
function boxOfFinding(finding: Finding, graph: VizGraph): VizNode | undefined {
  const named = finding.tensors[0];
  return (
    graph.nodes.find((n) => (n.kind === 'param' || n.kind === 'ghost' || n.kind === 'leaf') && n.tensor === named) ??
    graph.nodes.find((n) => n.tensor !== undefined && finding.tensors.includes(n.tensor)) ??
    graph.nodes.find((n) => n.node !== undefined && finding.nodes.includes(n.node))
  );
}

/** Builds the viewer in `parent`; `draw` puts the SVG into the canvas it is given and returns it. */
export class Viewer {
  svg: SVGSVGElement;
  #data: ViewerData;
  readonly #document: Document;
  readonly #viewport: HTMLDivElement;
  readonly #canvas: HTMLDivElement;
  readonly #details: HTMLElement;
  readonly #searchStatus: HTMLSpanElement;
  readonly #search: HTMLInputElement;
  readonly #zoom: ZoomBehavior<HTMLDivElement, unknown>;
  readonly #root: HTMLDivElement;
  readonly #folding: Folding | undefined;
  #nodes = new Map<string, VizNode>();
  /** The gradient-flow chart's rows by box id. */
  #chartRows = new Map<string, Element>();
  #boxes = new Map<string, SVGGElement>();
  #edges: SVGGElement[] = [];
  /** The graph behind the picture, once a fold or unfold needed it. */
  #current: Foldable | undefined;
  #selected: string | undefined;
  #matches: string[] = [];
  #nextMatch = 0;
  /** The language of the interface's words: the picture's. */
  readonly #lang: Lang;

  #say(id: MessageId, args?: MessageRef['args']): string {
    return format(this.#lang, message(id, args));
  }

  constructor(parent: Node & ParentNode, data: ViewerData, draw: (canvas: HTMLElement) => SVGSVGElement, options: ViewerOptions = {}) {
    const document = parent.ownerDocument ?? (parent as Document);
    this.#document = document;
    this.#data = data;
    this.#folding = options.folding;
    this.#lang = data.graph.lang ?? 'en';
    const say = (id: MessageId) => this.#say(id);

    const search = h(document, 'input', { type: 'search', class: 'gv-search', placeholder: say('viewer.search'), 'aria-label': say('viewer.search') });
    this.#searchStatus = h(document, 'span', { class: 'gv-search-status', 'aria-live': 'polite' });
    this.#search = search;
    const button = (cls: string, label: string, text: string, onClick: () => void) => {
      const b = h(document, 'button', { type: 'button', class: cls, title: label, 'aria-label': label }, [text]);
      b.addEventListener('click', onClick);
      return b;
    };
    this.#canvas = h(document, 'div', { class: 'gv-canvas' });
    this.#viewport = h(document, 'div', { class: 'gv-viewport' }, [this.#canvas]);
    this.#details = h(document, 'section', { class: 'gv-details', 'aria-live': 'polite' });
    const toolbar = h(document, 'div', { class: 'gv-toolbar' }, [
      h(document, 'span', { class: 'gv-title' }, [options.title ?? 'gradviz']),
      search,
      this.#searchStatus,
      button('gv-zoom-in', say('viewer.zoomIn'), '+', () => this.zoomBy(ZOOM_STEP)),
      button('gv-zoom-out', say('viewer.zoomOut'), '\u2212', () => this.zoomBy(1 / ZOOM_STEP)),
      button('gv-fit', say('viewer.fitLabel'), say('viewer.fit'), () => this.fit(true)),
    ]);
    // The chart first: the details below it change height on every hover, and would move its rows.
    const side = h(document, 'aside', { class: 'gv-side' }, [...this.#gradientPanel(), this.#details, this.#diagnosticsPanel()]);
    const viewer = h(document, 'div', { class: 'gv-viewer' }, [toolbar, h(document, 'div', { class: 'gv-body' }, [this.#viewport, side])]);
    parent.appendChild(viewer);
    this.#root = viewer;

    this.svg = draw(this.#canvas);
    this.#bind();

    this.#zoom = zoom<HTMLDivElement, unknown>()
      .scaleExtent([0.05, 8])
      .on('zoom', (event: { transform: { x: number; y: number; k: number } }) => {
        const { x, y, k } = event.transform;
        this.#canvas.style.transform = `translate(${x}px, ${y}px) scale(${k})`;
      });
    select(this.#viewport).call(this.#zoom).on('dblclick.zoom', null);
    this.#listen(search);
    this.#showDetails(undefined);
    this.fit();
    if (this.#folding !== undefined) this.#prepareFolding();
  }

  /**
   * Builds the graph behind the picture once the page is idle, so the first click is quick; then
   * marks the viewer `data-folding="ready"`, with the page time it was ready at (ms since
   * navigation) in `data-folding-ready-at`.
   */
  #prepareFolding(): void {
    const view = this.#document.defaultView;
    // Laying out the picture shown fills the layout cache that the first unfold reuses.
    const prepare = () => {
      this.#graph()?.layout();
      this.#root.dataset.foldingReadyAt = String(Math.round(view?.performance.now() ?? 0));
      this.#root.dataset.folding = 'ready';
    };
    if (view?.requestIdleCallback) view.requestIdleCallback(prepare, { timeout: 500 });
    else setTimeout(prepare, 0);
  }

  /** Reads the boxes and arrows of the SVG now drawn. */
  #bind(): void {
    this.#nodes = new Map(this.#data.graph.nodes.map((node) => [node.id, node]));
    this.#boxes = new Map([...this.svg.querySelectorAll<SVGGElement>('g.node')].map((box) => [box.getAttribute('data-key') ?? '', box]));
    this.#edges = [...this.svg.querySelectorAll<SVGGElement>('g.edge')];
    this.#root.style.setProperty('--gv-natural-height', `${this.#svgSize().height + 2}px`);
  }

  /** Draws `graph`'s picture in place of the current one, keeping the zoom; fires `gradviz-fold`. */
  #show(graph: Foldable, group: string | undefined): void {
    this.#current = graph;
    this.#data = { graph: graph.picture, diagnostics: this.#data.diagnostics };
    this.svg = this.#folding!.draw(this.#canvas, graph);
    this.#bind();
    this.select(undefined);
    this.search(this.#search.value);
    if (group !== undefined) this.#centerOnElement(this.svg.querySelector(`[data-group="${CSS.escape(group)}"]`));
    this.#root.dispatchEvent(new CustomEvent('gradviz-fold', { bubbles: true, composed: true, detail: { group, unfolded: [...(graph.unfolded ?? [])] } }));
  }

  /** The graph behind the picture: the one last drawn, or the folding source's. */
  #graph(): Foldable | undefined {
    this.#current ??= this.#folding?.source();
    return this.#current;
  }

  /** Unfolds the group `id` (a folded box's `data-group`); true when it did. */
  unfold(id: string): boolean {
    const graph = this.#graph();
    if (graph === undefined) return false;
    this.#show(graph.unfold(id), id);
    return true;
  }

  /** Folds the open group `id` (a frame's `data-group`) into one box; true when it did. */
  fold(id: string): boolean {
    const graph = this.#graph();
    if (graph === undefined) return false;
    this.#show(graph.fold(id), id);
    return true;
  }

  /** Unfolds every group around box `id` of the full graph, then selects it and pans to it. */
  reveal(id: string): void {
    const graph = this.#graph();
    if (graph !== undefined) {
      const next = graph.reveal(id);
      if (next !== graph) this.#show(next, undefined);
    }
    this.select(id);
    this.centerOn(id);
  }

  /**
   * Scales the graph to fit the viewport (at most {@link MAX_FIT_SCALE} times its natural size) and
   * centres it. Unless `whole`, a graph that would shrink below {@link MIN_READABLE_SCALE} is shown
   * from its top at a scale that can be read, to be panned (the Fit button shows it whole).
   */
  fit(whole = false): void {
    const { width, height } = this.#svgSize();
    const viewWidth = this.#viewport.clientWidth;
    const viewHeight = this.#viewport.clientHeight;
    if (viewWidth === 0 || viewHeight === 0 || width === 0 || height === 0) return;
    const fitted = Math.min(MAX_FIT_SCALE, viewWidth / width, viewHeight / height);
    const k = whole || fitted >= MIN_READABLE_SCALE ? fitted : Math.max(fitted, Math.min(MIN_READABLE_SCALE, viewWidth / width));
    const transform = zoomIdentity.translate(Math.max(0, (viewWidth - width * k) / 2), Math.max(0, (viewHeight - height * k) / 2)).scale(k);
    select(this.#viewport).call(this.#zoom.transform, transform);
  }

  zoomBy(factor: number): void {
    select(this.#viewport).call(this.#zoom.scaleBy, factor);
  }

  /** Highlights the way from box `id` to the outputs (broken links in red) and pins its details; undefined clears. */
  select(id: string | undefined): void {
    for (const element of [...this.#boxes.values(), ...this.#edges]) element.classList.remove(...PATH_CLASSES);
    this.svg.classList.remove('gv-focus');
    this.#selected = id !== undefined && this.#nodes.has(id) ? id : undefined;
    if (this.#selected !== undefined) {
      const path = pathToOutputs(this.#data.graph, this.#selected);
      for (const node of path.nodes) this.#boxes.get(node)?.classList.add('gv-on');
      for (const edge of path.edges) this.#edges[edge]?.classList.add('gv-on');
      for (const edge of path.breaks) this.#edges[edge]?.classList.add('gv-break');
      this.#boxes.get(this.#selected)?.classList.add('gv-selected');
      this.svg.classList.add('gv-focus');
    }
    this.#showDetails(this.#selected);
  }

  /**
   * Marks the boxes whose label or details contain `query`; returns how many. With folding, boxes
   * inside folded groups count too: Enter unfolds the way to them.
   */
  search(query: string): number {
    const needle = query.trim().toLowerCase();
    const boxes = this.#folding !== undefined ? this.#graph()!.graph.nodes : this.#data.graph.nodes;
    this.#matches = needle === '' ? [] : boxes.filter((node) => searchTextOf(node).includes(needle)).map((node) => node.id);
    this.#nextMatch = 0;
    const matched = new Set(this.#matches);
    for (const [id, box] of this.#boxes) box.classList.toggle('gv-match', matched.has(id));
    this.svg.classList.toggle('gv-searching', needle !== '');
    const hidden = this.#matches.filter((id) => !this.#boxes.has(id)).length;
    const count = this.#say(plural('viewer.matches', this.#matches.length), { count: this.#matches.length });
    this.#searchStatus.textContent = needle === '' ? '' : hidden > 0 ? this.#say('viewer.matchesFolded', { matches: count, hidden }) : count;
    return this.#matches.length;
  }

  /** Pans to box `id`, keeping the zoom level. */
  centerOn(id: string): void {
    this.#centerOnElement(this.#boxes.get(id) ?? null);
  }

  #centerOnElement(box: Element | null): void {
    if (box === null) return;
    const current = zoomTransform(this.#viewport);
    const boxRect = box.getBoundingClientRect();
    const viewRect = this.#viewport.getBoundingClientRect();
    const x = (boxRect.x + boxRect.width / 2 - viewRect.x - current.x) / current.k;
    const y = (boxRect.y + boxRect.height / 2 - viewRect.y - current.y) / current.k;
    const transform = zoomIdentity.translate(viewRect.width / 2 - x * current.k, viewRect.height / 2 - y * current.k).scale(current.k);
    select(this.#viewport).call(this.#zoom.transform, transform);
  }

  #svgSize(): { width: number; height: number } {
    return { width: Number(this.svg.getAttribute('width')) || 0, height: Number(this.svg.getAttribute('height')) || 0 };
  }

  #boxAt(target: EventTarget | null): string | undefined {
    const box = target instanceof Element ? target.closest('g.node') : null;
    return box === null ? undefined : (box.getAttribute('data-key') ?? undefined);
  }

  /** The gradient-flow chart (makeDot's `gradients`); hovering a row shows its box and its details. */
  #gradientPanel(): HTMLElement[] {
    const rows = this.#data.graph.gradientChart;
    if (rows === undefined) return [];
    const say = (id: MessageId) => this.#say(id);
    const words = { title: say('viewer.gradientFlow'), hint: say('viewer.gradientFlowHint'), mean: say('viewer.meanAbs'), max: say('viewer.maxAbs'), zero: say('gradient.zero'), nonFinite: say('gradient.nonFinite') };
    const chart = gradientChart(rows, words, (tag, attrs, children) => h(this.#document, tag, attrs, children));
    this.#chartRows = new Map([...chart.querySelectorAll('li[data-key]')].map((li) => [li.getAttribute('data-key')!, li]));
    chart.addEventListener('mouseover', (event) => {
      const id = event.target instanceof Element ? event.target.closest('li[data-key]')?.getAttribute('data-key') : undefined;
      if (id == null) return;
      this.#linkRow(id);
      if (this.#boxes.has(id)) this.#showDetails(id);
    });
    chart.addEventListener('mouseleave', () => {
      this.#linkRow(undefined);
      this.#showDetails(this.#selected);
    });
    return [chart];
  }

  /** Marks the chart row and the box of `id` together (none for undefined). */
  #linkRow(id: string | undefined): void {
    for (const [key, row] of this.#chartRows) row.classList.toggle('gv-on', key === id);
    for (const [key, box] of this.#boxes) box.classList.toggle('gv-linked', key === id);
  }

  #listen(search: HTMLInputElement): void {
    this.#viewport.addEventListener('mouseover', (event) => {
      const id = this.#boxAt(event.target);
      if (id !== undefined) this.#showDetails(id);
      if (id !== undefined && this.#chartRows.size > 0) this.#linkRow(id);
    });
    this.#viewport.addEventListener('mouseout', (event) => {
      if (this.#boxAt(event.target) !== undefined && this.#boxAt(event.relatedTarget) === undefined) {
        this.#showDetails(this.#selected);
        if (this.#chartRows.size > 0) this.#linkRow(undefined);
      }
    });
    // d3-zoom swallows the click that ends a drag, so this is a real click.
    this.#viewport.addEventListener('click', (event) => {
      const target = event.target instanceof Element ? event.target : null;
      const folded = target?.closest('g.node[data-group]')?.getAttribute('data-group');
      const label = target?.closest('g.cluster-label')?.getAttribute('data-group');
      if (folded != null && this.unfold(folded)) return;
      if (label != null && this.fold(label)) return;
      this.select(this.#boxAt(event.target));
    });
    search.addEventListener('input', () => this.search(search.value));
    search.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || this.#matches.length === 0) return;
      const at = this.#nextMatch % this.#matches.length;
      const id = this.#matches[at]!;
      // A match inside folded groups is revealed, which redraws and searches again: keep the place.
      if (this.#boxes.has(id)) this.centerOn(id);
      else this.reveal(id);
      this.#nextMatch = at + 1;
    });
  }

  #findingItem(finding: Finding, onClick?: () => void): HTMLElement {
    const d = this.#document;
    const text = clipText(finding.text, MAX_LEGEND_CHARS);
    const fix = clipText(finding.fix, MAX_LEGEND_CHARS);
    const content = [h(d, 'span', { class: 'gv-severity' }, [this.#say(`severity.${finding.severity}`)]), text, h(d, 'span', { class: 'gv-fix' }, [this.#say('explain.fix', { fix })])];
    // A finding cut for showing has its whole text on hover, as the legend has.
    const attrs = { class: `gv-finding gv-${finding.severity}`, ...(text !== finding.text || fix !== finding.fix ? { title: `${finding.text}\n${this.#say('explain.fix', { fix: finding.fix })}` } : {}) };
    if (onClick === undefined) return h(d, 'p', attrs, content);
    const item = h(d, 'button', { type: 'button', ...attrs }, content);
    item.addEventListener('click', onClick);
    return item;
  }

  #diagnosticsPanel(): HTMLElement {
    const d = this.#document;
    const findings = this.#data.diagnostics;
    const list =
      findings.length === 0
        ? h(d, 'p', { class: 'gv-hint' }, [this.#say('diagnosis.nothing')])
        : h(
            d,
            'ol',
            { class: 'gv-findings' },
            findings.map((finding) => {
              // With folding, the box may be inside a folded group: the click unfolds the way to it.
              if (this.#folding !== undefined) return h(d, 'li', {}, [this.#findingItem(finding, () => this.#revealFinding(finding))]);
              const box = boxOfFinding(finding, this.#data.graph);
              const onClick = box === undefined ? undefined : () => (this.select(box.id), this.centerOn(box.id));
              return h(d, 'li', {}, [this.#findingItem(finding, onClick)]);
            }),
          );
    return h(d, 'section', { class: 'gv-diagnostics' }, [h(d, 'h2', {}, [this.#say('viewer.diagnostics')]), list]);
  }

  #revealFinding(finding: Finding): void {
    const box = boxOfFinding(finding, this.#graph()!.graph);
    if (box !== undefined) this.reveal(box.id);
  }

  #showDetails(id: string | undefined): void {
    const d = this.#document;
    const node = id === undefined ? undefined : this.#nodes.get(id);
    if (node === undefined) {
      const hint = this.#say('viewer.hint') + (this.#folding !== undefined ? this.#say('viewer.foldingHint') : '');
      this.#details.replaceChildren(h(d, 'h2', {}, [this.#say('viewer.details')]), h(d, 'p', { class: 'gv-hint' }, [hint]));
      return;
    }
    const rows = (node.details ?? []).flatMap(([key, value]) => [h(d, 'dt', {}, [key]), h(d, 'dd', {}, [value])]);
    const moduleKey = this.#say('detail.module');
    if (node.module !== undefined && !(node.details ?? []).some(([key]) => key === moduleKey)) rows.push(h(d, 'dt', {}, [moduleKey]), h(d, 'dd', {}, [node.module]));
    this.#details.replaceChildren(
      h(d, 'h2', {}, [this.#say('viewer.details')]),
      h(d, 'h3', {}, [visibleLines(node).join('\n') || node.id]),
      ...(node.badge !== undefined ? [h(d, 'span', { class: `gv-badge${node.broken ? ' gv-error' : ''}` }, [node.badge])] : []),
      h(d, 'dl', {}, rows),
      ...findingsAbout(node, this.#data.diagnostics).map((finding) => this.#findingItem(finding)),
    );
  }
}
