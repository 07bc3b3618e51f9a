/**
 * Findings about the gradients that flowed (the snapshot's `gradients`): a param whose gradient is
 * exactly zero (a dead ReLU when one lies on its way, or zeroed after backward sent it one), one
 * that vanishes or explodes compared with
 * the others, and one that holds NaN or Inf, with the node where that was born.
 */
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { type GradientFlow, type ParamGradient, isAllZero, isNonFinite } from './flow.js';

/** A gradient norm at most this share of the largest one, farther from the output, vanishes. */
export const VANISHING_SHARE = 1e-3;
/** A gradient norm at least this many times the smallest nonzero one, farther from the output, explodes. */
export const EXPLODING_GROWTH = 1e3;
/** Above this norm a gradient explodes whatever the others are (an SGD step of lr 0.01 would move the weights by 10 or more). */
export const EXPLODING_NORM = 1e3;

/** Activations whose derivative is small over most of their range. */
const SATURATING = /^(Sigmoid|Tanh)Backward\d*$/;
/** Activations that pass no gradient where their input is at or below zero. */
const RELU_FAMILY = /^(Relu|Threshold|Hardtanh|Relu6)Backward\d*$/;

export type GradientFindingFacts =
  /** `relu`: the ReLU node every unit of which is off, on the way to these params. */
  | { readonly kind: 'zeroGradient'; readonly relu?: number }
  /** backward() sent these params a gradient (`received`: the largest norm), but their `.grad` is zero now: zeroed after it. */
  | { readonly kind: 'clearedGradient'; readonly received: number }
  /** `activations`: the saturating activation nodes between the output and the param, by name. */
  | { readonly kind: 'vanishingGradient'; readonly share: number; readonly largest: string; readonly depth: number; readonly activations: ReadonlyMap<string, number> }
  | { readonly kind: 'explodingGradient'; readonly norm: number; readonly growth?: { readonly from: string; readonly factor: number } }
  /** `born`: the node whose gradient went non-finite from finite; `input`: which of its inputs, `inputNode` the node behind it. */
  | { readonly kind: 'nonFiniteGradient'; readonly nan: number; readonly inf: number; readonly born?: { readonly node: number; readonly input: number; readonly inputNode: number | null } };

export interface GradientFinding {
  readonly severity: 'error' | 'warning';
  /** The params concerned, the most affected first. */
  readonly params: readonly ParamGradient[];
  /** Snapshot node ids: the node that caused it (the dead ReLU, where the NaN was born) and then the params' AccumulateGrad nodes. */
  readonly nodes: readonly number[];
  readonly facts: GradientFindingFacts;
}

/** For each node, the nodes that lead to it from the outputs (found by walking `next` backwards once). */
function parentsOf(snapshot: GraphSnapshot): number[][] {
  const parents: number[][] = snapshot.nodes.map(() => []);
  for (const node of snapshot.nodes) for (const [next] of node.next) if (next !== null) parents[next]!.push(node.id);
  return parents;
}

/** The nodes at most `levels` steps above `target`. */
function closeAbove(target: number, parents: readonly number[][], levels: number): number[] {
  let level = [target];
  const out: number[] = [];
  for (let i = 0; i < levels; i++) {
    level = level.flatMap((id) => parents[id]!);
    out.push(...level);
  }
  return out;
}

/** Every node on a path from the outputs to `target` (its ancestors in the backward graph), `target` included. */
function nodesAbove(target: number, parents: readonly number[][]): Set<number> {
  const seen = new Set([target]);
  const stack = [target];
  while (stack.length > 0) {
    for (const p of parents[stack.pop()!]!) {
      if (seen.has(p)) continue;
      seen.add(p);
      stack.push(p);
    }
  }
  return seen;
}

const accumulators = (params: readonly ParamGradient[]): number[] => params.flatMap((p) => (p.node === undefined ? [] : [p.node]));

/** The gradient backward sent a param's AccumulateGrad, when it was recorded and not all zero. */
function receivedNorm(flow: GradientFlow, p: ParamGradient): number | undefined {
  const received = p.node === undefined ? undefined : flow.received.get(p.node)?.[0];
  return received != null && !isAllZero(received) ? received.norm : undefined;
}

