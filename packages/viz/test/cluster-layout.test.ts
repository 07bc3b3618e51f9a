/**
 * Layout of folded pictures, checked on engine-built graphs of a few thousand boxes, folded and
 * unfolded: no two boxes overlap, no box spills out of its group's frame, every arrow runs from
 * its box to its box, and every node of the snapshot is drawn exactly once, as a box or inside a
 * folded group's box.
 */
import { snapshot } from '@gradviz/engine';
import { describe, expect, it } from 'vitest';
import type { VizGraph } from '../src/graph.js';
import { groupGraph } from '../src/groups/index.js';
import type { LaidOutGraph, Point } from '../src/layout/types.js';
import { type GradvizGraph, makeDot } from '../src/make-dot.js';
import { blocksFor, buildModel, type ModelName } from './fixtures/models.js';

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const EPSILON = 1e-6;
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width - EPSILON && b.x < a.x + a.width - EPSILON && a.y < b.y + b.height - EPSILON && b.y < a.y + a.height - EPSILON;
const inside = (a: Rect, b: Rect) => a.x >= b.x - EPSILON && a.y >= b.y - EPSILON && a.x + a.width <= b.x + b.width + EPSILON && a.y + a.height <= b.y + b.height + EPSILON;

function onBorder(p: Point, box: Rect, tolerance = 1): boolean {
  const within = p.x >= box.x - tolerance && p.x <= box.x + box.width + tolerance && p.y >= box.y - tolerance && p.y <= box.y + box.height + tolerance;
  const nearSide = Math.abs(p.x - box.x) <= tolerance || Math.abs(p.x - box.x - box.width) <= tolerance || Math.abs(p.y - box.y) <= tolerance || Math.abs(p.y - box.y - box.height) <= tolerance;
  return within && nearSide;
}

/** The clusters around each cluster or box, innermost first. */
function ancestry(picture: VizGraph): (cluster: string | undefined) => string[] {
  const parent = new Map((picture.clusters ?? []).map((c) => [c.id, c.parent]));
  return (cluster) => {
    const chain: string[] = [];
    for (let c = cluster; c !== undefined; c = parent.get(c)) chain.push(c);
    return chain;
  };
}

function expectWellLaidOut(picture: VizGraph, laid: LaidOutGraph): void {
  expect(laid.nodes.map((n) => n.id)).toEqual(picture.nodes.map((n) => n.id));
  const clusters = picture.clusters ?? [];
  expect((laid.clusters ?? []).map((c) => c.id)).toEqual(clusters.map((c) => c.id));
  const frame = new Map((laid.clusters ?? []).map((c) => [c.id, c]));
  const around = ancestry(picture);
  const area = { x: 0, y: 0, width: laid.width, height: laid.height };

  // No box outside its group: each box in its cluster's frame, each frame in its parent's, all in the picture.
  picture.nodes.forEach((node, i) => {
    const box = laid.nodes[i]!;
    for (const value of [box.x, box.y, box.width, box.height]) expect(Number.isFinite(value)).toBe(true);
    expect(inside(box, node.cluster === undefined ? area : frame.get(node.cluster)!), `${node.id} inside ${node.cluster ?? 'the picture'}`).toBe(true);
  });
  for (const cluster of clusters) {
    expect(inside(frame.get(cluster.id)!, cluster.parent === undefined ? area : frame.get(cluster.parent)!), `frame ${cluster.id} inside ${cluster.parent ?? 'the picture'}`).toBe(true);
  }

  // No overlaps: boxes never; a box and a frame only when the box is in it; frames only when nested.
  const boxes = laid.nodes;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (overlaps(boxes[i]!, boxes[j]!)) expect.fail(`${boxes[i]!.id} overlaps ${boxes[j]!.id}`);
    }
    const mine = new Set(around(picture.nodes[i]!.cluster));
    for (const cluster of clusters) {
      if (!mine.has(cluster.id) && overlaps(boxes[i]!, frame.get(cluster.id)!)) expect.fail(`${boxes[i]!.id} overlaps the frame of ${cluster.id}`);
    }
  }
  for (let i = 0; i < clusters.length; i++) {
    for (let j = i + 1; j < clusters.length; j++) {
      const [a, b] = [clusters[i]!, clusters[j]!];
      const nested = around(b.id).includes(a.id) || around(a.id).includes(b.id);
      if (!nested && overlaps(frame.get(a.id)!, frame.get(b.id)!)) expect.fail(`frame ${a.id} overlaps frame ${b.id}`);
    }
  }

  // Every arrow from its box to its box.
  const byId = new Map(picture.nodes.map((node, i) => [node.id, laid.nodes[i]!]));
  expect(laid.edges).toHaveLength(picture.edges.length);
  picture.edges.forEach((edge, i) => {
    const route = laid.edges[i]!;
    expect([route.from, route.to]).toEqual([edge.from, edge.to]);
    expect(route.points.length).toBeGreaterThanOrEqual(2);
    for (const p of route.points) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    if (!onBorder(route.points[0]!, byId.get(edge.from)!)) expect.fail(`arrow ${i} ${edge.from} -> ${edge.to} does not start on ${edge.from}`);
    if (!onBorder(route.points.at(-1)!, byId.get(edge.to)!)) expect.fail(`arrow ${i} ${edge.from} -> ${edge.to} does not end on ${edge.to}`);
  });
}

