/** Writing the picture: the format from the extension, the folder made, long layouts reported. */
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { LayoutTooDeepError, LayoutWorkerError } from '@gradviz/viz';
import { IN_PROCESS_MAX_NODES } from '@gradviz/viz/internal/layout/stack-size';
import type { GradvizGraph } from '@gradviz/viz';
import { format, type Lang, message } from '@gradviz/viz/internal/messages/index';
import { type OutputFormat, outputFormatOf, unknownFormatMessage } from '../output-formats.js';
import { saveGraph } from '../save.js';
import { FileWriteError } from '../write-file.js';
import { CliError } from './errors.js';

export interface TextSink {
  write(text: string): unknown;
}

/** The format saveGraph() will write to `out`; checked before the (maybe long) work starts. */
export function checkOutputPath(out: string): OutputFormat {
  const format = outputFormatOf(out);
  if (format === undefined) throw new CliError(unknownFormatMessage(out), 2);
  return format;
}

/** The layout, its foreseen failures (a graph too deep, a worker that died) as one-line CLI errors. */
function layout(graph: GradvizGraph): void {
  try {
    graph.layout();
  } catch (error) {
    if (error instanceof LayoutTooDeepError || error instanceof LayoutWorkerError) throw new CliError(message('cli.text', { text: error.message }));
    throw error;
  }
}

/** Lays the graph out, saying so on `progress` when it is big enough to need a worker thread. */
export function layoutWithProgress(graph: GradvizGraph, progress: TextSink, lang: Lang): void {
  // A folded picture is laid out frame by frame, each small: only the flat drawing can be long.
  const boxes = graph.picture.nodes.length;
  if (boxes <= IN_PROCESS_MAX_NODES || graph.unfolded !== undefined) {
    layout(graph);
    return;
  }
  progress.write(`gradviz: ${format(lang, message('cli.layingOut', { boxes, arrows: graph.picture.edges.length }))}\n`);
  const start = performance.now();
  layout(graph);
  progress.write(`gradviz: ${format(lang, message('cli.layoutDone', { seconds: ((performance.now() - start) / 1000).toFixed(1) }))}\n`);
}

/** The nearest folder on `folder`'s path that exists but is a file; undefined if there is none. */
async function fileInTheWay(folder: string): Promise<string | undefined> {
  for (let path = folder; ; path = dirname(path)) {
    const found = await stat(path).catch(() => undefined);
    if (found !== undefined) return found.isDirectory() ? undefined : path;
    if (dirname(path) === path) return undefined;
  }
}

/** Makes the folder `out` goes in, saying which path is a file when one stands in the way. */
async function makeFolderFor(out: string): Promise<void> {
  const folder = dirname(out);
  const file = await fileInTheWay(folder);
  if (file !== undefined) throw new CliError(message('cli.fileInTheWay', { out, file }));
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw new CliError(message('cli.cannotMakeFolder', { out, folder, problem: error instanceof Error ? error.message : String(error) }));
  }
}

export async function writeGraph(graph: GradvizGraph, out: string, progress: TextSink, lang: Lang): Promise<void> {
  if (checkOutputPath(out).needsLayout) layoutWithProgress(graph, progress, lang);
  await makeFolderFor(out);
  try {
    await saveGraph(graph, out);
  } catch (error) {
    // saveGraph() names the file and the reason already.
    throw new CliError(error instanceof FileWriteError ? message('cli.text', { text: error.message }) : message('cli.cannotWrite', { out, problem: error instanceof Error ? error.message : String(error) }));
  }
}
