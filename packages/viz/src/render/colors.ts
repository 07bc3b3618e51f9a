import type { FillName } from '../graph.js';

/** Graphviz colour names are X11's, which differ from CSS's for some names (CSS has no darkolivegreen1). */
export const X11_COLORS: Readonly<Record<FillName, string>> = {
  lightgrey: '#d3d3d3',
  lightblue: '#add8e6',
  darkolivegreen1: '#caff70',
  darkolivegreen3: '#a2cd5a',
  orange: '#ffa500',
  white: '#ffffff',
};
