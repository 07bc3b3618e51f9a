/**
 * Graphviz source with torchviz's attributes, plus gradviz's marks as ordinary Graphviz attributes
 * (red borders, dashed ghosts, a legend as the graph label), so `dot -Tsvg` draws it too.
 */
import { format, message } from './messages/index.js';
import { clipText, type GradientMark, MAX_LEGEND_CHARS, type VizEdge, type VizGraph, type VizNode } from './graph.js';
import { pythonFloat } from './python-format.js';
import { xmlSafe } from './render/svg-node.js';

/**
 * Graphviz 2.43's scanner refuses a quoted string holding a run of more than 16,380 bytes without
 * a backslash; longer text is written as several quoted strings joined by `+`, which DOT concatenates.
 */
const MAX_PIECE_BYTES = 8000;

const DOT_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n' };

function utf8Bytes(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * A DOT double-quoted string: backslash, quote and newline escaped, characters XML cannot carry
 * (NUL and other controls, which Graphviz refuses or passes into its SVG) replaced by U+FFFD.
 */
export function dotString(text: string): string {
  const safe = xmlSafe(text).replace(/\r\n/g, '\n');
  // Three bytes a UTF-16 unit at most: short text needs no pieces.
  if (safe.length * 3 <= MAX_PIECE_BYTES) return `"${safe.replace(/[\\"\n]/g, (c) => DOT_ESCAPES[c]!)}"`;
  const pieces: string[] = [];
  let piece = '';
  let bytes = 0;
  for (const char of safe) {
    const size = utf8Bytes(char.codePointAt(0)!);
    if (bytes + size > MAX_PIECE_BYTES) {
      pieces.push(piece);
      piece = '';
      bytes = 0;
    }
    piece += DOT_ESCAPES[char] ?? char;
    bytes += size;
  }
  pieces.push(piece);
  return pieces.map((p) => `"${p}"`).join(' + ');
}

/** torchviz's resize_graph: 0.15 inch per statement, at least 12. */
function graphSize(statementCount: number): string {
  const content = statementCount * 0.15;
  const size = content > 12 ? pythonFloat(content) : '12';
  return `${size},${size}`;
}

function nodeAttributes(node: VizNode): string[] {
  const attrs = [`label=${dotString(node.lines.join('\n'))}`];
  // A label cut for showing: Graphviz shows the whole of it on hover.
  const full = node.fullLabel;
  if (full !== undefined) attrs.push(`tooltip=${dotString(full)}`);
  // torchviz leaves grad_fn nodes to Graphviz's default fill (lightgrey).
  if (node.kind !== 'gradFn') attrs.push(`fillcolor=${node.fill}`);
  if (node.ghost) attrs.push('style="filled,dashed"', 'fontcolor=gray40');
  if (node.broken) attrs.push('color=red', 'penwidth=2');
  else if (node.receivesGrad) attrs.push('color=blue', 'penwidth=2');
  else if (node.gradient) attrs.push(...gradientAttributes(node.gradient));
  if (node.badge) attrs.push(`xlabel=${dotString(node.badge)}`);
  if (node.kind === 'param' || node.kind === 'ghost') attrs.push(`class=${dotString(`gradviz-${node.kind}`)}`);
  return attrs;
}

/** makeDot's `gradients`: the colour and width on the scale; NaN/Inf red; a zero gradient's arrow dashed (a box keeps its fill style). */
function gradientAttributes(mark: GradientMark, arrow = false): string[] {
  if (mark.state === 'nonFinite') return ['color=red', 'penwidth=2.5'];
  return [`color=${dotString(mark.colour)}`, `penwidth=${mark.width}`, ...(arrow && mark.state === 'zero' ? ['style=dashed'] : [])];
}

function edgeAttributes(edge: VizEdge): string[] {
  const attrs: string[] = [];
  if (!edge.arrow) attrs.push('dir=none');
  if (edge.style !== 'solid') attrs.push(`style=${edge.style}`);
  if (edge.broken) attrs.push('color=red');
  else if (edge.gradient) attrs.push(...gradientAttributes(edge.gradient, true));
  if (edge.kind === 'param' || edge.kind === 'cut') attrs.push(`class=${dotString(`gradviz-${edge.kind}`)}`);
  return attrs;
}

const RANKDIR_DEFAULT = 'TB';

export function toDot(graph: VizGraph, statementCount: number): string {
  const lines = ['digraph {'];
  const graphAttrs = [`size=${dotString(graphSize(statementCount))}`];
  if (graph.rankdir !== RANKDIR_DEFAULT) graphAttrs.push(`rankdir=${graph.rankdir}`);
  if (graph.legend.length > 0) {
    const clip = (text: string) => clipText(text, MAX_LEGEND_CHARS);
    const lang = graph.lang ?? 'en';
    const legend = graph.legend.map((e) => `${clip(e.text)}${e.fix ? ` ${format(lang, message('explain.fix', { fix: clip(e.fix) }))}` : ''}`).join('\n');
    graphAttrs.push(`label=${dotString(legend)}`, 'labelloc=b', 'labeljust=l', 'fontname=monospace', 'fontsize=10');
  }
  lines.push(`\tgraph [${graphAttrs.join(' ')}]`);
  lines.push('\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]');
  for (const node of graph.nodes) lines.push(`\t${dotString(node.id)} [${nodeAttributes(node).join(' ')}]`);
  for (const edge of graph.edges) {
    const attrs = edgeAttributes(edge);
    lines.push(`\t${dotString(edge.from)} -> ${dotString(edge.to)}${attrs.length ? ` [${attrs.join(' ')}]` : ''}`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
