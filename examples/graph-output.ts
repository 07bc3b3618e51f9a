/**
 * Where the examples leave their graphs: `examples/out/<name>.json` (the snapshot JSON) and
 * `examples/out/<name>.svg` (gradviz's picture of it, diagnosis included).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GraphSnapshot } from '@gradviz/engine';
import { makeDot } from '@gradviz/viz';

export function saveGraph(name: string, graph: GraphSnapshot): void {
  const dir = new URL('./out/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const json = new URL(`${name}.json`, dir);
  const svg = new URL(`${name}.svg`, dir);
  writeFileSync(json, `${JSON.stringify(graph, null, 1)}\n`);
  const picture = makeDot(graph);
  writeFileSync(svg, picture.toSVG());
  const problems = picture.diagnostics.filter((d) => d.severity !== 'info').length;
  console.log(`graph: ${graph.nodes.length} nodes, ${problems} problem(s) -> ${fileURLToPath(svg)} (and .json)`);
}
