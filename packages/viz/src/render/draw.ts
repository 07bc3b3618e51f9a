import { type VizGraph, visibleLines } from '../graph.js';
import type { LaidOutGraph } from '../layout/types.js';
import { FONT_FAMILY, LABEL_FONT_SIZE } from '../layout/text-metrics.js';
import { drawClusterFrame, drawClusterLabel } from './clusters.js';
import { drawEdge } from './edges.js';
import { drawGradientLegend, gradientLegendWidth } from './gradient-legend.js';
import { LEGEND_MIN_WIDTH, drawLegend } from './legend.js';
import { drawNode } from './nodes.js';
import { SVG_NS, type SvgNode, element, num } from './svg-node.js';
import { type Theme, lightTheme } from './theme.js';

export interface DrawOptions {
  /** Default: the light theme. */
  readonly theme?: Theme;
}

/**
 * Draws a laid-out graph as the drawing model: a standalone SVG (white background, inline
 * attributes, no styles, scripts or external resources) with the legend under the graph.
 * Edges are drawn before boxes so that boxes sit on top of edge ends.
 */
export function drawGraph(laid: LaidOutGraph, graph: VizGraph, options: DrawOptions = {}): SvgNode {
  const theme = options.theme ?? lightTheme;
  if (laid.nodes.length !== graph.nodes.length || laid.edges.length !== graph.edges.length || (laid.clusters?.length ?? 0) !== (graph.clusters?.length ?? 0)) {
    throw new Error('drawGraph: the layout was made for another graph (node or edge counts differ)');
  }
  // A box's name in an edge's hover text: its first visible label line, else its id.
  const names = new Map(graph.nodes.map((node) => [node.id, visibleLines(node)[0] ?? node.id]));
  const scale = graph.gradientScale;
  const legendWidth = Math.max(graph.legend.length > 0 ? LEGEND_MIN_WIDTH : 0, scale ? gradientLegendWidth(scale) : 0);
  const width = Math.max(laid.width, legendWidth);
  const graphOffset = (width - laid.width) / 2;

  const edges = graph.edges.map((edge, i) => {
    const title = `${names.get(edge.from) ?? edge.from} -> ${names.get(edge.to) ?? edge.to} (${edge.kind})`;
    return drawEdge(laid.edges[i]!, edge, title, theme);
  });
  const nodes = graph.nodes.map((node, i) => drawNode(laid.nodes[i]!, node, theme));
  const clusters = graph.clusters ?? [];
  const frames = clusters.map((cluster, i) => drawClusterFrame(laid.clusters![i]!, cluster, theme));
  const labels = clusters.map((cluster, i) => drawClusterLabel(laid.clusters![i]!, cluster, theme));
  const body = element('g', { class: 'graph', ...(graphOffset > 0 ? { transform: `translate(${num(graphOffset)},0)` } : {}) }, [
    ...(clusters.length > 0 ? [element('g', { class: 'clusters' }, frames)] : []),
    element('g', { class: 'edges' }, edges),
    ...(clusters.length > 0 ? [element('g', { class: 'cluster-labels' }, labels)] : []),
    element('g', { class: 'nodes' }, nodes),
  ]);

  const legend = graph.legend.length > 0 ? drawLegend(graph.legend, laid.height, width, theme, graph.lang ?? 'en') : undefined;
  const bar = scale ? drawGradientLegend(scale, laid.height + (legend?.height ?? 0), width, theme) : undefined;
  const height = laid.height + (legend?.height ?? 0) + (bar?.height ?? 0);
  return element(
    'svg',
    {
      xmlns: SVG_NS,
      width,
      height,
      viewBox: `0 0 ${num(width)} ${num(height)}`,
      'font-family': FONT_FAMILY,
      'font-size': LABEL_FONT_SIZE,
    },
    [element('rect', { class: 'background', x: 0, y: 0, width, height, fill: theme.background }), body, ...(legend ? [legend.node] : []), ...(bar ? [bar.node] : [])],
  );
}
