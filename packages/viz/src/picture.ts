/**
 * The later stages of the pipeline for one drawing — groups, folding, layout — shared by every fold
 * state made from it: the group tree is built once, and frame layouts are cached, so an unfold only
 * lays out what it opened. No engine code: pages run this on their own.
 */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import type { VizGraph } from './graph.js';
import { type GroupTree, checkUnfolded, defaultDepth, foldGraph, foldGroup, groupGraph, revealBox, unfoldGroup, unfoldedToDepth } from './groups/index.js';
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

/** A drawing and what every fold state of it shares. */
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

  /** The fold state at `depth`: undefined for the flat drawing. */
  at(depth: number): FoldedPicture {
    return new FoldedPicture(this, depth === Infinity ? undefined : unfoldedToDepth(this.tree, depth));
  }
}

/** What a viewer folds and unfolds: a GradvizGraph, or a FoldedPicture a page made on its own. */
export interface Foldable {
  /** Every box: the flat drawing. */
  readonly graph: VizGraph;
  /** What is drawn at this fold state. */
  readonly picture: VizGraph;
  readonly unfolded: ReadonlySet<string> | undefined;
  layout(): LaidOutGraph;
  unfold(id: string): Foldable;
  fold(id: string): Foldable;
  reveal(id: string): Foldable;
}

/** One fold state of a drawing: which groups are open, the picture that makes, and its layout. */
export class FoldedPicture implements Foldable {
  readonly drawing: GroupedDrawing;
  /** The ids of the unfolded groups; undefined for the flat drawing. */
  readonly unfolded: ReadonlySet<string> | undefined;
  #picture: VizGraph | undefined;
  #layout: LaidOutGraph | undefined;

  constructor(drawing: GroupedDrawing, unfolded: ReadonlySet<string> | undefined) {
    this.drawing = drawing;
    this.unfolded = unfolded;
  }

  get graph(): VizGraph {
    return this.drawing.graph;
  }

  get picture(): VizGraph {
    this.#picture ??= this.unfolded === undefined ? this.graph : foldGraph(this.graph, this.drawing.snapshot, this.drawing.tree, this.unfolded);
    return this.#picture;
  }

  /** The flat drawing is laid out as a whole (on a worker in Node when large); a folded one frame by frame. */
  layout(): LaidOutGraph {
    this.#layout ??= this.picture === this.graph ? layoutGraph(this.picture) : layoutClusters(this.picture, {}, this.drawing.frames);
    return this.#layout;
  }

  withFolding(unfolded: Iterable<string>): FoldedPicture {
    return new FoldedPicture(this.drawing, checkUnfolded(this.drawing.tree, unfolded));
  }

  unfold(id: string): FoldedPicture {
    return new FoldedPicture(this.drawing, unfoldGroup(this.drawing.tree, this.unfolded ?? new Set(), id));
  }

  fold(id: string): FoldedPicture {
    return new FoldedPicture(this.drawing, foldGroup(this.drawing.tree, this.unfolded ?? new Set(), id));
  }

  /** Every group around box `id` (of the full graph) unfolded, so that the box shows; this picture if it already does. */
  reveal(id: string): FoldedPicture {
    if (this.unfolded === undefined || this.picture.nodes.some((node) => node.id === id)) return this;
    const box = this.graph.nodes.findIndex((node) => node.id === id);
    if (box < 0) throw new TypeError(`reveal(): the graph has no box ${JSON.stringify(id)}`);
    return new FoldedPicture(this.drawing, revealBox(this.drawing.tree, this.unfolded, box));
  }
}
