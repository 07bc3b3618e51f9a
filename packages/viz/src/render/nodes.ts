import { type VizNode, visibleLines } from '../graph.js';
import { BADGE_FONT_SIZE, measureBox } from '../layout/box-metrics.js';
import type { LaidOutNode } from '../layout/types.js';
import { X11_COLORS } from './colors.js';
import { type SvgNode, element, textElement } from './svg-node.js';
import type { Theme } from './theme.js';

/** How far the second box of a folded group's stack shows. */
const FOLDED_OFFSET = 3;

/** The hover text: the label, then one `key: value` line per detail. */
function hoverText(node: VizNode): string {
  const details = (node.details ?? []).map(([key, value]) => `${key}: ${value}`);
  return [...visibleLines(node), ...details].join('\n') || node.id;
}

/** A mark's colour wins over the plain border: broken first, as it is what the picture is for. */
function borderOf(node: VizNode, theme: Theme): { stroke: string; width: number } {
  if (node.broken) return { stroke: theme.broken, width: 2 };
  if (node.receivesGrad) return { stroke: theme.receivesGrad, width: 2.5 };
  if (node.gradient) return { stroke: node.gradient.state === 'nonFinite' ? theme.broken : node.gradient.colour, width: Math.max(2, node.gradient.width) };
  return { stroke: theme.boxStroke, width: 1 };
}

function badgeColour(node: VizNode, theme: Theme): string {
  if (node.broken) return theme.broken;
  if (node.receivesGrad) return theme.receivesGrad;
  return theme.badge;
}

/** Marks as data attributes too, so tests and scripts can find them without reading colours. */
function markAttrs(node: VizNode): Record<string, string> {
  const marks: Record<string, string> = {};
  if (node.broken) marks['data-broken'] = 'true';
  if (node.receivesGrad) marks['data-receives-grad'] = 'true';
  if (node.ghost) marks['data-ghost'] = 'true';
  if (node.gradient) {
    marks['data-gradient'] = node.gradient.state;
    marks['data-gradient-norm'] = String(node.gradient.norm);
  }
  return marks;
}

/** One box: a group with its hover title, the filled rectangle, its label lines and its badge. */
export function drawNode(box: LaidOutNode, node: VizNode, theme: Theme): SvgNode {
  const metrics = measureBox(node);
  const border = borderOf(node, theme);
  const centreX = box.x + box.width / 2;
  const rect = {
    x: box.x,
    y: box.y,
    width: box.width,
    height: box.height,
    ...(node.kind === 'group' ? { rx: 4 } : {}),
    fill: X11_COLORS[node.fill],
    stroke: border.stroke,
    'stroke-width': border.width,
  };
  const children: SvgNode[] = [
    textElement('title', {}, hoverText(node)),
    // A folded group looks like a stack of boxes: there is more behind it.
    ...(node.kind === 'group' ? [element('rect', { ...rect, class: 'stack', x: box.x + FOLDED_OFFSET, y: box.y + FOLDED_OFFSET, 'stroke-width': 1 })] : []),
    element('rect', { ...rect, ...(node.ghost ? { 'stroke-dasharray': '5,3' } : {}) }),
  ];
  node.lines.forEach((line, i) => {
    if (line === '') return;
    children.push(
      textElement(
        'text',
        { x: centreX, y: box.y + metrics.baselines[i]!, 'text-anchor': 'middle', fill: theme.boxText },
        line,
      ),
    );
  });
  if (metrics.badge !== undefined && node.badge !== undefined) {
    const pill = metrics.badge;
    children.push(
      element('rect', {
        class: 'badge',
        x: box.x + pill.x,
        y: box.y + pill.y,
        width: pill.width,
        height: pill.height,
        rx: pill.height / 2,
        fill: badgeColour(node, theme),
      }),
      textElement(
        'text',
        {
          class: 'badge',
          x: centreX,
          y: box.y + pill.baseline,
          'text-anchor': 'middle',
          'font-size': BADGE_FONT_SIZE,
          'font-weight': 'bold',
          fill: theme.badgeText,
        },
        node.badge,
      ),
    );
  }
  return element(
    'g',
    {
      class: 'node',
      'data-key': node.id,
      'data-kind': node.kind,
      'data-fill': node.fill,
      ...markAttrs(node),
      ...(node.module !== undefined ? { 'data-module': node.module } : {}),
      ...(node.group !== undefined ? { 'data-group': node.group } : {}),
      ...(node.ghost ? { opacity: theme.ghostOpacity } : {}),
    },
    children,
  );
}
