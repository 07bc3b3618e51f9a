/** What a page hands the web component, turned into what the viewer draws. */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import type { Finding } from '../diagnose.js';
import type { VizGraph } from '../graph.js';
import type { LaidOutGraph } from '../layout/types.js';
import { makeDot } from '../make-dot.js';
import { looksLikeSnapshot } from '../validate.js';

export interface DrawableGraph {
  readonly graph: VizGraph;
  readonly layout: LaidOutGraph;
  readonly diagnostics: readonly Finding[];
}

function isDrawable(value: unknown): value is DrawableGraph {
  const v = value as { graph?: { nodes?: unknown }; layout?: { nodes?: unknown }; diagnostics?: unknown } | null;
  return typeof v === 'object' && v !== null && Array.isArray(v.graph?.nodes) && Array.isArray(v.layout?.nodes) && Array.isArray(v.diagnostics);
}

/**
 * makeDot().toJSON() output is drawn as it is (its layout came from the server); a bare snapshot
 * goes through makeDot here, in the page.
 */
export function drawableGraph(json: unknown): DrawableGraph {
  if (isDrawable(json)) return json;
  if (looksLikeSnapshot(json)) {
    const graph = makeDot(json as GraphSnapshot);
    return { graph: graph.graph, layout: graph.layout(), diagnostics: graph.diagnostics };
  }
  throw new TypeError("expected the JSON that makeDot().toJSON() or 'gradviz render --out graph.json' writes, or a snapshot (format 'gradviz.graph')");
}
