import type { VizNode } from '../graph.js';
import { LABEL_FONT_SIZE, centredBaseline, textWidth } from './text-metrics.js';

/** Graphviz's box margins (0.11in x 0.055in) and torchviz's minimum height (0.2in), in points. */
const PADDING_X = 8;
const PADDING_Y = 4;
const MIN_WIDTH = 54;
const MIN_HEIGHT = 14;
const LINE_HEIGHT = 12;

export const BADGE_FONT_SIZE = 8;
const BADGE_HEIGHT = 11;
const BADGE_PADDING_X = 4;
const BADGE_GAP = 3;

/** Where things go inside a box, relative to its top-left corner. */
export interface BoxMetrics {
  readonly width: number;
  readonly height: number;
  /** One baseline per label line, horizontally centred at width / 2. */
  readonly baselines: readonly number[];
  /** The badge's pill under the label, if the node has a badge. */
  readonly badge?: { readonly x: number; readonly y: number; readonly width: number; readonly height: number; readonly baseline: number };
}

/** One function for both sides: layout sizes the box with it, drawing places text with it. */
export function measureBox(node: Pick<VizNode, 'lines' | 'badge'>): BoxMetrics {
  const lineCount = Math.max(1, node.lines.length);
  const labelWidth = Math.max(0, ...node.lines.map((line) => textWidth(line, LABEL_FONT_SIZE)));
  const badgeWidth = node.badge === undefined ? 0 : textWidth(node.badge, BADGE_FONT_SIZE) + 2 * BADGE_PADDING_X;
  const width = Math.max(MIN_WIDTH, Math.max(labelWidth, badgeWidth) + 2 * PADDING_X);
  const labelHeight = lineCount * LINE_HEIGHT;
  const baselines = Array.from({ length: lineCount }, (_, i) =>
    centredBaseline(PADDING_Y + i * LINE_HEIGHT, LINE_HEIGHT, LABEL_FONT_SIZE),
  );
  if (node.badge === undefined) {
    return { width, height: Math.max(MIN_HEIGHT, labelHeight + 2 * PADDING_Y), baselines };
  }
  const badgeY = PADDING_Y + labelHeight + BADGE_GAP;
  return {
    width,
    height: badgeY + BADGE_HEIGHT + PADDING_Y,
    baselines,
    badge: {
      x: (width - badgeWidth) / 2,
      y: badgeY,
      width: badgeWidth,
      height: BADGE_HEIGHT,
      baseline: centredBaseline(badgeY, BADGE_HEIGHT, BADGE_FONT_SIZE),
    },
  };
}
