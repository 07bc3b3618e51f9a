/**
 * The picture before layout: boxes and arrows with their text and colours. Built from a snapshot
 * (torchviz's nodes and edges, plus gradviz's marks for broken chains); laid out by `layout/`,
 * drawn by `render/`, written as DOT by `dot.ts`.
 */
import type { Lang } from './messages/index.js';

/** Graphviz colour names torchviz uses; `render/` maps them to CSS colours. */
export type FillName = 'lightgrey' | 'lightblue' | 'darkolivegreen1' | 'darkolivegreen3' | 'orange' | 'white';

export type VizNodeKind =
  /** A backward node (`MulBackward0`, `AccumulateGrad`). */
  | 'gradFn'
  /** The leaf tensor of an AccumulateGrad node. */
  | 'leaf'
  /** An output tensor passed to makeDot. */
  | 'output'
  /** The base of an output that is a view (torchviz's darkolivegreen3). */
  | 'base'
  /** A saved tensor hanging from its node (show_saved). */
  | 'saved'
  /** gradviz: a named param that is not a leaf, drawn beside the node that made it. */
  | 'param'
  /** gradviz: a named param that does not reach the outputs, drawn dashed. */
  | 'ghost'
  /** gradviz: a folded group (a module call, a repeat, a part) standing for the boxes inside it. */
  | 'group';

export interface VizNode {
  /** Unique in the graph; also the SVG element's `data-key`. */
  readonly id: string;
  readonly kind: VizNodeKind;
  /** Label lines, top to bottom (torchviz's label split at `\n`). Drawn in a monospace font. */
  readonly lines: readonly string[];
  readonly fill: FillName;
  /** Marked as where the chain to a leaf breaks: red border. */
  readonly broken?: boolean;
  /** The leaf that really receives the gradient although nothing names it: highlighted border. */
  readonly receivesGrad?: boolean;
  /** Dashed border: a param outside the graph. */
  readonly ghost?: boolean;
  /** A short tag drawn on the box, e.g. `not a leaf` or `gradient goes here`. */
  readonly badge?: string;
  /** Hover details, in order: dtype, shape, saved values, source line, module... */
  readonly details?: readonly (readonly [string, string])[];
  /** The whole label, when the lines had to cut it (also the last details row). */
  readonly fullLabel?: string;
  /** The nn.Module path that made it, for grouping. */
  readonly module?: string;
  /** Snapshot ids this box stands for. */
  readonly tensor?: number;
  readonly node?: number;
  /** gradviz (makeDot's `gradients`): the `.grad` of the leaf this box stands for, or a folded group's total. */
  readonly gradient?: GradientMark;
  /** A folded group's box: the id of the group it stands for. */
  readonly group?: string;
  /** The unfolded group (a cluster of the picture) it is drawn in; absent when it is drawn in none. */
  readonly cluster?: string;
}

/**
 * What a label may show. Longer text is cut with an ellipsis and the whole label goes in the hover
 * details, so the SVG, the DOT and the HTML page stay readable (and linear in size) whatever the
 * names in a snapshot are.
 */
export const MAX_LABEL_CHARS = 120;
export const MAX_LABEL_LINES = 50;
/** A legend sentence (a finding's text, or its fix): longer ones are cut where they are drawn. */
export const MAX_LEGEND_CHARS = 1000;

/** `text` cut to at most `max` code points, the last of them an ellipsis. Linear, and fast when nothing is cut. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let index = 0;
  let cut = 0;
  for (let count = 0; index < text.length; count++) {
    if (count === max) return `${text.slice(0, cut)}\u2026`;
    if (count === max - 1) cut = index;
    index += text.codePointAt(index)! > 0xffff ? 2 : 1;
  }
  return text;
}

/** torchviz's label as a box shows it: its lines, each and their number within the limits; `clipped` when something was cut. */
export function labelLines(label: string): { lines: string[]; clipped: boolean } {
  const all = label.split('\n');
  const lines = all.length > MAX_LABEL_LINES ? [...all.slice(0, MAX_LABEL_LINES - 1), `\u2026 ${(all.length - MAX_LABEL_LINES + 1).toLocaleString('en-US')} more lines`] : all;
  const shown = lines.map((line) => clipText(line, MAX_LABEL_CHARS));
  return { lines: shown, clipped: lines !== all || shown.some((line, i) => line !== lines[i]) };
}

