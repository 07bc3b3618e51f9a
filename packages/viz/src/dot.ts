/**
 * Graphviz source with torchviz's attributes, plus gradviz's marks as ordinary Graphviz attributes
 * (red borders, dashed ghosts, a legend as the graph label), so `dot -Tsvg` draws it too.
 */
import type { VizEdge, VizGraph, VizNode } from './graph.js';
import { pythonFloat } from './python-format.js';

/** A DOT double-quoted string: backslash, quote and newline escaped. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/** torchviz's resize_graph: 0.15 inch per statement, at least 12. */
function graphSize(statementCount: number): string {
  const content = statementCount * 0.15;
  const size = content > 12 ? pythonFloat(content) : '12';
  return `${size},${size}`;
}

function nodeAttributes(node: VizNode): string[] {
  const attrs = [`label=${dotString(node.lines.join('\n'))}`];
  // torchviz leaves grad_fn nodes to Graphviz's default fill (lightgrey).
  if (node.kind !== 'gradFn') attrs.push(`fillcolor=${node.fill}`);
  if (node.ghost) attrs.push('style="filled,dashed"', 'fontcolor=gray40');
  if (node.broken) attrs.push('color=red', 'penwidth=2');
  else if (node.receivesGrad) attrs.push('color=blue', 'penwidth=2');
  if (node.badge) attrs.push(`xlabel=${dotString(node.badge)}`);
  if (node.kind === 'param' || node.kind === 'ghost') attrs.push(`class=${dotString(`gradviz-${node.kind}`)}`);
  return attrs;
}

function edgeAttributes(edge: VizEdge): string[] {
  const attrs: string[] = [];
  if (!edge.arrow) attrs.push('dir=none');
  if (edge.style !== 'solid') attrs.push(`style=${edge.style}`);
  if (edge.broken) attrs.push('color=red');
  if (edge.kind === 'param' || edge.kind === 'cut') attrs.push(`class=${dotString(`gradviz-${edge.kind}`)}`);
  return attrs;
}

const RANKDIR_DEFAULT = 'TB';

export function toDot(graph: VizGraph, statementCount: number): string {
  const lines = ['digraph {'];
  const graphAttrs = [`size=${dotString(graphSize(statementCount))}`];
  if (graph.rankdir !== RANKDIR_DEFAULT) graphAttrs.push(`rankdir=${graph.rankdir}`);
  if (graph.legend.length > 0) {
    const legend = graph.legend.map((e) => `${e.text}${e.fix ? ` Fix: ${e.fix}` : ''}`).join('\n');
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
