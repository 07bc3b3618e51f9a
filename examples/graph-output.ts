/**
 * Where the examples leave their graphs: `examples/out/<name>.json`, the snapshot JSON that the
 * viewer and gradviz's makeDot read.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GraphSnapshot } from '@gradviz/engine';

export function saveGraph(name: string, graph: GraphSnapshot): void {
  const dir = new URL('./out/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${name}.json`, dir);
  writeFileSync(file, `${JSON.stringify(graph, null, 1)}\n`);
  console.log(`graph: ${graph.nodes.length} nodes -> ${fileURLToPath(file)}`);
}
