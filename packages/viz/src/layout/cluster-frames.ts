/**
 * A picture with clusters as frames: the root and each cluster is a frame holding its own boxes,
 * its child clusters (one item each) and, when arrows cross its border, an in-port and an
 * out-port. Every arrow of the picture becomes a chain of arrows between items of single frames:
 * out of each frame it leaves, across the frame where its ends meet, into each frame it enters.
 */
import type { VizGraph } from '../graph.js';

export type FrameItem =
  | { readonly kind: 'node'; readonly node: number }
  | { readonly kind: 'frame'; readonly frame: number }
  | { readonly kind: 'in' }
  | { readonly kind: 'out' };

export interface Frame {
  /** -1 for the root frame. */
  readonly parent: number;
  readonly depth: number;
  /** The cluster's index in `graph.clusters`; -1 for the root. */
  readonly cluster: number;
  readonly items: FrameItem[];
  /** Arrows between items, by local index. */
  readonly links: { readonly from: number; readonly to: number }[];
}

/** One piece of a picture arrow: link `link` of frame `frame`. */
export interface Segment {
  readonly frame: number;
  readonly link: number;
  /** Leaves the frame through its out-port, enters it through its in-port, or joins two items of it. */
  readonly role: 'exit' | 'across' | 'enter';
}

export interface Frames {
  readonly frames: readonly Frame[];
  /** Each node's frame and its index among that frame's items. */
  readonly nodeFrame: Int32Array;
  readonly nodeItem: Int32Array;
  /** Each cluster frame's index among its parent's items (-1 for the root). */
  readonly frameItem: Int32Array;
  /** For each picture arrow, its pieces from its start to its end. */
  readonly segments: readonly (readonly Segment[])[];
}

class FrameBuilder {
  readonly frames: Frame[] = [];
  readonly frameItem: Int32Array;
  readonly #ports = new Map<string, number>();
  readonly #lifted = new Map<string, number>();

  constructor(graph: VizGraph) {
    const clusters = graph.clusters ?? [];
    this.frameItem = new Int32Array(clusters.length + 1).fill(-1);
    const frameOf = new Map(clusters.map((cluster, i) => [cluster.id, i + 1]));
    this.frames.push({ parent: -1, depth: 0, cluster: -1, items: [], links: [] });
    clusters.forEach((cluster, i) => {
      const parent = cluster.parent === undefined ? 0 : frameOf.get(cluster.parent);
      if (parent === undefined || parent > i) throw new Error(`VizGraph cluster ${JSON.stringify(cluster.id)} names no earlier cluster ${JSON.stringify(cluster.parent)} as its parent`);
      this.frames.push({ parent, depth: this.frames[parent]!.depth + 1, cluster: i, items: [], links: [] });
    });
    this.frameOf = (id) => {
      if (id === undefined) return 0;
      const frame = frameOf.get(id);
      if (frame === undefined) throw new Error(`VizGraph box names no cluster ${JSON.stringify(id)}`);
      return frame;
    };
  }

  readonly frameOf: (id: string | undefined) => number;

  /** Makes sure cluster frame `frame` is an item of its parent, and its parent of its own, and so on. */
  listFrame(frame: number): void {
    while (frame > 0 && this.frameItem[frame]! < 0) {
      const parent = this.frames[frame]!.parent;
      this.frameItem[frame] = this.frames[parent]!.items.push({ kind: 'frame', frame }) - 1;
      frame = parent;
    }
  }

  port(frame: number, kind: 'in' | 'out'): number {
    const key = `${frame}${kind}`;
    let item = this.#ports.get(key);
    if (item === undefined) {
      item = this.frames[frame]!.items.push({ kind }) - 1;
      this.#ports.set(key, item);
    }
    return item;
  }

  /** A link between items; links that stand for several arrows (ports, folded ends) are made once. */
  link(frame: number, from: number, to: number, shared: boolean): number {
    const links = this.frames[frame]!.links;
    if (!shared) return links.push({ from, to }) - 1;
    const key = `${frame},${from},${to}`;
    let link = this.#lifted.get(key);
    if (link === undefined) {
      link = links.push({ from, to }) - 1;
      this.#lifted.set(key, link);
    }
    return link;
  }
}

export function buildFrames(graph: VizGraph): Frames {
  const builder = new FrameBuilder(graph);
  const { frames, frameItem } = builder;
  const nodeFrame = new Int32Array(graph.nodes.length);
  const nodeItem = new Int32Array(graph.nodes.length);
  const index = new Map<string, number>();
  // Items in order of first appearance: a cluster takes the place of its first box.
  graph.nodes.forEach((node, n) => {
    if (index.has(node.id)) throw new Error(`VizGraph has two nodes with id ${JSON.stringify(node.id)}`);
    index.set(node.id, n);
    const frame = builder.frameOf(node.cluster);
    builder.listFrame(frame);
    nodeFrame[n] = frame;
    nodeItem[n] = frames[frame]!.items.push({ kind: 'node', node: n }) - 1;
  });
  const segments = graph.edges.map((edge) => {
    const u = index.get(edge.from);
    const v = index.get(edge.to);
    if (u === undefined || v === undefined) throw new Error(`VizGraph edge ${edge.from} -> ${edge.to} names no node ${JSON.stringify(u === undefined ? edge.from : edge.to)}`);
    let [fu, fv] = [nodeFrame[u]!, nodeFrame[v]!];
    let [itemU, itemV] = [nodeItem[u]!, nodeItem[v]!];
    const up: Segment[] = [];
    const down: Segment[] = [];
    while (fu !== fv) {
      if (frames[fu]!.depth >= frames[fv]!.depth) {
        up.push({ frame: fu, link: builder.link(fu, itemU, builder.port(fu, 'out'), true), role: 'exit' });
        itemU = frameItem[fu]!;
        fu = frames[fu]!.parent;
      } else {
        down.push({ frame: fv, link: builder.link(fv, builder.port(fv, 'in'), itemV, true), role: 'enter' });
        itemV = frameItem[fv]!;
        fv = frames[fv]!.parent;
      }
    }
    const direct = up.length === 0 && down.length === 0 && graph.nodes[u]!.kind !== 'group' && graph.nodes[v]!.kind !== 'group';
    const across: Segment = { frame: fu, link: builder.link(fu, itemU, itemV, !direct), role: 'across' };
    return [...up, across, ...down.reverse()];
  });
  return { frames, nodeFrame, nodeItem, frameItem, segments };
}
