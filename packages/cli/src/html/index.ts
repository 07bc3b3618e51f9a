/** Node only: the interactive HTML page and the browser bundles it and the docs embed. */
export { toHTML, type HtmlOptions } from './page.js';
export { browserBundle, type BrowserBundleName } from './bundle.js';
