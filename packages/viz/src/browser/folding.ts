/**
 * Folding and unfolding in a page. The page keeps no model of the graph of its own: it runs the
 * pipeline on the snapshot the page carries (drawing, diagnosis), and each click re-runs the later
 * stages (groups, layout, drawing) through fold, unfold and reveal.
 */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { drawSnapshot } from '../drawing.js';
import type { FoldingJson } from '../make-dot.js';
import { type Foldable, GroupedDrawing } from '../picture.js';
import { drawGraph, renderInto } from '../render/index.js';

/** Where a viewer gets the graph it folds: built on first use, at most once. */
export type FoldingSource = () => Foldable;

/** What a viewer needs to fold and unfold: the graph, and how to draw a fold state into its canvas. */
export interface Folding {
  readonly source: FoldingSource;
  readonly draw: (canvas: HTMLElement, graph: Foldable) => SVGSVGElement;
}

/** Draws a fold state's picture into the canvas, replacing the SVG there. */
export function drawFoldState(canvas: HTMLElement, graph: Foldable): SVGSVGElement {
  return renderInto(canvas, drawGraph(graph.layout(), graph.picture));
}

/** Folding for toJSON() output of a folded picture, redrawn from its snapshot; undefined for a flat picture. */
export function foldingFromJson(json: { readonly snapshot: GraphSnapshot; readonly folding?: FoldingJson }): Folding | undefined {
  const folding = json.folding;
  if (folding === undefined) return undefined;
  let graph: Foldable | undefined;
  const source = () => {
    // A page from before pictures had a language is English.
    const options = { ...folding.options, lang: folding.options.lang ?? 'en' };
    graph ??= new GroupedDrawing(json.snapshot, drawSnapshot(json.snapshot, options).graph).at(folding.depth).withFolding(folding.unfolded);
    return graph;
  };
  return { source, draw: drawFoldState };
}
