/**
 * Gradient flow into the picture (makeDot's `gradients`): every flow arrow coloured and widened by
 * the norm of the gradient that went along it, every leaf box bordered the same way with its
 * gradient's norm under its name, the gradient findings as badges, and the scale for the legend.
 */
import type { GradientChartRow, GradientMark, VizEdge, VizGraph, VizNode } from '../graph.js';
import type { GradientFinding } from './diagnose.js';
import { type GradientFlow, type GradientStats, isAllZero, isNonFinite, magnitudeText } from './flow.js';
import { type GradientScale, ZERO_GRADIENT_COLOUR, gradientColour, gradientScale, gradientWidth, scaleTicks } from './scale.js';

/** The words the picture adds; each a short tag. */
export interface GradientWords {
  /** The line under a leaf's name, e.g. `grad 1.06e-5`. */
  normLine(norm: string): string;
  /** A leaf's hover details: its gradient's statistics, and the last update-to-weight ratio. */
  readonly details: { readonly gradient: string; readonly updateRatio: string; stats(stats: GradientStats): string };
  /** The colour bar's title and what its two outside marks mean. */
  readonly scale: { readonly title: string; readonly zero: string; readonly nonFinite: string };
  /** Badges, by what the finding marks. */
  readonly badges: {
    readonly born: string;
    readonly nonFiniteParam: string;
    readonly deadRelu: string;
    readonly zeroParam: string;
    readonly cleared: string;
    readonly vanishing: string;
    readonly exploding: string;
  };
}

function markOf(stats: GradientStats, scale: GradientScale | undefined): GradientMark {
  if (isNonFinite(stats)) return { norm: stats.norm, state: 'nonFinite', colour: '', width: 2.5 };
  if (isAllZero(stats) || scale === undefined || stats.norm === 0) return { norm: 0, state: 'zero', colour: ZERO_GRADIENT_COLOUR, width: 1 };
  return { norm: stats.norm, state: 'finite', colour: gradientColour(scale, stats.norm), width: gradientWidth(scale, stats.norm) };
}

const NODE_KEY = /^n(\d+)$/;
const TENSOR_KEY = /^t(\d+)$/;

/** The statistics of the gradient along each of torchviz's flow arrows, by edge index. */
function edgeStats(graph: VizGraph, flow: GradientFlow): Map<number, GradientStats> {
  const out = new Map<number, GradientStats>();
  const snapshot = flow.snapshot;
  // torchviz draws one arrow per non-null `next` entry, in order: the k-th arrow from c to p is p's k-th entry naming c.
  const taken = new Map<string, number>();
  graph.edges.forEach((edge, e) => {
    if (edge.kind !== 'flow') return;
    const to = NODE_KEY.exec(edge.to);
    const fromNode = NODE_KEY.exec(edge.from);
    const fromTensor = TENSOR_KEY.exec(edge.from);
    let stats: GradientStats | null | undefined;
    if (to && fromNode) {
      const [parent, child] = [Number(to[1]), Number(fromNode[1])];
      const pair = `${child}>${parent}`;
      const k = taken.get(pair) ?? 0;
      taken.set(pair, k + 1);
      const entries = snapshot.nodes[parent]!.next.flatMap(([next], i) => (next === child ? [i] : []));
      const index = entries[k];
      stats = index === undefined ? undefined : flow.sent.get(parent)?.[index];
    } else if (to && fromTensor) {
      stats = flow.received.get(Number(to[1]))?.[0];
    } else if (fromNode) {
      const tensor = TENSOR_KEY.exec(edge.to);
      if (tensor) stats = flow.received.get(Number(fromNode[1]))?.[snapshot.tensors[Number(tensor[1])]!.outputNr ?? 0];
    }
    if (stats) out.set(e, stats);
  });
  return out;
}

