/** The layout API without Node-only modules: what browser bundles import. */
export { layoutGraphInProcess } from './in-process.js';
export { LayoutTooDeepError, LayoutWorkerError } from './errors.js';
export { measureBox, type BoxMetrics } from './box-metrics.js';
export { FONT_FAMILY, LABEL_FONT_SIZE, textWidth } from './text-metrics.js';
export type { LaidOutEdge, LaidOutGraph, LaidOutNode, LayoutOptions, NodeLayoutOptions, Point } from './types.js';
