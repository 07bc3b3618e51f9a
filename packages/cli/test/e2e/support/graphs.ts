/** The graphs the tests draw: the seed's (through the CLI's loader) and one whose labels carry markup. */
import { fileURLToPath } from 'node:url';
import { tensor } from '@gradviz/engine';
import { loadGraph } from '../../../src/cli/load.js';
import { type GradvizGraph, makeDot } from '@gradviz/viz';

export const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));

/** `examples/blog-graph.ts` as the CLI reads it, source files relative to the repo root. */
export function seedGraph(): Promise<GradvizGraph> {
  return loadGraph('examples/blog-graph.ts', {}, { cwd: repoRoot });
}

/** Param names that would run script if any path put them into a page as markup. */
export const INJECTIONS = [
  '</script><script>window.__pwned = "script"</script><!--',
  '<img src=x onerror="window.__pwned = \'img\'">',
] as const;

/**
 * Both names in labels, hover text and details; the first also in the legend and diagnostics, as
 * its tensor is not a leaf (a dtype copy, like the seed's x).
 */
export function hostileGraph(): GradvizGraph {
  const copied = tensor([1, 2], { requiresGrad: true }).double();
  const leaf = tensor([3, 4], { requiresGrad: true });
  const z = copied.mul(2).sum().add(leaf.sum());
  z.backward();
  return makeDot(z, { params: { [INJECTIONS[0]]: copied, [INJECTIONS[1]]: leaf } });
}
