/** Drawing: browser-safe (no Node modules). */
export { drawGraph, type DrawOptions } from './draw.js';
export { toSvgString } from './serialize.js';
export { renderInto } from './dom.js';
export { type SvgNode, SVG_NS } from './svg-node.js';
export { type Theme, lightTheme, darkTheme } from './theme.js';
export { X11_COLORS } from './colors.js';
