import type { VizCluster } from '../graph.js';
import { CLUSTER_FONT_SIZE, CLUSTER_LINE_HEIGHT } from '../layout/cluster-layout.js';
import { centredBaseline } from '../layout/text-metrics.js';
import type { LaidOutCluster } from '../layout/types.js';
import { type SvgNode, element, textElement } from './svg-node.js';
import type { Theme } from './theme.js';

/** Label inset from the frame's top-left corner. */
const LABEL_INSET_X = 10;
const LABEL_INSET_Y = 4;
/** Each frame darkens what is behind it a little, so nested frames read as nested. */
const FRAME_TINT = 0.035;

function hoverText(cluster: VizCluster): string {
  return [...cluster.lines, ...(cluster.details ?? []).map(([key, value]) => `${key}: ${value}`)].join('\n');
}

/** One unfolded group's frame, drawn under the arrows and boxes; its label is drawn apart, over the arrows. */
export function drawClusterFrame(box: LaidOutCluster, cluster: VizCluster, theme: Theme): SvgNode {
  return element('g', { class: 'cluster', 'data-group': cluster.id }, [
    textElement('title', {}, hoverText(cluster)),
    element('rect', { x: box.x, y: box.y, width: box.width, height: box.height, rx: 6, fill: theme.edge, 'fill-opacity': FRAME_TINT, stroke: theme.badge, 'stroke-width': 1 }),
  ]);
}

/** A frame's label, with a halo of the background colour so that an arrow passing under it leaves it readable. */
export function drawClusterLabel(box: LaidOutCluster, cluster: VizCluster, theme: Theme): SvgNode {
  return element(
    'g',
    { class: 'cluster-label', 'data-group': cluster.id },
    [
      textElement('title', {}, hoverText(cluster)),
      ...cluster.lines.map((line, i) =>
        textElement(
          'text',
          {
            x: box.x + LABEL_INSET_X,
            y: centredBaseline(box.y + LABEL_INSET_Y + i * CLUSTER_LINE_HEIGHT, CLUSTER_LINE_HEIGHT, CLUSTER_FONT_SIZE),
            'font-size': CLUSTER_FONT_SIZE,
            ...(i === 0 ? { 'font-weight': 'bold' } : {}),
            fill: theme.legendText,
            stroke: theme.background,
            'stroke-width': 3,
            'stroke-linejoin': 'round',
            'paint-order': 'stroke',
          },
          line,
        ),
      ),
    ],
  );
}
