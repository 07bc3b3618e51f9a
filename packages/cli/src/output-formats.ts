/**
 * The files a graph is written as, by extension: `saveGraph()` writes them, and the CLI
 * checks an output name against them before the (maybe long) work starts.
 */
import type { GradvizGraph } from '@gradviz/viz';
import { message, type MessageRef } from '@gradviz/viz/internal/messages/index';
import { toHTML } from './html/index.js';
import { svgToPng } from './png.js';

export interface OutputFormat {
  /** Whether writing it needs the boxes' positions (Graphviz source does not). */
  readonly needsLayout: boolean;
  /** The file's contents. */
  contents(graph: GradvizGraph): string | Uint8Array;
}

const DOT: OutputFormat = { needsLayout: false, contents: (graph) => graph.toDOT() };

const OUTPUT_FORMATS: Readonly<Record<string, OutputFormat>> = {
  '.svg': { needsLayout: true, contents: (graph) => graph.toSVG() },
  '.png': { needsLayout: true, contents: (graph) => svgToPng(graph.toSVG(), { scale: 2 }) },
  '.dot': DOT,
  '.gv': DOT,
  '.json': { needsLayout: true, contents: (graph) => `${JSON.stringify(graph.toJSON(), null, 1)}\n` },
  '.html': { needsLayout: true, contents: (graph) => toHTML(graph) },
};

/** The format `path`'s extension names, if it names one. */
export function outputFormatOf(path: string): OutputFormat | undefined {
  const extension = /\.[a-z0-9]+$/i.exec(path)?.[0].toLowerCase();
  return extension === undefined ? undefined : OUTPUT_FORMATS[extension];
}

/** Why `path` names no format, with the extensions that do. */
export function unknownFormatMessage(path: string): MessageRef {
  return message('output.unknownFormat', { path, extensions: Object.keys(OUTPUT_FORMATS).join(', ') });
}
