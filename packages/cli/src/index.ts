/**
 * @gradviz/cli: gradviz for Node. The `gradviz` command and what it is made of: files (SVG, PNG,
 * DOT, JSON and the interactive HTML page), a module's graph loaded in a process of its own, and,
 * in `@gradviz/cli/markdown-it`, the markdown-it plugin. The drawing itself is `@gradviz/viz`'s.
 */
export { saveGraph } from './save.js';
export { toHTML, browserBundle, type HtmlOptions, type BrowserBundleName } from './html/index.js';
export { loadGraph, type LoadOptions } from './cli/load.js';
export { svgToPng, type PngOptions } from './png.js';
export { writeFileAtomic, FileWriteError, type FileContents } from './write-file.js';
