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
import type { DagreInput, DagreOutput } from './dagre-run.js';
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

/** One frame laid out: item corners (a port's is its point) and link points relative to the frame's content, margins included. */
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

/** A port linked to more items than this gets a bus: one line along the frame's side, a short arm to each item. */
const BUS_MIN_LINKS = 4;
/** Room the bus takes beside the frame's content. */
const BUS_GAP = 12;

/** Which ports of a frame get a bus (a weight shared by every step of an RNN feeds every step). */
function busPorts(frame: Frame): { readonly in: number; readonly out: number } {
  const linkCount = (kind: 'in' | 'out') => {
    const port = frame.items.findIndex((item) => item.kind === kind);
    if (port < 0) return -1;
    const links = frame.links.filter((link) => (kind === 'in' ? link.from : link.to) === port).length;
    return links > BUS_MIN_LINKS ? port : -1;
  };
  return { in: linkCount('in'), out: linkCount('out') };
}

type Link = { readonly from: number; readonly to: number };

function dagreLayout(items: readonly number[], links: readonly Link[], sizes: readonly Size[], input: Omit<DagreInput, 'nodes' | 'edges'>): DagreOutput {
  try {
    return runDagre({
      ...input,
      nodes: items.map((i) => ({ id: String(i), ...sizes[i]! })),
      edges: links.map((link) => ({ from: String(link.from), to: String(link.to) })),
    });
  } catch (error) {
    if (isStackOverflow(error)) throw new LayoutTooDeepError(items.length, undefined);
    throw error;
  }
}

/**
 * A frame whose items form one chain (each linked to the next, nothing else: a part of 48 folded
 * blocks in a row) is stacked along the ranks directly, as dagre would place it, without dagre.
 * Undefined for any other shape.
 */
function chainLayout(items: readonly number[], links: readonly Link[], sizes: readonly Size[], input: Omit<DagreInput, 'nodes' | 'edges'>): DagreOutput | undefined {
  if (items.length < 2 || links.length !== items.length - 1) return undefined;
  const next = new Map<number, number>();
  const hasInput = new Set<number>();
  for (const link of links) {
    if (next.has(link.from) || hasInput.has(link.to) || link.from === link.to) return undefined;
    next.set(link.from, link.to);
    hasInput.add(link.to);
  }
  const first = items.find((i) => !hasInput.has(i));
  if (first === undefined) return undefined;
  const chain = [first];
  while (next.has(chain[chain.length - 1]!) && chain.length <= items.length) chain.push(next.get(chain[chain.length - 1]!)!);
  if (chain.length !== items.length) return undefined;
  const vertical = input.rankdir === 'TB' || input.rankdir === 'BT';
  const along = (size: Size) => (vertical ? size.height : size.width);
  const across = Math.max(...chain.map((i) => (vertical ? sizes[i]!.width : sizes[i]!.height)));
  const length = chain.reduce((sum, i) => sum + along(sizes[i]!), 0) + (chain.length - 1) * input.ranksep;
  const reversed = input.rankdir === 'BT' || input.rankdir === 'RL';
  const centre = new Map<number, Point>();
  let at = input.margin;
  for (const i of chain) {
    const mid = at + along(sizes[i]!) / 2;
    const position = reversed ? 2 * input.margin + length - mid : mid;
    centre.set(i, vertical ? { x: input.margin + across / 2, y: position } : { x: position, y: input.margin + across / 2 });
    at += along(sizes[i]!) + input.ranksep;
  }
  // From the side of one box that faces the next, straight to the next box.
  const face = (i: number, towards: number): Point => {
    const c = centre.get(i)!;
    const half = along(sizes[i]!) / 2;
    const sign = Math.sign(towards);
    return vertical ? { x: c.x, y: c.y + sign * half } : { x: c.x + sign * half, y: c.y };
  };
  const coordinate = (p: Point) => (vertical ? p.y : p.x);
  return {
    width: vertical ? across + 2 * input.margin : length + 2 * input.margin,
    height: vertical ? length + 2 * input.margin : across + 2 * input.margin,
    nodes: items.map((i) => centre.get(i)!),
    edges: links.map((link) => {
      const direction = coordinate(centre.get(link.to)!) - coordinate(centre.get(link.from)!);
      return { points: [face(link.from, direction), face(link.to, -direction)] };
    }),
  };
}