/** The label lines a box shows, trimmed, without the empty ones (an unnamed tensor's label starts with one). */
export function visibleLines(node: VizNode): string[] {
  return node.lines.map((line) => line.trim()).filter((line) => line !== '');
}

export type VizEdgeKind =
  /** Gradient flow between nodes (drawn from input toward output, as torchviz does). */
  | 'flow'
  /** A saved tensor hanging from its node: no arrow head. */
  | 'saved'
  /** An output view and its base: dotted. */
  | 'view'
  /** gradviz: a param attached to the node that made it. */
  | 'param'
  /** gradviz: where a cut param's value entered the graph as a constant: dashed. */
  | 'cut';

export interface VizEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: VizEdgeKind;
  /** False for torchviz's `dir=none` edges. */
  readonly arrow: boolean;
  readonly style: 'solid' | 'dotted' | 'dashed';
  /** Drawn red: the chain is broken here. */
  readonly broken?: boolean;
  /** An arrow to or from a folded group: how many arrows of the full graph it stands for. */
  readonly count?: number;
  /** gradviz (makeDot's `gradients`): the gradient that flowed along it; for a merged arrow, the largest. */
  readonly gradient?: GradientMark;
}

/** How big a gradient was, for the picture: its norm and where it sits on the graph's log scale. */
export interface GradientMark {
  /** L2 norm of its finite elements. */
  readonly norm: number;
  /** `zero`: every element exactly 0; `nonFinite`: some NaN or Inf. */
  readonly state: 'finite' | 'zero' | 'nonFinite';
  /** CSS colour on the scale (finite); grey (zero); the theme's broken colour is used for nonFinite. */
  readonly colour: string;
  /** Stroke width, wider for larger gradients. */
  readonly width: number;
}

/** An unfolded group: a labelled frame around its boxes. */
export interface VizCluster {
  /** The group's id (also the SVG element's `data-group`). */
  readonly id: string;
  /** The label at the frame's top. */
  readonly lines: readonly string[];
  /** The cluster it is drawn in; absent at the top. Parents come before their children. */
  readonly parent?: string;
  /** Hover details, as a box's. */
  readonly details?: readonly (readonly [string, string])[];
}

export interface LegendEntry {
  /** One sentence: what is wrong, in plain words. */
  readonly text: string;
  /** One sentence: how to fix it. */
  readonly fix?: string;
  readonly severity: 'error' | 'warning' | 'info';
}

/** The legend's colour bar: the smallest and largest nonzero finite norm drawn, and its words. */
export interface GradientScaleLegend {
  readonly min: number;
  readonly max: number;
  /** The bar's title, what the two marks outside it mean, and each tick's text by value. */
  readonly title: string;
  readonly zero: string;
  readonly nonFinite: string;
  readonly ticks: readonly (readonly [value: number, text: string])[];
}

/** One param in the gradient-flow chart. */
export interface GradientChartRow {
  readonly name: string;
  /** The id of the param's box in the flat drawing. */
  readonly box: string;
  readonly meanAbs: number;
  readonly maxAbs: number;
  readonly state: GradientMark['state'];
}

export type RankDir = 'TB' | 'BT' | 'LR' | 'RL';

export interface VizGraph {
  readonly nodes: readonly VizNode[];
  readonly edges: readonly VizEdge[];
  readonly rankdir: RankDir;
  /** Shown under the graph; empty when nothing is wrong. */
  readonly legend: readonly LegendEntry[];
  /** The language its words are in (the legend's "Fix:" too); English when absent. */
  readonly lang?: Lang;
  /** Unfolded groups drawn as frames (see `groups/`); absent in the flat drawing. */
  readonly clusters?: readonly VizCluster[];
  /** makeDot's `gradients`: the colour bar under the graph. */
  readonly gradientScale?: GradientScaleLegend;
  /** makeDot's `gradients`: the per-layer gradient-flow chart's rows, from the input side to the output. */
  readonly gradientChart?: readonly GradientChartRow[];
}
