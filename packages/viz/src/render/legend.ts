import { clipText, type LegendEntry, MAX_LEGEND_CHARS } from '../graph.js';
import { format, type Lang, message } from '../messages/index.js';
import { charsThatFit, centredBaseline } from '../layout/text-metrics.js';
import { type SvgNode, element, textElement } from './svg-node.js';
import type { Theme } from './theme.js';
import { wrapText } from './wrap.js';

export const FONT_SIZE = 10;
export const LINE_HEIGHT = 13;
export const PADDING = 10;
const ENTRY_GAP = 6;
const MARKER_SIZE = 11;
const MARKER_FONT_SIZE = 8;
const TEXT_INDENT = MARKER_SIZE + 7;

/** A legend narrower than this would wrap every few words under a one-column graph. */
export const LEGEND_MIN_WIDTH = 420;

const MARKER_GLYPH: Readonly<Record<LegendEntry['severity'], string>> = { error: '!', warning: '!', info: 'i' };

/** The entry's sentence and its fix, as one text: what the hover shows in full. */
function entryText(entry: LegendEntry, lang: Lang): string {
  return entry.fix === undefined ? entry.text : `${entry.text}\n${format(lang, message('explain.fix', { fix: entry.fix }))}`;
}

/** The entry's sentence, then its fix, each cut to MAX_LEGEND_CHARS and wrapped to the text column; at least one line for the marker. */
function entryLines(entry: LegendEntry, columns: number, lang: Lang): string[] {
  const lines = [
    ...wrapText(clipText(entry.text, MAX_LEGEND_CHARS), columns),
    ...(entry.fix === undefined ? [] : wrapText(format(lang, message('explain.fix', { fix: clipText(entry.fix, MAX_LEGEND_CHARS) })), columns)),
  ];
  return lines.length > 0 ? lines : [''];
}

/** An entry cut for showing carries its whole text as its hover title. */
function isCut(entry: LegendEntry): boolean {
  return clipText(entry.text, MAX_LEGEND_CHARS) !== entry.text || (entry.fix !== undefined && clipText(entry.fix, MAX_LEGEND_CHARS) !== entry.fix);
}

function drawEntry(entry: LegendEntry, lines: readonly string[], top: number, theme: Theme, lang: Lang): SvgNode {
  const colour = theme.severity[entry.severity];
  const markerTop = top + (LINE_HEIGHT - MARKER_SIZE) / 2;
  return element('g', { class: 'legend-entry', 'data-severity': entry.severity }, [
    ...(isCut(entry) ? [textElement('title', {}, entryText(entry, lang))] : []),
    element('rect', { x: PADDING, y: markerTop, width: MARKER_SIZE, height: MARKER_SIZE, rx: 2, fill: colour }),
    textElement(
      'text',
      {
        x: PADDING + MARKER_SIZE / 2,
        y: centredBaseline(markerTop, MARKER_SIZE, MARKER_FONT_SIZE),
        'text-anchor': 'middle',
        'font-size': MARKER_FONT_SIZE,
        'font-weight': 'bold',
        fill: theme.badgeText,
      },
      MARKER_GLYPH[entry.severity],
    ),
    ...lines.map((line, i) =>
      textElement(
        'text',
        { x: PADDING + TEXT_INDENT, y: centredBaseline(top + i * LINE_HEIGHT, LINE_HEIGHT, FONT_SIZE), fill: theme.legendText },
        line,
      ),
    ),
  ]);
}

/** The legend block placed at `top`, wrapped to `width`; its height tells the drawing how tall to be. */
export function drawLegend(entries: readonly LegendEntry[], top: number, width: number, theme: Theme, lang: Lang): { node: SvgNode; height: number } {
  const columns = charsThatFit(width - 2 * PADDING - TEXT_INDENT, FONT_SIZE);
  const children: SvgNode[] = [element('line', { x1: 0, y1: top, x2: width, y2: top, stroke: theme.legendRule, 'stroke-width': 1 })];
  let y = top + PADDING;
  for (const entry of entries) {
    const lines = entryLines(entry, columns, lang);
    children.push(drawEntry(entry, lines, y, theme, lang));
    y += lines.length * LINE_HEIGHT + ENTRY_GAP;
  }
  return { node: element('g', { class: 'legend', 'font-size': FONT_SIZE }, children), height: y - ENTRY_GAP + PADDING - top };
}
