/** Writing the picture: the format from the extension, the folder made, long layouts reported. */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { IN_PROCESS_MAX_NODES } from '../layout/index.js';
import type { GradvizGraph } from '../make-dot.js';
import { type OutputFormat, outputFormatOf, unknownFormatText } from '../output-formats.js';
import { CliError } from './errors.js';

export interface TextSink {
  write(text: string): unknown;
}

/** The format GradvizGraph.save() will write to `out`; checked before the (maybe long) work starts. */
export function checkOutputPath(out: string): OutputFormat {
  const format = outputFormatOf(out);
  if (format === undefined) throw new CliError(unknownFormatText(out), 2);
  return format;
}

/** Lays the graph out, saying so on `progress` when it is big enough to need a worker thread. */
export function layoutWithProgress(graph: GradvizGraph, progress: TextSink): void {
  // A folded picture is laid out frame by frame, each small: only the flat drawing can be long.
  const boxes = graph.picture.nodes.length;
  if (boxes <= IN_PROCESS_MAX_NODES || graph.unfolded !== undefined) {
    graph.layout();
    return;
  }
  progress.write(`gradviz: laying out ${boxes} boxes and ${graph.picture.edges.length} arrows in a worker thread...\n`);
  const start = performance.now();
  graph.layout();
  progress.write(`gradviz: layout done in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
}

export async function writeGraph(graph: GradvizGraph, out: string, progress: TextSink): Promise<void> {
  if (checkOutputPath(out).needsLayout) layoutWithProgress(graph, progress);
  try {
    await mkdir(dirname(out), { recursive: true });
    await graph.save(out);
  } catch (error) {
    throw new CliError(`cannot write '${out}': ${error instanceof Error ? error.message : String(error)}`);
  }
}
