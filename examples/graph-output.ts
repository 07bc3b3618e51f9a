/**
 * Where the examples leave their graphs: `examples/out/<name>.json` (the snapshot JSON) and
 * `examples/out/<name>.svg` (gradviz's picture of it, diagnosis included). Both are written
 * atomically: an example stopped halfway leaves the previous files whole.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GraphSnapshot } from '@gradviz/engine';
import { makeDot } from '@gradviz/viz';
import { saveGraph as savePicture, writeFileAtomic } from '@gradviz/cli';

export async function saveGraph(name: string, graph: GraphSnapshot): Promise<void> {
  const dir = new URL('./out/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const json = fileURLToPath(new URL(`${name}.json`, dir));
  const svg = fileURLToPath(new URL(`${name}.svg`, dir));
  await writeFileAtomic(json, `${JSON.stringify(graph, null, 1)}\n`);
  const picture = makeDot(graph);
  await savePicture(picture, svg);
  const problems = picture.diagnostics.filter((d) => d.severity !== 'info').length;
  console.log(`graph: ${graph.nodes.length} nodes, ${problems} problem(s) -> ${svg} (and .json)`);
}
