import type { LaidOutEdge, LaidOutNode, Point } from './types.js';

/** Distance between the ends of parallel edges on a box's side. */
const SPREAD = 12;
/** Ends stay this far from a box's corners. */
const CORNER_CLEARANCE = 4;
/** How close to a side a point must be to count as on it. */
const ON_SIDE = 0.5;

/**
 * Moves `point`, which lies on `box`'s border, along the side it lies on by `offset`, clamped
 * inside that side: parallel edges then leave and arrive at distinct points.
 */
function slideAlongSide(point: Point, box: LaidOutNode, offset: number): Point {
  const onTopOrBottom = Math.abs(point.y - box.y) < ON_SIDE || Math.abs(point.y - (box.y + box.height)) < ON_SIDE;
  const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
  return onTopOrBottom
    ? { x: clamp(point.x + offset, box.x + CORNER_CLEARANCE, box.x + box.width - CORNER_CLEARANCE), y: point.y }
    : { x: point.x, y: clamp(point.y + offset, box.y + CORNER_CLEARANCE, box.y + box.height - CORNER_CLEARANCE) };
}

/**
 * dagre separates parallel edges (x*x's two) in the middle but starts and ends them at the same
 * border points, so their arrowheads coincide. This spreads each group's ends apart, keeping them
 * on the boxes' borders; the middle points stay as dagre placed them.
 */
export function spreadParallelEdges(edges: readonly LaidOutEdge[], nodes: readonly LaidOutNode[]): LaidOutEdge[] {
  const boxes = new Map(nodes.map((node) => [node.id, node]));
  const groups = new Map<string, number[]>();
  edges.forEach((edge, i) => {
    if (edge.from === edge.to) return;
    const key = `${edge.from}\u0000${edge.to}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [i]);
    else group.push(i);
  });
  const spread = [...edges];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    // dagre orders parallel edges left to right (top to bottom) by their middle points: keep that order.
    const middle = (i: number): Point => {
      const points = edges[i]!.points;
      return points[Math.floor(points.length / 2)]!;
    };
    const ordered = [...group].sort((a, b) => middle(a).x - middle(b).x || middle(a).y - middle(b).y);
    ordered.forEach((edgeIndex, rank) => {
      const edge = edges[edgeIndex]!;
      const offset = (rank - (ordered.length - 1) / 2) * SPREAD;
      const first = edge.points[0]!;
      const last = edge.points[edge.points.length - 1]!;
      spread[edgeIndex] = {
        ...edge,
        points: [
          slideAlongSide(first, boxes.get(edge.from)!, offset),
          ...edge.points.slice(1, -1),
          slideAlongSide(last, boxes.get(edge.to)!, offset),
        ],
      };
    });
  }
  return spread;
}
