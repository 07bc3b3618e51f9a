/**
 * Layout of a picture with clusters: each frame laid out on its own with dagre, innermost first,
 * and placed as one box in its parent's layout, so dagre never sees the whole graph. Frames with
 * the same sizes and links (the 24 identical blocks of a transformer) share one layout: it is
 * computed once and kept in a cache that later fold states reuse. Browser-safe (no worker): every
 * frame is small, as the groups stage keeps groups small.
 */
import type { VizGraph } from '../graph.js';
import { measureBox } from './box-metrics.js';
import { type Frame, type Frames, buildFrames } from './cluster-frames.js';
import type { DagreInput } from './dagre-run.js';
import { runDagre } from './dagre-run.js';
import { LayoutTooDeepError, isStackOverflow } from './errors.js';
import { spreadParallelEdges } from './parallel-edges.js';
import { textWidth } from './text-metrics.js';
import type { LaidOutCluster, LaidOutEdge, LaidOutGraph, LaidOutNode, LayoutOptions, Point } from './types.js';

/** Space between a frame's border and what it holds. */
export const CLUSTER_PADDING = 10;
export const CLUSTER_FONT_SIZE = 10;
export const CLUSTER_LINE_HEIGHT = 13;
/** Ports are points: dagre needs a size, the drawing never shows them. */
const PORT_SIZE = 2;
const DEFAULTS = { nodesep: 18, ranksep: 24, edgesep: 10, margin: 8 } as const;

/** One frame laid out: item corners and link points relative to the frame's content, margins included. */
export interface FrameLayout {
  readonly width: number;
  readonly height: number;
  readonly items: readonly Point[];
  readonly links: readonly (readonly Point[])[];
}

/** Frame layouts by their sizes and links; pass the same cache to reuse them across fold states. */
export type FrameLayoutCache = Map<string, FrameLayout>;

interface Size {
  readonly width: number;
  readonly height: number;
}

function labelHeight(lines: number): number {
  return lines === 0 ? 0 : lines * CLUSTER_LINE_HEIGHT + 2;
}