function zeroFindings(flow: GradientFlow, parents: readonly number[][]): GradientFinding[] {
  const zero = flow.params.filter((p) => isAllZero(p.grad));
  // A gradient arrived and is gone: `.grad` was zeroed after backward (zero_grad() before step()).
  const received = new Map<ParamGradient, number>();
  for (const p of zero) {
    const norm = receivedNorm(flow, p);
    if (norm !== undefined) received.set(p, norm);
  }
  const cleared = zero.filter((p) => received.has(p));
  const dead = zero.filter((p) => !received.has(p));
  const clearedFinding: GradientFinding[] =
    cleared.length === 0 ? [] : [{ severity: 'error', params: cleared, nodes: accumulators(cleared), facts: { kind: 'clearedGradient', received: Math.max(...received.values()) } }];
  if (dead.length === 0) return clearedFinding;
  // A ReLU-family node that got some gradient and passed none on: every unit off.
  const off = (id: number) => {
    const received = flow.received.get(id)?.[0];
    const sent = flow.sent.get(id)?.[0];
    return RELU_FAMILY.test(flow.snapshot.nodes[id]!.name) && received != null && !isAllZero(received) && sent != null && isAllZero(sent);
  };
  const deadRelus = flow.snapshot.nodes.filter((n) => off(n.id)).map((n) => n.id);
  const byCause = new Map<number | undefined, ParamGradient[]>();
  for (const p of dead) {
    const above = p.node === undefined ? new Set<number>() : nodesAbove(p.node, parents);
    // The ReLU on its way, else one whose all-zero output the param multiplies (an input of the op just above it).
    const near = p.node === undefined ? [] : closeAbove(p.node, parents, 2).flatMap((id) => flow.snapshot.nodes[id]!.next.map(([n]) => n));
    const relu = deadRelus.find((id) => above.has(id)) ?? deadRelus.find((id) => near.includes(id));
    byCause.set(relu, [...(byCause.get(relu) ?? []), p]);
  }
  return [
    ...clearedFinding,
    ...[...byCause].map(([relu, params]): GradientFinding => ({
      severity: 'error',
      params,
      nodes: [...(relu !== undefined ? [relu] : []), ...accumulators(params)],
      facts: { kind: 'zeroGradient', ...(relu !== undefined ? { relu } : {}) },
    })),
  ];
}

function sizeFindings(flow: GradientFlow, parents: readonly number[][]): GradientFinding[] {
  const sized = flow.params.filter((p) => !isNonFinite(p.grad) && p.grad.norm > 0);
  if (sized.length < 2 && sized.every((p) => p.grad.norm < EXPLODING_NORM)) return [];
  const largest = sized.reduce((a, b) => (b.grad.norm > a.grad.norm ? b : a));
  const smallest = sized.reduce((a, b) => (b.grad.norm < a.grad.norm ? b : a));
  const findings: GradientFinding[] = [];
  // Smaller farther from the output: vanishing. Larger farther from it: exploding.
  const vanishing = sized.filter((p) => p.grad.norm <= VANISHING_SHARE * largest.grad.norm && p.depth > largest.depth).sort((a, b) => a.grad.norm - b.grad.norm);
  if (vanishing.length > 0) {
    const worst = vanishing[0]!;
    const activations = new Map<string, number>();
    if (worst.node !== undefined) {
      for (const id of nodesAbove(worst.node, parents)) {
        const name = flow.snapshot.nodes[id]!.name;
        if (SATURATING.test(name)) activations.set(name, (activations.get(name) ?? 0) + 1);
      }
    }
    findings.push({
      severity: 'warning',
      params: vanishing,
      nodes: accumulators(vanishing),
      facts: { kind: 'vanishingGradient', share: worst.grad.norm / largest.grad.norm, largest: largest.name, depth: worst.depth, activations },
    });
  }
  const grown = sized.filter((p) => p.grad.norm >= EXPLODING_GROWTH * smallest.grad.norm && p.depth > smallest.depth);
  const exploding = [...new Set([...grown, ...sized.filter((p) => p.grad.norm >= EXPLODING_NORM)])].sort((a, b) => b.grad.norm - a.grad.norm);
  if (exploding.length > 0) {
    const worst = exploding[0]!;
    const growth = grown.length > 0 ? { from: smallest.name, factor: grown.reduce((a, b) => Math.max(a, b.grad.norm), 0) / smallest.grad.norm } : undefined;
    findings.push({
      severity: 'warning',
      params: exploding,
      nodes: accumulators(exploding),
      facts: { kind: 'explodingGradient', norm: worst.grad.norm, ...(growth ? { growth } : {}) },
    });
  }
  return findings;
}

function nonFiniteFindings(flow: GradientFlow): GradientFinding[] {
  const bad = flow.params.filter((p) => isNonFinite(p.grad));
  if (bad.length === 0) return [];
  const anomaly = flow.snapshot.gradients?.anomaly;
  const input = anomaly?.inputs[0];
  const born = anomaly && input !== undefined ? { node: anomaly.node, input, inputNode: flow.snapshot.nodes[anomaly.node]!.next[input]?.[0] ?? null } : undefined;
  return [
    {
      severity: 'error',
      params: bad,
      nodes: [...(born ? [born.node] : []), ...accumulators(bad)],
      facts: {
        kind: 'nonFiniteGradient',
        nan: bad.reduce((n, p) => n + p.grad.nan, 0),
        inf: bad.reduce((n, p) => n + p.grad.inf, 0),
        ...(born ? { born } : {}),
      },
    },
  ];
}

/** Every gradient finding, the errors first. */
export function diagnoseGradients(flow: GradientFlow): GradientFinding[] {
  const parents = parentsOf(flow.snapshot);
  return [...nonFiniteFindings(flow), ...zeroFindings(flow, parents), ...sizeFindings(flow, parents)];
}
