/**
 * The colour bar of makeDot's `gradients`, in the legend's type: the log scale of gradient norms the arrows and leaves
 * are coloured on, with ticks, and beside it what a grey dashed and a red arrow mean. Drawn as
 * small rectangles rather than an SVG gradient, which would need an id unique on the page.
 */
import { gradientColour, ZERO_GRADIENT_COLOUR } from '../gradients/scale.js';
import type { GradientScaleLegend } from '../graph.js';
import { centredBaseline, textWidth } from '../layout/text-metrics.js';
import { FONT_SIZE, LINE_HEIGHT, PADDING } from './legend.js';
import { type SvgNode, element, num, textElement } from './svg-node.js';
import type { Theme } from './theme.js';

const BAR_HEIGHT = 10;
const BAR_WIDTH = 240;
const STEPS = 48;
const SWATCH = 24;
const MIN_TICK_GAP = 48;

/** The bar placed at `top`; its height tells the drawing how tall to be. */
export function drawGradientLegend(legend: GradientScaleLegend, top: number, width: number, theme: Theme): { node: SvgNode; height: number } {
  const barWidth = Math.min(BAR_WIDTH, width - 2 * PADDING);
  const barTop = top + PADDING + LINE_HEIGHT;
  const step = barWidth / STEPS;
  const log = (v: number) => Math.log(v);
  const span = log(legend.max) - log(legend.min);
  const at = (v: number) => PADDING + (span > 0 ? ((log(v) - log(legend.min)) / span) * barWidth : barWidth);
  const children: SvgNode[] = [
    element('line', { x1: 0, y1: top, x2: width, y2: top, stroke: theme.legendRule, 'stroke-width': 1 }),
    textElement('text', { x: PADDING, y: centredBaseline(top + PADDING, LINE_HEIGHT, FONT_SIZE), fill: theme.legendText }, legend.title),
  ];
  for (let i = 0; i < STEPS; i++) {
    const value = Math.exp(log(legend.min) + (span * (i + 0.5)) / STEPS);
    children.push(element('rect', { x: num(PADDING + i * step), y: barTop, width: num(step + 0.5), height: BAR_HEIGHT, fill: gradientColour(legend, value) }));
  }
  const tickTop = barTop + BAR_HEIGHT;
  // Inner ticks too close to another one to read are left out; the ends always stay.
  const last = legend.ticks.length - 1;
  const kept = legend.ticks.filter(([value], i) => i === 0 || i === last || legend.ticks.every(([other], j) => j === i || (j > i && j !== last) || Math.abs(at(other) - at(value)) >= MIN_TICK_GAP));
  kept.forEach(([value, text], i) => {
    const x = at(value);
    // The end ticks' text stays within the bar's ends.
    const anchor = i === 0 ? 'start' : i === kept.length - 1 ? 'end' : 'middle';
    children.push(
      element('line', { x1: num(x), y1: tickTop, x2: num(x), y2: tickTop + 3, stroke: theme.legendText, 'stroke-width': 1 }),
      textElement('text', { x: num(x), y: centredBaseline(tickTop + 3, LINE_HEIGHT, FONT_SIZE), 'text-anchor': anchor, fill: theme.legendText }, text),
    );
  });
  // The two kinds of arrow outside the scale, after the bar.
  let x = PADDING + barWidth + 2 * PADDING;
  const keyY = barTop + BAR_HEIGHT / 2;
  for (const [colour, dashed, text] of [
    [ZERO_GRADIENT_COLOUR, true, legend.zero],
    [theme.broken, false, legend.nonFinite],
  ] as const) {
    children.push(
      element('line', { x1: num(x), y1: num(keyY), x2: num(x + SWATCH), y2: num(keyY), stroke: colour, 'stroke-width': 2.5, ...(dashed ? { 'stroke-dasharray': '5,3' } : {}) }),
      textElement('text', { x: num(x + SWATCH + 4), y: centredBaseline(keyY - LINE_HEIGHT / 2, LINE_HEIGHT, FONT_SIZE), fill: theme.legendText }, text),
    );
    x += SWATCH + 4 + textWidth(text, FONT_SIZE) + 2 * PADDING;
  }
  const height = PADDING + LINE_HEIGHT + BAR_HEIGHT + 3 + LINE_HEIGHT + PADDING;
  return { node: element('g', { class: 'gradient-legend', 'font-size': FONT_SIZE }, children), height };
}

/** How wide the bar and its keys want the drawing to be. */
export function gradientLegendWidth(legend: GradientScaleLegend): number {
  return PADDING + BAR_WIDTH + 2 * PADDING + [legend.zero, legend.nonFinite].reduce((w, t) => w + SWATCH + 4 + textWidth(t, FONT_SIZE) + 2 * PADDING, 0);
}