/** Lays one frame out with dagre, or takes its layout from the cache. */
function layOutFrame(frame: Frame, sizes: readonly Size[], input: Omit<DagreInput, 'nodes' | 'edges'>, cache: FrameLayoutCache): FrameLayout {
  const key = `${input.rankdir} ${input.margin}|${sizes.map((s) => `${s.width},${s.height}`).join(';')}|${frame.links.map((l) => `${l.from},${l.to}`).join(';')}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const dagreInput: DagreInput = {
    ...input,
    nodes: sizes.map((size, i) => ({ id: String(i), ...size })),
    edges: frame.links.map((link) => ({ from: String(link.from), to: String(link.to) })),
  };
  let output;
  try {
    output = runDagre(dagreInput);
  } catch (error) {
    if (isStackOverflow(error)) throw new LayoutTooDeepError(sizes.length, undefined);
    throw error;
  }
  const boxes: LaidOutNode[] = sizes.map((size, i) => ({ id: String(i), x: output.nodes[i]!.x - size.width / 2, y: output.nodes[i]!.y - size.height / 2, ...size }));
  const routes: LaidOutEdge[] = frame.links.map((link, i) => ({ from: String(link.from), to: String(link.to), points: output.edges[i]!.points }));
  const layout: FrameLayout = { width: output.width, height: output.height, items: boxes, links: spreadParallelEdges(routes, boxes).map((route) => route.points) };
  cache.set(key, layout);
  return layout;
}

function translate(points: readonly Point[], by: Point): Point[] {
  return points.map((p) => ({ x: p.x + by.x, y: p.y + by.y }));
}

/**
 * Places every box, frame and arrow of a picture with clusters. Arrows that cross frames are
 * routed through the frames' ports and drawn as one line from box to box.
 */
export function layoutClusters(graph: VizGraph, options: LayoutOptions = {}, cache: FrameLayoutCache = new Map()): LaidOutGraph {
  const frames: Frames = buildFrames(graph);
  const clusters = graph.clusters ?? [];
  const rankdir = options.rankdir ?? graph.rankdir;
  const spacing = {
    rankdir,
    nodesep: options.nodesep ?? DEFAULTS.nodesep,
    ranksep: options.ranksep ?? DEFAULTS.ranksep,
    edgesep: options.edgesep ?? DEFAULTS.edgesep,
  };
  const count = frames.frames.length;
  const layouts: FrameLayout[] = new Array(count);
  const frameSize: Size[] = new Array(count);
  const contentOffset: Point[] = new Array(count);
  // Innermost first: a frame's size is known before its parent is laid out.
  const order = frames.frames.map((_, f) => f).sort((a, b) => frames.frames[b]!.depth - frames.frames[a]!.depth);
  for (const f of order) {
    const frame = frames.frames[f]!;
    const sizes = frame.items.map((item): Size => {
      if (item.kind === 'node') {
        const { width, height } = measureBox(graph.nodes[item.node]!);
        return { width, height };
      }
      return item.kind === 'frame' ? frameSize[item.frame]! : { width: PORT_SIZE, height: PORT_SIZE };
    });
    const layout = layOutFrame(frame, sizes, { ...spacing, margin: f === 0 ? (options.margin ?? DEFAULTS.margin) : 0 }, cache);
    layouts[f] = layout;
    if (f === 0) continue;
    const lines = clusters[frame.cluster]!.lines;
    const labelWidth = Math.max(0, ...lines.map((line) => textWidth(line, CLUSTER_FONT_SIZE)));
    const width = Math.max(layout.width, labelWidth) + 2 * CLUSTER_PADDING;
    const top = CLUSTER_PADDING + labelHeight(lines.length);
    frameSize[f] = { width, height: layout.height + top + CLUSTER_PADDING };
    contentOffset[f] = { x: (width - layout.width) / 2, y: top };
  }

  // Outermost first: each frame's content origin from where its parent placed it.
  const origin: Point[] = new Array(count);
  origin[0] = { x: 0, y: 0 };
  const nodes: LaidOutNode[] = new Array(graph.nodes.length);
  const placedClusters: LaidOutCluster[] = new Array(clusters.length);
  for (let i = order.length - 1; i >= 0; i--) {
    const f = order[i]!;
    const frame = frames.frames[f]!;
    const at = origin[f]!;
    frame.items.forEach((item, k) => {
      const corner = layouts[f]!.items[k]!;
      const x = at.x + corner.x;
      const y = at.y + corner.y;
      if (item.kind === 'node') {
        const { width, height } = measureBox(graph.nodes[item.node]!);
        nodes[item.node] = { id: graph.nodes[item.node]!.id, x, y, width, height };
      } else if (item.kind === 'frame') {
        const size = frameSize[item.frame]!;
        const cluster = frames.frames[item.frame]!.cluster;
        placedClusters[cluster] = { id: clusters[cluster]!.id, x, y, ...size };
        origin[item.frame] = { x: x + contentOffset[item.frame]!.x, y: y + contentOffset[item.frame]!.y };
      }
    });
  }

  // A port sits on the frame's first or last rank; the arrow crosses the border straight above or below it.
  const borderAt = (f: number, port: Point, role: 'exit' | 'enter'): Point => {
    const box = placedClusters[frames.frames[f]!.cluster]!;
    const far = (role === 'exit') === (rankdir === 'TB' || rankdir === 'LR');
    if (rankdir === 'TB' || rankdir === 'BT') return { x: port.x, y: far ? box.y + box.height : box.y };
    return { x: far ? box.x + box.width : box.x, y: port.y };
  };
  const edges: LaidOutEdge[] = graph.edges.map((edge, e) => {
    const points: Point[] = [];
    const segments = frames.segments[e]!;
    segments.forEach((segment, i) => {
      const route = translate(layouts[segment.frame]!.links[segment.link]!, origin[segment.frame]!);
      // The piece before or after a port ends or starts on the border, where borderAt put the crossing.
      if (segments[i - 1]?.role === 'exit') route.shift();
      if (segments[i + 1]?.role === 'enter') route.pop();
      if (segment.role === 'enter') route.unshift(borderAt(segment.frame, route[0]!, 'enter'));
      if (segment.role === 'exit') route.push(borderAt(segment.frame, route[route.length - 1]!, 'exit'));
      points.push(...route);
    });
    return { from: edge.from, to: edge.to, points };
  });
  const root = layouts[0]!;
  return { width: root.width, height: root.height, rankdir, nodes, edges, clusters: placedClusters };
}
