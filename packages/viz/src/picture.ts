/**
 * The later stages of the pipeline for one drawing — groups, folding, layout — shared by a
 * GradvizGraph and every fold state made from it: the group tree is built once, and frame layouts
 * are cached, so an unfold only lays out what it opened.
 */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import type { VizGraph } from './graph.js';
import { type GroupTree, defaultDepth, foldGraph, groupGraph, unfoldedToDepth } from './groups/index.js';
import { type FrameLayoutCache, layoutClusters } from './layout/cluster-layout.js';
import { layoutGraph } from '#layout';
import type { LaidOutGraph } from './layout/types.js';

/** Up to this many boxes the default picture of a graph with modules is the flat one, as torchviz draws it. */
export const FLAT_MAX_BOXES = 200;
/**
 * Without modules, gradviz's own groups (repeats, parts) are all there is to fold, and they say
 * less than module names: the flat drawing stays the default up to where its layout gets slow.
 */
export const FLAT_MAX_BOXES_WITHOUT_MODULES = 2000;
/** Above that, the default depth is the deepest that shows at most this many boxes and frames. */
export const DEFAULT_PICTURE_BUDGET = 150;

export class GroupedDrawing {
  readonly snapshot: GraphSnapshot;
  readonly graph: VizGraph;
  readonly frames: FrameLayoutCache = new Map();
  #tree: GroupTree | undefined;

  constructor(snapshot: GraphSnapshot, graph: VizGraph) {
    this.snapshot = snapshot;
    this.graph = graph;
  }

  get tree(): GroupTree {
    this.#tree ??= groupGraph(this.snapshot, this.graph);
    return this.#tree;
  }

  /** The depth asked for, or the default: flat for a small graph, else within the budget. */
  depth(asked: number | undefined): number {
    if (asked !== undefined) return asked;
    const hasModules = this.snapshot.moduleCalls !== undefined || this.snapshot.nodes.some((node) => node.module !== undefined);
    const flatMaxBoxes = hasModules ? FLAT_MAX_BOXES : FLAT_MAX_BOXES_WITHOUT_MODULES;
    if (this.graph.nodes.length <= flatMaxBoxes) return Infinity;
    return defaultDepth(this.tree, { flatMaxBoxes, budget: DEFAULT_PICTURE_BUDGET });
  }

  /** The fold state at `depth`; undefined for the flat drawing. */
  unfoldedAt(depth: number): ReadonlySet<string> | undefined {
    return depth === Infinity ? undefined : unfoldedToDepth(this.tree, depth);
  }

  picture(unfolded: ReadonlySet<string> | undefined): VizGraph {
    return unfolded === undefined ? this.graph : foldGraph(this.graph, this.snapshot, this.tree, unfolded);
  }

  /** The flat drawing is laid out as a whole (on a worker in Node when large); a folded one frame by frame. */
  layout(picture: VizGraph): LaidOutGraph {
    return picture === this.graph ? layoutGraph(picture) : layoutClusters(picture, {}, this.frames);
  }
}
