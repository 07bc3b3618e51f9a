/** The browser scripts, bundled from `src/browser/` on first use (esbuild) and kept for the process. */
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

/**
 * `page`: the interactive HTML page's script; `foldingPage`: the same for a picture with folded
 * groups (it carries the pipeline's later stages, to fold and unfold); `component`: the
 * `<gradviz-graph>` element.
 */
export type BrowserBundleName = 'page' | 'foldingPage' | 'component';

const ENTRY_POINTS: Readonly<Record<BrowserBundleName, string>> = {
  page: '../browser/page.ts',
  foldingPage: '../browser/folding-page.ts',
  component: '../browser/component.ts',
};

const bundles = new Map<BrowserBundleName, string>();

/**
 * One minified ES module with every dependency inside, for browsers: `#layout` resolves to the
 * in-page layout. save() imports Node-only modules lazily; browsers never call it, so they stay out.
 */
export function browserBundle(name: BrowserBundleName): string {
  let code = bundles.get(name);
  if (code === undefined) {
    const result = buildSync({
      entryPoints: [fileURLToPath(new URL(ENTRY_POINTS[name], import.meta.url))],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      external: ['node:*', '*/png.js', '*/html/index.js'],
      logLevel: 'silent',
    });
    code = result.outputFiles[0]!.text;
    bundles.set(name, code);
  }
  return code;
}
