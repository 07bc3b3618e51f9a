/**
 * The first stages of the pipeline on a snapshot: torchviz's drawing, the diagnosis, and the marks
 * that put the diagnosis into the picture. makeDot runs them on the server, a page on its own
 * snapshot when it folds and unfolds groups.
 */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { annotate } from './annotate.js';
import { diagnose, type Finding } from './diagnose.js';
import type { RankDir, VizGraph } from './graph.js';
import { diagnoseGradientFlow, drawGradients } from './gradients/index.js';
import type { Lang } from './messages/index.js';
import { torchvizDrawing } from './torchviz.js';

/** makeDot's options that change the drawing, checked. */
export interface DrawingOptions {
  readonly showAttrs: boolean;
  readonly showSaved: boolean;
  readonly maxAttrChars: number;
  readonly rankdir: RankDir;
  readonly sourceRoot?: string;
  /** The language of the findings, badges, hover details and legend. */
  readonly lang: Lang;
  /** Colour arrows and leaves by the gradient that flowed (the snapshot's `gradients`), with its findings. */
  readonly gradients?: boolean;
}

export interface Drawn {
  /** Every box and arrow, marks and legend included: the flat drawing. */
  readonly graph: VizGraph;
  readonly diagnostics: readonly Finding[];
  /** How many statements torchviz wrote: the DOT graph's size comes from it. */
  readonly statementCount: number;
}

export function drawSnapshot(snapshot: GraphSnapshot, options: DrawingOptions): Drawn {
  const drawing = torchvizDrawing(snapshot, options);
  const gradients = options.gradients ? diagnoseGradientFlow(snapshot, options.lang) : undefined;
  const diagnostics = [...diagnose(snapshot, { lang: options.lang }), ...(gradients?.findings ?? [])];
  const graph = annotate(snapshot, drawing, diagnostics, { rankdir: options.rankdir, lang: options.lang, ...(options.sourceRoot !== undefined ? { sourceRoot: options.sourceRoot } : {}) });
  return { graph: gradients ? drawGradients(graph, gradients, options.lang) : graph, diagnostics, statementCount: drawing.statementCount };
}
