/**
 * Gradient magnitude to colour and stroke width: a log scale (d3-scale) over the norms in the
 * graph, on viridis (d3-scale-chromatic) from dark purple (small) to yellow-green (large): no red in
 * it, so the red of NaN/Inf and of broken chains stays apart. Exactly zero and non-finite gradients
 * fall outside the scale and are drawn apart (grey dashed, red).
 */
import { scaleLog } from 'd3-scale';
import { interpolateViridis } from 'd3-scale-chromatic';

/** The part of viridis used: its last stretch is too pale to see on white. */
const VIRIDIS_FROM = 0;
const VIRIDIS_TO = 0.85;
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

/** Where `norm` sits on the scale, 0 (smallest) to 1 (largest). */
export function position(scale: GradientScale, norm: number): number {
  if (scale.max === scale.min) return 1;
  return scaleLog().domain([scale.min, scale.max]).range([0, 1]).clamp(true)(norm);
}

export function gradientColour(scale: GradientScale, norm: number): string {
  return interpolateViridis(VIRIDIS_FROM + (VIRIDIS_TO - VIRIDIS_FROM) * position(scale, norm));
}

export function gradientWidth(scale: GradientScale, norm: number): number {
  return Math.round((MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * position(scale, norm)) * 100) / 100;
}

/** Tick values for the legend's bar: d3's log ticks, at most `count`, the ends always included. */
export function scaleTicks(scale: GradientScale, count = 5): number[] {
  if (scale.max === scale.min) return [scale.max];
  const decades = scaleLog().domain([scale.min, scale.max]).ticks(count).filter((t) => Math.log10(t) % 1 === 0);
  const step = Math.max(1, Math.ceil(decades.length / (count - 2)));
  const inner = decades.filter((_, i) => i % step === 0 && decades[i]! > scale.min * 1.5 && decades[i]! < scale.max / 1.5);
  return [scale.min, ...inner, scale.max];
}