/** Every snapshot node is one box of the full graph, and that box is drawn once: itself, or inside exactly one folded box. */
function expectEveryNodeDrawnOnce(g: GradvizGraph): void {
  const tree = groupGraph(g.snapshot, g.graph);
  const shown = new Map<string, number>();
  for (const node of g.picture.nodes) shown.set(node.id, (shown.get(node.id) ?? 0) + 1);
  for (const count of shown.values()) expect(count).toBe(1);
  const folded = new Set(g.picture.nodes.flatMap((n) => (n.group === undefined ? [] : [n.group])));
  const boxOfNode = new Map(g.graph.nodes.flatMap((n, i) => (n.kind === 'gradFn' && n.node !== undefined ? [[n.node, i] as const] : [])));
  g.snapshot.nodes.forEach((_, id) => {
    const box = boxOfNode.get(id);
    expect(box, `snapshot node ${id} has a box`).toBeDefined();
    const drawnAs: string[] = [];
    if (shown.has(g.graph.nodes[box!]!.id)) drawnAs.push('itself');
    for (let group = tree.boxGroup[box!]!; group > 0; group = tree.groups[group]!.parent) if (folded.has(tree.groups[group]!.id)) drawnAs.push(tree.groups[group]!.id);
    expect(drawnAs, `snapshot node ${id}`).toHaveLength(1);
  });
}

function drawn(model: ModelName, boxes: number, depth: number | 'all' | undefined, rankdir?: 'LR'): GradvizGraph {
  const { loss, params } = buildModel(model, blocksFor(model, boxes));
  const g = makeDot(loss, { params, ...(rankdir ? { rankdir } : {}), ...(typeof depth === 'number' ? { depth } : {}) });
  return depth === 'all' ? g.withFolding(groupGraph(g.snapshot, g.graph).groups.slice(1).map((group) => group.id)) : g;
}

describe('layout of folded pictures', () => {
  it.each([
    ['a residual MLP of 3,000 boxes at the default depth', () => drawn('residual-mlp', 3000, undefined)],
    ['a residual MLP of 3,000 boxes with every group unfolded', () => drawn('residual-mlp', 3000, 'all')],
    ['an unrolled RNN of 2,000 boxes, every group unfolded (shared weights on buses)', () => drawn('rnn', 2000, 'all')],
    ['a residual MLP without modules, 3,000 boxes, every group unfolded', () => drawn('functional-mlp', 3000, 'all')],
    ['a transformer-like stack of 2,000 boxes, left to right, every group unfolded', () => drawn('transformer', 2000, 'all', 'LR')],
    ['a transformer-like stack of 2,000 boxes at depth 4', () => drawn('transformer', 2000, 4)],
  ])('%s: no overlaps, boxes in their frames, arrows from box to box, each node once', (_, make) => {
    const g = make();
    expect(g.picture.clusters?.length).toBeGreaterThan(0);
    expectWellLaidOut(g.picture, g.layout());
    expectEveryNodeDrawnOnce(g);
  });

  it('reuses one layout for identical groups: every unfolded block of a repeat is laid out the same', () => {
    const g = drawn('residual-mlp', 1000, 'all');
    const laid = g.layout();
    const frames = new Map((laid.clusters ?? []).map((c) => [c.id, c]));
    const blocks = (g.picture.clusters ?? []).filter((c) => /^blocks\.\d+ /.test(c.lines[0]!) && c.lines[0]!.includes('ResidualBlock'));
    expect(blocks.length).toBeGreaterThan(50);
    // Relative to its frame, each block's relu sits in one of a few places: frames differ only where
    // the digits of the params' names (blocks.7 and blocks.70) make boxes wider.
    const offsets = new Set(
      blocks.map((block) => {
        const relu = g.picture.nodes.findIndex((n) => n.cluster === block.id && n.lines[0] === 'ReluBackward0');
        const frame = frames.get(block.id)!;
        return `${laid.nodes[relu]!.x - frame.x},${laid.nodes[relu]!.y - frame.y},${frame.width}`;
      }),
    );
    expect(offsets.size).toBeLessThanOrEqual(3);
  });

  it('draws the flat picture at depth Infinity and by default for a small graph; depth 1 with nothing open folds every top-level group', () => {
    const { loss, params } = buildModel('residual-mlp', 3);
    const small = makeDot(loss, { params });
    expect(small.depth).toBe(Infinity);
    expect(small.picture).toBe(small.graph);
    expect(small.layout().clusters).toBeUndefined();
    expect(makeDot(loss, { params, depth: Infinity }).toSVG()).toBe(small.toSVG());
    const allFolded = makeDot(snapshot(loss, { params }), { depth: 1 }).withFolding([]);
    expect(allFolded.picture.nodes.map((n) => n.group ?? n.lines[0])).toEqual(['', 'MseLossBackward0', 'call10', 'call0']);
  });
});
