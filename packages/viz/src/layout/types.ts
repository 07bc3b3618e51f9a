import type { RankDir } from '../graph.js';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A placed box; `x`, `y` is its top-left corner. Same order and ids as the VizGraph's nodes. */
export interface LaidOutNode {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A routed edge: from the border of `from`'s box to the border of `to`'s. Same order as the VizGraph's edges. */
export interface LaidOutEdge {
  readonly from: string;
  readonly to: string;
  readonly points: readonly Point[];
}

/** An unfolded group's frame; `x`, `y` is its top-left corner. Same order and ids as the VizGraph's clusters. */
export interface LaidOutCluster {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Plain data: everything the drawing needs to know about positions, nothing about looks. */
export interface LaidOutGraph {
  /** Size of the graph area, margins included (the legend is added by the drawing). */
  readonly width: number;
  readonly height: number;
  readonly rankdir: RankDir;
  readonly nodes: readonly LaidOutNode[];
  readonly edges: readonly LaidOutEdge[];
  /** Frames of unfolded groups, when the picture has some. */
  readonly clusters?: readonly LaidOutCluster[];
}

/** Spacing in SVG user units (1 unit = 1 CSS px). */
export interface LayoutOptions {
  /** Overrides the graph's own rankdir. */
  readonly rankdir?: RankDir;
  /** Between boxes of the same rank. */
  readonly nodesep?: number;
  /** Between ranks. */
  readonly ranksep?: number;
  /** Between parallel edges. */
  readonly edgesep?: number;
  /** Around the whole graph. */
  readonly margin?: number;
}

/** Node's layout runs large graphs on a worker thread with a raised stack; these tune that. */
export interface NodeLayoutOptions extends LayoutOptions {
  /** Graphs with more nodes go straight to a worker. Default {@link IN_PROCESS_MAX_NODES}. */
  readonly inProcessMaxNodes?: number;
  /** The worker's stack; by default sized from the node count (see `stackSizeFor`). */
  readonly stackSizeMb?: number;
  /** Upper bound for the automatic stack size. Default 512. */
  readonly maxStackSizeMb?: number;
  /** Give up on a worker after this long. Default 300,000 (5 minutes). */
  readonly timeoutMs?: number;
}
