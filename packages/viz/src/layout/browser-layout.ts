/** `#layout` in browser bundles: dagre in the page itself (no worker_threads). */
export { layoutGraphInProcess as layoutGraph } from './in-process.js';
