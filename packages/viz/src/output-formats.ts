/**
 * The files a graph is written as, by extension: `GradvizGraph.save()` writes them, and the CLI
 * checks an output name against them before the (maybe long) work starts.
 */
import type { GradvizGraph } from './make-dot.js';
import { message, type MessageRef } from './messages/index.js';

export interface OutputFormat {
  /** Whether writing it needs the boxes' positions (Graphviz source does not). */
  readonly needsLayout: boolean;
  /** The file's contents. Node-only writers are imported on first use, so browser bundles leave them out. */
  contents(graph: GradvizGraph): Promise<string | Uint8Array>;
}

const DOT: OutputFormat = { needsLayout: false, contents: async (graph) => graph.toDOT() };

const OUTPUT_FORMATS: Readonly<Record<string, OutputFormat>> = {
  '.svg': { needsLayout: true, contents: async (graph) => graph.toSVG() },
  '.png': { needsLayout: true, contents: async (graph) => (await import('./png.js')).svgToPng(graph.toSVG(), { scale: 2 }) },
  '.dot': DOT,
  '.gv': DOT,
  '.json': { needsLayout: true, contents: async (graph) => `${JSON.stringify(graph.toJSON(), null, 1)}\n` },
  '.html': { needsLayout: true, contents: async (graph) => (await import('./html/index.js')).toHTML(graph) },
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
