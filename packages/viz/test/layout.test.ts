import { describe, expect, it } from 'vitest';
import type { VizGraph } from '../src/graph.js';
import { layoutGraph, layoutGraphInProcess, measureBox, textWidth } from '../src/layout/index.js';
import type { LaidOutGraph, LaidOutNode, Point } from '../src/layout/index.js';
import { marksGraph, seedGraph, squareGraph } from './fixtures/graphs.js';

const byId = (laid: LaidOutGraph) => new Map(laid.nodes.map((n) => [n.id, n]));
const centre = (box: LaidOutNode): Point => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });

/** True when `p` is on the border of `box`, within `tolerance`. */
function onBorder(p: Point, box: LaidOutNode, tolerance = 1): boolean {
  const insideX = p.x >= box.x - tolerance && p.x <= box.x + box.width + tolerance;
  const insideY = p.y >= box.y - tolerance && p.y <= box.y + box.height + tolerance;
  const nearVertical = Math.abs(p.x - box.x) <= tolerance || Math.abs(p.x - box.x - box.width) <= tolerance;
  const nearHorizontal = Math.abs(p.y - box.y) <= tolerance || Math.abs(p.y - box.y - box.height) <= tolerance;
  return insideX && insideY && (nearVertical || nearHorizontal);
}

function overlaps(a: LaidOutNode, b: LaidOutNode): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function expectWellPlaced(graph: VizGraph, laid: LaidOutGraph): void {
  expect(laid.nodes.map((n) => n.id)).toEqual(graph.nodes.map((n) => n.id));
  for (const box of laid.nodes) {
    for (const value of [box.x, box.y, box.width, box.height]) expect(Number.isFinite(value)).toBe(true);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(laid.width + 1e-9);
    expect(box.y + box.height).toBeLessThanOrEqual(laid.height + 1e-9);
  }
  for (let i = 0; i < laid.nodes.length; i++) {
    for (let j = i + 1; j < laid.nodes.length; j++) {
      expect(overlaps(laid.nodes[i]!, laid.nodes[j]!), `${laid.nodes[i]!.id} overlaps ${laid.nodes[j]!.id}`).toBe(false);
    }
  }
  const boxes = byId(laid);
  expect(laid.edges).toHaveLength(graph.edges.length);
  laid.edges.forEach((edge, i) => {
    expect(edge.from).toBe(graph.edges[i]!.from);
    expect(edge.to).toBe(graph.edges[i]!.to);
    expect(edge.points.length).toBeGreaterThanOrEqual(2);
    expect(onBorder(edge.points[0]!, boxes.get(edge.from)!), `edge ${i} starts on ${edge.from}`).toBe(true);
    expect(onBorder(edge.points.at(-1)!, boxes.get(edge.to)!), `edge ${i} ends on ${edge.to}`).toBe(true);
  });
}

describe('layoutGraph on small graphs', () => {
  it.each([
    ['seed', seedGraph],
    ['square', squareGraph],
    ['marks', marksGraph],
  ])('places every node of the %s graph without overlaps, edges from box to box', (_, graph) => {
    expectWellPlaced(graph, layoutGraph(graph));
  });

  it('puts sources above targets with rankdir TB (leaves on top, the output at the bottom)', () => {
    const laid = layoutGraph(seedGraph);
    const boxes = byId(laid);
    for (const edge of seedGraph.edges.filter((e) => e.kind === 'flow')) {
      expect(centre(boxes.get(edge.from)!).y).toBeLessThan(centre(boxes.get(edge.to)!).y);
    }
    expect(boxes.get('leaf')!.y).toBe(Math.min(...laid.nodes.map((n) => n.y)));
    expect(boxes.get('out')!.y).toBe(Math.max(...laid.nodes.map((n) => n.y)));
  });

  it('follows the rankdir option: LR puts sources left of targets', () => {
    const laid = layoutGraph(seedGraph, { rankdir: 'LR' });
    expect(laid.rankdir).toBe('LR');
    const boxes = byId(laid);
    for (const edge of seedGraph.edges.filter((e) => e.kind === 'flow')) {
      expect(centre(boxes.get(edge.from)!).x).toBeLessThan(centre(boxes.get(edge.to)!).x);
    }
    expectWellPlaced(seedGraph, laid);
  });

  it('keeps parallel edges (x*x) as separate routes with distinct ends', () => {
    const laid = layoutGraph(squareGraph);
    const parallel = laid.edges.filter((e) => e.from === 'acc' && e.to === 'mul');
    expect(parallel).toHaveLength(2);
    const [a, b] = parallel as [(typeof parallel)[0], (typeof parallel)[0]];
    expect(a.points).not.toEqual(b.points);
    expect(Math.abs(a.points[0]!.x - b.points[0]!.x)).toBeGreaterThanOrEqual(8);
    expect(Math.abs(a.points.at(-1)!.x - b.points.at(-1)!.x)).toBeGreaterThanOrEqual(8);
  });

  it('sizes boxes from the monospace text metrics, with room for a badge', () => {
    const laid = layoutGraph(seedGraph);
    const acc = byId(laid).get('acc')!;
    expect(acc.width).toBeCloseTo(textWidth('AccumulateGrad', 10) + 16, 6);
    const plain = measureBox({ lines: ['x', ' (17)'] });
    const badged = measureBox({ lines: ['x', ' (17)'], badge: 'not a leaf' });
    expect(badged.height).toBeGreaterThan(plain.height);
    expect(badged.badge!.y).toBeGreaterThan(plain.baselines.at(-1)!);
    expect(byId(laid).get('param-x')!.height).toBe(badged.height);
  });

  it('is deterministic', () => {
    expect(layoutGraph(marksGraph)).toEqual(layoutGraph(marksGraph));
  });

  it('lays out a graph with one node and no edges, and an empty graph', () => {
    const single: VizGraph = { rankdir: 'TB', nodes: [seedGraph.nodes[1]!], edges: [], legend: [] };
    const laid = layoutGraph(single);
    expect(laid.nodes).toHaveLength(1);
    expect(laid.width).toBeGreaterThan(laid.nodes[0]!.width);
    expect(layoutGraph({ rankdir: 'TB', nodes: [], edges: [], legend: [] }).nodes).toEqual([]);
  });

  it('rejects edges to unknown nodes and duplicate ids, naming them', () => {
    const dangling: VizGraph = { ...squareGraph, edges: [...squareGraph.edges, { from: 'mul', to: 'nowhere', kind: 'flow', arrow: true, style: 'solid' }] };
    expect(() => layoutGraphInProcess(dangling)).toThrow(/nowhere/);
    const duplicate: VizGraph = { ...squareGraph, nodes: [...squareGraph.nodes, squareGraph.nodes[0]!] };
    expect(() => layoutGraph(duplicate)).toThrow(/two nodes with id "x"/);
  });
});
