/** The browser scripts, built by `pnpm build` (esbuild) into dist/ and read once per process. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * `page`: the interactive HTML page's script; `foldingPage`: the same for a picture with folded
 * groups (it carries the pipeline's later stages, to fold and unfold); `component`: the
 * `<gradviz-graph>` element, one file that runs as a module script and as a classic one, which
 * every notebook front end runs (some evaluate output scripts in ways that ignore `type="module"`)
 * and pages opened from disk load (Chromium refuses module scripts from file://).
 */
export type BrowserBundleName = 'page' | 'foldingPage' | 'component';

// The page's scripts ship in this package, the element's in @gradviz/viz: each found through its package's exports.
const BUNDLES: Readonly<Record<BrowserBundleName, string>> = {
  page: '@gradviz/cli/browser/page.js',
  foldingPage: '@gradviz/cli/browser/folding-page.js',
  component: '@gradviz/viz/component',
};

const require = createRequire(import.meta.url);
const bundles = new Map<BrowserBundleName, string>();

/** One minified script with every dependency inside, for browsers. */
export function browserBundle(name: BrowserBundleName): string {
  let code = bundles.get(name);
  if (code === undefined) {
    try {
      code = readFileSync(require.resolve(BUNDLES[name]), 'utf8');
    } catch (error) {
      // Only a checkout can lack them: the packages are packed after the build.
      throw new Error(`the browser script '${name}' (${BUNDLES[name]}) is not built: run 'pnpm build' in the gradviz checkout (${error instanceof Error ? error.message : String(error)})`);
    }
    bundles.set(name, code);
  }
  return code;
}
