import { curveBasis, line } from 'd3-shape';
import type { VizEdge } from '../graph.js';
import type { LaidOutEdge, Point } from '../layout/types.js';
import { type SvgNode, element, num, textElement } from './svg-node.js';
import type { Theme } from './theme.js';

/** Graphviz's arrowhead at arrowsize 1 is about 10 by 7 points; a little smaller suits fontsize 10. */
const ARROW_LENGTH = 8;
const ARROW_HALF_WIDTH = 3.5;

const DASHES: Readonly<Record<VizEdge['style'], string | undefined>> = {
  solid: undefined,
  dotted: '1.5,3',
  dashed: '5,3',
};

/** A B-spline guided by dagre's points, as dagre-d3 and Graphviz draw edges; two decimals, like `num`. */
const spline = line<Point>()
  .x((p) => p.x)
  .y((p) => p.y)
  .curve(curveBasis)
  .digits(2);

/** Unit vector of the last non-empty segment: the direction the edge arrives in. */
function arrivalDirection(points: readonly Point[]): Point | undefined {
  const tip = points[points.length - 1]!;
  for (let i = points.length - 2; i >= 0; i--) {
    const dx = tip.x - points[i]!.x;
    const dy = tip.y - points[i]!.y;
    const length = Math.hypot(dx, dy);
    if (length > 0) return { x: dx / length, y: dy / length };
  }
  return undefined;
}

/** The curve stops at the arrowhead's base so its stroke does not blunt the tip. */
function withArrow(points: readonly Point[]): { curve: readonly Point[]; head?: string } {
  const direction = arrivalDirection(points);
  if (direction === undefined) return { curve: points };
  const tip = points[points.length - 1]!;
  const base = { x: tip.x - direction.x * ARROW_LENGTH, y: tip.y - direction.y * ARROW_LENGTH };
  const side = { x: -direction.y * ARROW_HALF_WIDTH, y: direction.x * ARROW_HALF_WIDTH };
  const corners = [tip, { x: base.x + side.x, y: base.y + side.y }, { x: base.x - side.x, y: base.y - side.y }];
  return {
    curve: [...points.slice(0, -1), base],
    head: corners.map((p) => `${num(p.x)},${num(p.y)}`).join(' '),
  };
}

/** One edge: a group with its hover title, the curve and, unless it is dir=none, the arrowhead. */
export function drawEdge(route: LaidOutEdge, edge: VizEdge, title: string, theme: Theme): SvgNode {
  const gradient = edge.gradient;
  const colour = edge.broken || gradient?.state === 'nonFinite' ? theme.broken : (gradient?.colour ?? theme.edge);
  // A cut edge is where a value entered as a constant, a zero gradient is none: dashed whatever style it was given.
  const dashes = edge.kind === 'cut' || gradient?.state === 'zero' ? DASHES.dashed : DASHES[edge.style];
  const { curve, head } = edge.arrow ? withArrow(route.points) : { curve: route.points };
  const children: SvgNode[] = [
    textElement('title', {}, title),
    element('path', {
      d: spline(curve) ?? '',
      fill: 'none',
      stroke: colour,
      'stroke-width': edge.broken ? 2 : (gradient?.width ?? 1),
      ...(dashes !== undefined ? { 'stroke-dasharray': dashes } : {}),
    }),
  ];
  if (head !== undefined) children.push(element('polygon', { points: head, fill: colour, stroke: colour, 'stroke-width': 1 }));
  return element(
    'g',
    {
      class: 'edge',
      'data-from': edge.from,
      'data-to': edge.to,
      'data-kind': edge.kind,
      ...(edge.broken ? { 'data-broken': 'true' } : {}),
      ...(gradient ? { 'data-gradient': gradient.state, 'data-gradient-norm': String(gradient.norm) } : {}),
    },
    children,
  );
}
