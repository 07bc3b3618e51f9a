/** @gradviz/viz for Node: everything in the main entry, plus the tools that need Node. */
export * from './index.js';
export { toHTML, browserBundle, inlineJson, type HtmlOptions, type BrowserBundleName } from './html/index.js';
export { loadGraph, type LoadOptions } from './cli/load.js';
export { svgToPng } from './png.js';
export { layoutGraph, layoutGraphAsync, LayoutTooDeepError, LayoutWorkerError } from './layout/index.js';
export { writeFileAtomic, FileWriteError, type FileContents } from './write-file.js';