/** The badges the findings put on boxes, by box id. */
function findingBadges(findings: readonly GradientFinding[], words: GradientWords): Map<string, { badge: string; broken: boolean }> {
  const badges = new Map<string, { badge: string; broken: boolean }>();
  const add = (key: string, badge: string, broken: boolean) => {
    const known = badges.get(key);
    badges.set(key, known ? { badge: `${known.badge}; ${badge}`, broken: known.broken || broken } : { badge, broken });
  };
  for (const finding of findings) {
    const facts = finding.facts;
    const paramBadge = { nonFiniteGradient: words.badges.nonFiniteParam, zeroGradient: words.badges.zeroParam, clearedGradient: words.badges.cleared, vanishingGradient: words.badges.vanishing, explodingGradient: words.badges.exploding }[facts.kind];
    for (const p of finding.params) add(`t${p.tensor}`, paramBadge, finding.severity === 'error');
    if (facts.kind === 'nonFiniteGradient' && facts.born) add(`n${facts.born.node}`, words.badges.born, true);
    if (facts.kind === 'zeroGradient' && facts.relu !== undefined) add(`n${facts.relu}`, words.badges.deadRelu, true);
  }
  return badges;
}

export function annotateGradients(graph: VizGraph, flow: GradientFlow, findings: readonly GradientFinding[], words: GradientWords): VizGraph {
  const stats = edgeStats(graph, flow);
  const leafNorms = [...flow.leaves.values()].filter((s) => !isNonFinite(s)).map((s) => s.norm);
  const scale = gradientScale([...[...stats.values()].filter((s) => !isNonFinite(s)).map((s) => s.norm), ...leafNorms]);
  const edges: VizEdge[] = graph.edges.map((edge, e) => {
    const s = stats.get(e);
    return s ? { ...edge, gradient: markOf(s, scale) } : edge;
  });
  const badges = findingBadges(findings, words);
  const nodes: VizNode[] = graph.nodes.map((node) => {
    const leaf = node.kind === 'leaf' && node.tensor !== undefined ? flow.leaves.get(node.tensor) : undefined;
    const found = badges.get(node.id);
    if (leaf === undefined && found === undefined) return node;
    const ratio = node.tensor === undefined ? undefined : flow.updateRatios.get(node.tensor);
    const details: [string, string][] = leaf ? [[words.details.gradient, words.details.stats(leaf)], ...(ratio !== undefined ? [[words.details.updateRatio, magnitudeText(ratio)] as [string, string]] : [])] : [];
    return {
      ...node,
      ...(leaf ? { gradient: markOf(leaf, scale), lines: [...node.lines, words.normLine(isNonFinite(leaf) ? nonFiniteText(leaf) : magnitudeText(leaf.norm))], details: [...(node.details ?? []), ...details] } : {}),
      ...(found ? { badge: node.badge ? `${node.badge}; ${found.badge}` : found.badge, ...(found.broken ? { broken: true } : {}) } : {}),
    };
  });
  const legend = scale ? { ...scale, ...words.scale, ticks: scaleTicks(scale).map((t) => [t, magnitudeText(t)] as const) } : undefined;
  const chart = chartRows(flow, nodes);
  return { ...graph, nodes, edges, ...(legend ? { gradientScale: legend } : {}), ...(chart.length > 0 ? { gradientChart: chart } : {}) };
}

/** The named params with a gradient, deepest (the input side) first, as the classic gradient-flow plot reads. */
function chartRows(flow: GradientFlow, nodes: readonly VizNode[]): GradientChartRow[] {
  const boxOf = new Map(nodes.flatMap((n) => (n.kind === 'leaf' && n.tensor !== undefined ? [[n.tensor, n.id] as const] : [])));
  return flow.params
    .map((p, order) => ({ p, order }))
    .filter(({ p }) => boxOf.has(p.tensor))
    .sort((a, b) => b.p.depth - a.p.depth || a.order - b.order)
    .map(({ p }) => ({ name: p.name, box: boxOf.get(p.tensor)!, meanAbs: p.grad.meanAbs, maxAbs: p.grad.maxAbs, state: isNonFinite(p.grad) ? 'nonFinite' : isAllZero(p.grad) ? 'zero' : 'finite' }));
}

/** `2 NaN, 1 Inf`: what a non-finite gradient holds. */
export function nonFiniteText(s: GradientStats): string {
  const parts = [...(s.nan > 0 ? [`${s.nan} NaN`] : []), ...(s.inf > 0 ? [`${s.inf} Inf`] : [])];
  return parts.join(', ');
}
