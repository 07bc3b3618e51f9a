/** Writing a graph to a file, in the format its extension names. */
import { describeValue } from '@gradviz/engine';
import { GradvizGraph } from '@gradviz/viz';
import { format as formatMessage } from '@gradviz/viz/internal/messages/index';
import { outputFormatOf, unknownFormatMessage } from './output-formats.js';
import { writeFileAtomic } from './write-file.js';

/**
 * Writes `graph` (from makeDot) to `path` in the format its extension names: `.svg`, `.png`,
 * `.dot`/`.gv`, `.json` or `.html` (the interactive page, one self-contained file). Atomic: a write
 * that fails (full disk, a kill) leaves the file that was there unchanged.
 */
export async function saveGraph(graph: GradvizGraph, path: string): Promise<void> {
  if (!(graph instanceof GradvizGraph)) throw new TypeError(`saveGraph(graph, path): graph must be what makeDot() returns, got ${describeValue(graph)}`);
  if (typeof path !== 'string' || path === '') throw new TypeError(`saveGraph(graph, path): path must be a file name such as 'graph.svg', got ${String(path)}`);
  const format = outputFormatOf(path);
  if (format === undefined) throw new TypeError(`saveGraph(): ${formatMessage(graph.lang, unknownFormatMessage(path))}`);
  return writeFileAtomic(path, format.contents(graph));
}
