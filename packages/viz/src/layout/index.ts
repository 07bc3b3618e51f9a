/** The layout API for Node. Browser bundles import './browser.js' instead (no worker_threads). */
export * from './browser.js';
export { layoutGraph, layoutGraphAsync } from './node-layout.js';
export { IN_PROCESS_MAX_NODES, stackSizeFor } from './stack-size.js';