/**
 * Runs dagre on a frame, leaving out the ports that get a bus and their links, and returns its
 * answer with room for the buses: the in-bus before the content across the ranks, the out-bus after.
 */
function runFrame(frame: Frame, sizes: readonly Size[], input: Omit<DagreInput, 'nodes' | 'edges'>, bus: { in: number; out: number }): FrameLayout {
  const onBus = (link: Link) => link.from === bus.in || link.to === bus.out;
  const kept = sizes.map((_, i) => i).filter((i) => i !== bus.in && i !== bus.out);
  const keptLinks = frame.links.map((_, i) => i).filter((i) => !onBus(frame.links[i]!));
  const dagreLinks = keptLinks.map((i) => frame.links[i]!);
  const output = chainLayout(kept, dagreLinks, sizes, input) ?? dagreLayout(kept, dagreLinks, sizes, input);
  const across = input.rankdir === 'TB' || input.rankdir === 'BT' ? 'x' : 'y';
  const before = bus.in >= 0 ? BUS_GAP : 0;
  const shift = (p: Point): Point => (across === 'x' ? { x: p.x + before, y: p.y } : { x: p.x, y: p.y + before });
  const width = output.width + (across === 'x' ? before + (bus.out >= 0 ? BUS_GAP : 0) : 0);
  const height = output.height + (across === 'y' ? before + (bus.out >= 0 ? BUS_GAP : 0) : 0);
  const items: Point[] = sizes.map(() => ({ x: 0, y: 0 }));
  const boxes: LaidOutNode[] = [];
  kept.forEach((i, k) => {
    const size = sizes[i]!;
    const corner = shift({ x: output.nodes[k]!.x - size.width / 2, y: output.nodes[k]!.y - size.height / 2 });
    items[i] = corner;
    boxes.push({ id: String(i), ...corner, ...size });
  });
  const routes: LaidOutEdge[] = keptLinks.map((i, k) => ({
    from: String(frame.links[i]!.from),
    to: String(frame.links[i]!.to),
    points: output.edges[k]!.points.map(shift),
  }));
  const links: (readonly Point[])[] = new Array(frame.links.length);
  spreadParallelEdges(routes, boxes).forEach((route, k) => (links[keptLinks[k]!] = route.points));
  // Sources sit at the start of the ranks (the top for TB), sinks at the end.
  const startsLow = input.rankdir === 'TB' || input.rankdir === 'LR';
  const rankLength = across === 'x' ? height : width;
  const rankEnd = (which: 'in' | 'out') => ((which === 'in') === startsLow ? 0 : rankLength);
  const busLine = (which: 'in' | 'out') => (which === 'in' ? BUS_GAP / 2 : (across === 'x' ? width : height) - BUS_GAP / 2);
  const point = (acrossAt: number, alongAt: number): Point => (across === 'x' ? { x: acrossAt, y: alongAt } : { x: alongAt, y: acrossAt });
  frame.links.forEach((link, i) => {
    if (!onBus(link)) return;
    const which = link.from === bus.in ? 'in' : 'out';
    const item = which === 'in' ? link.to : link.from;
    const corner = items[item]!;
    const size = sizes[item]!;
    const middle = across === 'x' ? corner.y + size.height / 2 : corner.x + size.width / 2;
    const side = across === 'x' ? (which === 'in' ? corner.x : corner.x + size.width) : which === 'in' ? corner.y : corner.y + size.height;
    const line = busLine(which);
    const arm = [point(line, rankEnd(which)), point(line, middle), point(side, middle)];
    links[i] = which === 'in' ? arm : arm.reverse();
    items[which === 'in' ? bus.in : bus.out] = point(line, rankEnd(which));
  });
  return { width, height, items, links };
}

/** Lays one frame out with dagre, or takes its layout from the cache. */
function layOutFrame(frame: Frame, sizes: readonly Size[], input: Omit<DagreInput, 'nodes' | 'edges'>, cache: FrameLayoutCache): FrameLayout {
  const key = `${input.rankdir} ${input.margin}|${sizes.map((s) => `${s.width},${s.height}`).join(';')}|${frame.links.map((l) => `${l.from},${l.to}`).join(';')}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const layout = runFrame(frame, sizes, input, busPorts(frame));
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
