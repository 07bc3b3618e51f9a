/**
 * `<gradviz-graph>`: the graph in a documentation page, drawn with the same code as the server's
 * `toSVG()` and wrapped in the same viewer as the HTML page.
 *
 *   <gradviz-graph src="graph.json" label="The seed"></gradviz-graph>
 *   <gradviz-graph><script type="application/json">{ ...toJSON() or a snapshot... }</script></gradviz-graph>
 *
 * A bare snapshot is drawn here with makeDot's options from attributes: `show-attrs`, `show-saved`
 * (present or not), `max-attr-chars="50"`, `rankdir="LR"`, `depth="2"` or `depth="flat"`, `gradients` (present or not), and `lang="ja"`
 * (the language of the findings and of the viewer; the browser's when absent). makeDot().toJSON()
 * output keeps the language it was made in.
 *
 * Fires `gradviz-ready` when drawn, `gradviz-error` (detail: the Error) when it cannot draw.
 */
import type { MakeDotOptions } from '../make-dot.js';
import { langOfLocale } from '../messages/lang.js';
import { drawGraph, renderInto } from '../render/index.js';
import { drawableGraph } from './graph-data.js';
import { VIEWER_CSS } from './viewer-css.js';
import { Viewer } from './viewer.js';

// Inline-size containment: nothing inside (a long title, a wide graph) widens the page around it.
const HOST_CSS = `:host { display: block; margin: 1em 0; min-width: 0; max-width: 100%; contain: inline-size; } .gv-load-error { color: #d62728; font: 14px system-ui, sans-serif; border: 1px solid currentColor; border-radius: 6px; padding: 8px 12px; white-space: pre-wrap; }`;

/** makeDot's options from the element's attributes; makeDot checks their values. */
function optionsFrom(element: Element): MakeDotOptions {
  const text = (name: string) => element.getAttribute(name) ?? undefined;
  const maxAttrChars = text('max-attr-chars');
  const rankdir = text('rankdir');
  // `lang` is an HTML attribute of every element: one gradviz has no words for falls back to the browser's.
  const lang = langOfLocale(text('lang'));
  const depth = text('depth');
  return {
    showAttrs: element.hasAttribute('show-attrs'),
    showSaved: element.hasAttribute('show-saved'),
    ...(element.hasAttribute('gradients') ? { gradients: true } : {}),
    ...(maxAttrChars !== undefined ? { maxAttrChars: Number(maxAttrChars) } : {}),
    ...(rankdir !== undefined ? { rankdir: rankdir as MakeDotOptions['rankdir'] } : {}),
    ...(lang !== undefined ? { lang } : {}),
    // `depth="flat"` is the whole drawing; a number is how many levels of groups start unfolded.
    ...(depth !== undefined ? { depth: depth === 'flat' ? Infinity : Number(depth) } : {}),
  };
}

export class GradvizGraphElement extends HTMLElement {
  static readonly observedAttributes = ['src', 'show-attrs', 'show-saved', 'max-attr-chars', 'rankdir', 'depth', 'lang', 'gradients'];
  /** The viewer once drawn. */
  viewer: Viewer | undefined;
  // Each load gets a number, so a slow fetch cannot overwrite a later one.
  #loads = 0;

  connectedCallback(): void {
    // Defined before the parser reached it (a second graph in one notebook), the element connects
    // before its inline JSON child is parsed: wait for the document to be parsed.
    const document = this.ownerDocument;
    if (document.readyState === 'loading' && !this.hasAttribute('src') && this.querySelector(':scope > script[type="application/json"]') === null) {
      document.addEventListener('DOMContentLoaded', () => void this.#load(), { once: true });
      return;
    }
    void this.#load();
  }

  attributeChangedCallback(_name: string, previous: string | null, next: string | null): void {
    // Values present at parse time are read by connectedCallback; later changes reload.
    if (previous !== next && this.#loads > 0 && this.isConnected) void this.#load();
  }

  async #readJson(): Promise<unknown> {
    const src = this.getAttribute('src');
    if (src !== null) {
      const url = new URL(src, this.ownerDocument.baseURI);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`cannot load '${src}': ${response.status} ${response.statusText}`);
      return response.json();
    }
    const inline = this.querySelector(':scope > script[type="application/json"]');
    if (inline === null) throw new Error('give it src="graph.json" or a <script type="application/json"> child holding the graph');
    return JSON.parse(inline.textContent ?? '');
  }

  async #load(): Promise<void> {
    const load = ++this.#loads;
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const style = this.ownerDocument.createElement('style');
    style.textContent = HOST_CSS + VIEWER_CSS;
    try {
      const json = await this.#readJson();
      if (load !== this.#loads) return;
      const data = drawableGraph(json, optionsFrom(this));
      root.replaceChildren(style);
      const title = this.getAttribute('label') ?? undefined;
      this.viewer = new Viewer(root, data, (canvas) => renderInto(canvas, drawGraph(data.layout, data.graph)), {
        ...(title !== undefined ? { title } : {}),
        ...(data.folding !== undefined ? { folding: data.folding } : {}),
      });
      this.dispatchEvent(new CustomEvent('gradviz-ready'));
    } catch (error) {
      if (load !== this.#loads) return;
      const message = this.ownerDocument.createElement('p');
      message.className = 'gv-load-error';
      message.textContent = `gradviz-graph: ${error instanceof Error ? error.message : String(error)}`;
      root.replaceChildren(style, message);
      this.viewer = undefined;
      this.dispatchEvent(new CustomEvent('gradviz-error', { detail: error }));
    }
  }
}

if (!customElements.get('gradviz-graph')) customElements.define('gradviz-graph', GradvizGraphElement);
