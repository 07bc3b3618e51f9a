/**
 * Gradient magnitude to colour and stroke width: a log scale over the norms in the graph, on
 * viridis from dark purple (small) to yellow-green (large): no red in it, so the red of NaN/Inf and
 * of broken chains stays apart. Exactly zero and non-finite gradients fall outside the scale and are
 * drawn apart (grey dashed, red).
 *
 * Viridis is taken as nine colours of d3-scale-chromatic's `interpolateViridis` (0.12 to 0.88 of
 * it: its ends are too dark on the dark theme and too pale on white), joined by d3-interpolate, which d3-zoom already
 * brings: with d3-scale and d3-scale-chromatic a browser-only install took 3.7 MB, past its 3 MB goal.
 */
import { interpolateRgbBasis } from 'd3-interpolate';

const VIRIDIS = interpolateRgbBasis(['#472a7a', '#3f4889', '#33628d', '#29798e', '#21918c', '#22a785', '#3fbc73', '#70cf57', '#b0dd2f']);
export const ZERO_GRADIENT_COLOUR = '#9e9e9e';
const MIN_WIDTH = 1;
const MAX_WIDTH = 4;

export interface GradientScale {
  /** Smallest and largest nonzero finite norm drawn. */
  readonly min: number;
  readonly max: number;
}

/** The scale over `norms` (zeros and non-finite ones left out); undefined when none is left. */
export function gradientScale(norms: Iterable<number>): GradientScale | undefined {
  let min = Infinity;
  let max = 0;
  for (const n of norms) {
    if (!(n > 0) || !Number.isFinite(n)) continue;
    if (n < min) min = n;
    if (n > max) max = n;
  }
  return max > 0 ? { min, max } : undefined;
}

/** Where `norm` sits on the log scale, 0 (smallest) to 1 (largest), clamped. */
export function position(scale: GradientScale, norm: number): number {
  if (scale.max === scale.min) return 1;
  const at = Math.log(norm / scale.min) / Math.log(scale.max / scale.min);
  return Math.min(1, Math.max(0, at));
}

/** `#rrggbb`, which SVG and Graphviz both read (d3-interpolate gives `rgb(r, g, b)`). */
export function gradientColour(scale: GradientScale, norm: number): string {
  const channels = VIRIDIS(position(scale, norm)).match(/\d+/g)!;
  return `#${channels.map((c) => Number(c).toString(16).padStart(2, '0')).join('')}`;
}

export function gradientWidth(scale: GradientScale, norm: number): number {
  return Math.round((MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * position(scale, norm)) * 100) / 100;
}

/** Tick values for the legend's bar: the ends, and the powers of ten between them (every few, at most `count` in all). */
export function scaleTicks(scale: GradientScale, count = 5): number[] {
  if (scale.max === scale.min) return [scale.max];
  const decades: number[] = [];
  for (let e = Math.ceil(Math.log10(scale.min)); e <= Math.floor(Math.log10(scale.max)); e++) decades.push(10 ** e);
  const step = Math.max(1, Math.ceil(decades.length / (count - 2)));
  const inner = decades.filter((d, i) => i % step === 0 && d > scale.min * 1.5 && d < scale.max / 1.5);
  return [scale.min, ...inner, scale.max];
}
