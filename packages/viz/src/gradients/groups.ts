/** What a module group shows of the gradient flow: the norm of all its leaves' gradients together. */
import type { GradientMark, VizEdge, VizGraph } from '../graph.js';
import type { GroupTree } from '../groups/types.js';
import { magnitudeText } from './flow.js';

/** `grad` text of group `g`: sqrt of the sum of its leaves' squared norms; `NaN/Inf` if one is not finite; undefined without leaves with a gradient. */
export function groupGradientText(tree: GroupTree, graph: VizGraph, g: number): string | undefined {
  let squares = 0;
  let leaves = 0;
  let nonFinite = false;
  const stack = [g];
  while (stack.length > 0) {
    const group = tree.groups[stack.pop()!]!;
    stack.push(...group.children);
    for (const box of group.boxes) {
      const mark = graph.nodes[box]!.gradient;
      if (mark === undefined) continue;
      leaves++;
      if (mark.state === 'nonFinite') nonFinite = true;
      squares += mark.norm * mark.norm;
    }
  }
  if (leaves === 0) return undefined;
  return nonFinite ? 'NaN/Inf' : magnitudeText(Math.sqrt(squares));
}

/** The arrow a folded group's merged arrow shows: a non-finite one first, else the largest. */
export function strongerGradient(a: GradientMark | undefined, b: GradientMark | undefined): GradientMark | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  if (a.state === 'nonFinite' || b.state === 'nonFinite') return a.state === 'nonFinite' ? a : b;
  return b.norm > a.norm ? b : a;
}

/** `edge`'s gradient mark as a spread, for building merged arrows. */
export function gradientOf(edge: Pick<VizEdge, 'gradient'>): Pick<VizEdge, 'gradient'> {
  return edge.gradient ? { gradient: edge.gradient } : {};
}
