/** The browser scripts, bundled from `src/browser/` on first use (esbuild) and kept for the process. */
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

/**
 * `page`: the interactive HTML page's script; `foldingPage`: the same for a picture with folded
 * groups (it carries the pipeline's later stages, to fold and unfold); `component`: the
 * `<gradviz-graph>` element as an ES module; `notebook`: the same element as a classic script,
 * which every notebook front end runs (some evaluate output scripts in ways that ignore
 * `type="module"`).
 */
export type BrowserBundleName = 'page' | 'foldingPage' | 'component' | 'notebook';

const BUNDLES: Readonly<Record<BrowserBundleName, { readonly entry: string; readonly format: 'esm' | 'iife' }>> = {
  page: { entry: '../browser/page.ts', format: 'esm' },
  foldingPage: { entry: '../browser/folding-page.ts', format: 'esm' },
  component: { entry: '../browser/component.ts', format: 'esm' },
  notebook: { entry: '../browser/component.ts', format: 'iife' },
};

const bundles = new Map<BrowserBundleName, string>();

/**
 * One minified script with every dependency inside, for browsers: `#layout` resolves to the
 * in-page layout. save() imports Node-only modules lazily; browsers never call it, so they stay out.
 */
export function browserBundle(name: BrowserBundleName): string {
  let code = bundles.get(name);
  if (code === undefined) {
    const result = buildSync({
      entryPoints: [fileURLToPath(new URL(BUNDLES[name].entry, import.meta.url))],
      bundle: true,
      write: false,
      format: BUNDLES[name].format,
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      external: ['node:*', '*/png.js', '*/html/index.js', '*/write-file.js'],
      logLevel: 'silent',
    });
    code = result.outputFiles[0]!.text;
    bundles.set(name, code);
  }
  return code;
}
