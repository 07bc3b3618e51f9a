/**
 * The snapshot's `gradients` block read for the picture and the diagnosis: the gradient along each
 * of torchviz's flow arrows, each named param's `.grad`, and how far each leaf is from the outputs.
 */
import type { GradientStatsSnapshot, GraphSnapshot } from '@gradviz/engine/snapshot-schema';

/** One gradient that flowed: the snapshot's statistics. */
export type GradientStats = GradientStatsSnapshot;

export const isNonFinite = (s: GradientStats): boolean => s.nan > 0 || s.inf > 0;
export const isAllZero = (s: GradientStats): boolean => s.zeros === s.numel && s.numel > 0;

export interface ParamGradient {
  readonly name: string;
  readonly tensor: number;
  /** The AccumulateGrad node feeding it; undefined when the param is no leaf of this graph. */
  readonly node: number | undefined;
  readonly grad: GradientStats;
  readonly updateRatio?: number;
  /** Nodes on the longest path from an output's gradFn to its AccumulateGrad (1 for a leaf fed by the output's node). */
  readonly depth: number;
}

export interface GradientFlow {
  readonly snapshot: GraphSnapshot;
  /** What node `n` sent along its `next[i]` entry: `sent[n][i]`. */
  readonly sent: ReadonlyMap<number, readonly (GradientStats | null)[]>;
  /** What came into node `n`, per output. */
  readonly received: ReadonlyMap<number, readonly (GradientStats | null)[]>;
  /** Named params with a `.grad`, in the order `params` gives them (a tensor named twice, once). */
  readonly params: readonly ParamGradient[];
  /** `.grad` of each leaf by tensor id. */
  readonly leaves: ReadonlyMap<number, GradientStats>;
  /** |Δw| / |w| of the last optimizer step, by tensor id, where one was recorded. */
  readonly updateRatios: ReadonlyMap<number, number>;
}

/** Longest distance in nodes from the outputs' gradFns to each node (Kahn's order: no recursion). */
export function depthsFromOutputs(snapshot: GraphSnapshot): number[] {
  const incoming = new Array<number>(snapshot.nodes.length).fill(0);
  for (const node of snapshot.nodes) for (const [next] of node.next) if (next !== null) incoming[next]!++;
  const depth = new Array<number>(snapshot.nodes.length).fill(0);
  const ready: number[] = [];
  for (const output of snapshot.outputs) if (output.gradFn !== null && depth[output.gradFn] === 0) depth[output.gradFn] = 1;
  incoming.forEach((count, id) => count === 0 && ready.push(id));
  while (ready.length > 0) {
    const id = ready.pop()!;
    for (const [next] of snapshot.nodes[id]!.next) {
      if (next === null) continue;
      depth[next] = Math.max(depth[next]!, depth[id]! + 1);
      if (--incoming[next]! === 0) ready.push(next);
    }
  }
  return depth;
}

/** The flow read from the snapshot; undefined when it has no `gradients`. */
export function readGradientFlow(snapshot: GraphSnapshot): GradientFlow | undefined {
  const block = snapshot.gradients;
  if (block === undefined) return undefined;
  const sent = new Map(block.nodes.map((n) => [n.node, n.gradInputs]));
  const received = new Map(block.nodes.map((n) => [n.node, n.gradOutputs]));
  const leaves = new Map(block.leaves.map((l) => [l.tensor, l.grad]));
  const ratios = new Map(block.leaves.flatMap((l) => (l.updateRatio !== undefined ? [[l.tensor, l.updateRatio] as const] : [])));
  const accumulator = new Map<number, number>();
  snapshot.nodes.forEach((n) => n.variable !== undefined && accumulator.set(n.variable, n.id));
  const depths = depthsFromOutputs(snapshot);
  const seen = new Set<number>();
  const params: ParamGradient[] = [];
  for (const p of snapshot.params) {
    const grad = leaves.get(p.tensor);
    if (grad === undefined || seen.has(p.tensor)) continue;
    seen.add(p.tensor);
    const node = accumulator.get(p.tensor);
    const ratio = ratios.get(p.tensor);
    params.push({ name: p.name, tensor: p.tensor, node, grad, depth: node === undefined ? 0 : depths[node]!, ...(ratio !== undefined ? { updateRatio: ratio } : {}) });
  }
  return { snapshot, sent, received, params, leaves, updateRatios: ratios };
}

/** `1.06e-5`, `0.657`, `3.2e+6`: three significant digits, as a learner reads them. */
export function magnitudeText(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  return abs >= 1e-3 && abs < 1e4 ? String(Number(value.toPrecision(3))) : value.toExponential(2).replace(/\.?0+e/, 'e');
}
