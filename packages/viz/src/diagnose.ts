/**
 * Why a gradient does not arrive: one finding per problem, read from the snapshot alone — which
 * named tensors are leaves, which reach the outputs, and what cut the others off.
 */
import type { GraphSnapshot, TensorSnapshot } from '@gradviz/engine/snapshot-schema';

export type FindingKind =
  /** A named tensor is not a leaf, so backward does not fill its `.grad`. */
  | 'nonLeafParam'
  /** A named tensor reaches the outputs only through `detach()`. */
  | 'detachedParam'
  /** A named tensor's value was used under `noGrad`. */
  | 'noGradParam'
  /** A named tensor was made under `noGrad`, so it does not require grad. */
  | 'paramMadeUnderNoGrad'
  /** A named tensor does not require grad. */
  | 'paramNoGrad'
  /** A named tensor does not take part in computing the outputs. */
  | 'paramNotInGraph'
  /** A leaf enters the graph through a dtype copy (ToCopyBackward0). */
  | 'dtypeCopy'
  /** An output has no gradFn: backward on it raises. */
  | 'outputWithoutGrad';

export interface Finding {
  readonly kind: FindingKind;
  readonly severity: 'error' | 'warning' | 'info';
  /** The params names concerned. */
  readonly params: readonly string[];
  /** Snapshot tensor ids concerned: the named tensor first, then e.g. the leaf that gets the gradient. */
  readonly tensors: readonly number[];
  /** Snapshot node ids concerned: where the chain breaks or where a value entered as a constant. */
  readonly nodes: readonly number[];
  /** One sentence, plain words: what is wrong. */
  readonly text: string;
  /** One sentence: how to fix it. */
  readonly fix: string;
}

/** The call that converts to a dtype, as a learner writes it. */
function conversionCall(dtype: string): string {
  return dtype === 'float32' ? '.float()' : dtype === 'float64' ? '.double()' : `.to('${dtype}')`;
}

function shapeText(t: TensorSnapshot): string {
  return `(${t.shape.join(', ')})`;
}

function where(t: TensorSnapshot): string {
  const source = t.origin && 'source' in t.origin ? t.origin.source : undefined;
  return source ? ` on line ${source.line} of ${source.file.split(/[\\/]/).pop()}` : '';
}

/** Reading the snapshot: which leaves are reached, which node made what, where constants entered. */
class GraphFacts {
  readonly reachedLeaves = new Set<number>();
  /**
   * Where values that need no gradient enter: each constant input's tensor with the nodes it
   * entered, and each output without gradFn (entering nothing: it is the end of the graph).
   */
  readonly constantUses = new Map<number, number[]>();

  constructor(readonly snapshot: GraphSnapshot) {
    for (const node of snapshot.nodes) {
      if (node.variable !== undefined) this.reachedLeaves.add(node.variable);
      node.constants?.forEach((c) => {
        if (c !== null && 'tensor' in c) this.constantUses.set(c.tensor, [...(this.constantUses.get(c.tensor) ?? []), node.id]);
      });
    }
    for (const output of snapshot.outputs) {
      if (output.gradFn === null && !this.constantUses.has(output.tensor)) this.constantUses.set(output.tensor, []);
    }
  }

  tensor(id: number): TensorSnapshot {
    return this.snapshot.tensors[id]!;
  }

  /** Leaves whose AccumulateGrad is reached from `node` (iterative walk). */
  leavesBehind(node: number): number[] {
    const leaves: number[] = [];
    const seen = new Set([node]);
    const stack = [node];
    while (stack.length > 0) {
      const n = this.snapshot.nodes[stack.pop()!]!;
      if (n.variable !== undefined) leaves.push(n.variable);
      for (const [next] of n.next) {
        if (next !== null && !seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return leaves;
  }

  /** Constant inputs whose value came from `tensor` through a cut, with the kind of cut and the nodes they entered. */
  cutsOf(tensor: number): { cut: 'detach' | 'noGrad'; constant: number; nodes: number[] }[] {
    const found: { cut: 'detach' | 'noGrad'; constant: number; nodes: number[] }[] = [];
    for (const [constant, nodes] of this.constantUses) {
      for (const source of this.tensor(constant).cutSources ?? []) {
        if (source.tensor === tensor) found.push({ cut: source.cut, constant, nodes });
      }
    }
    return found;
  }
}

function describeNonLeaf(name: string, t: TensorSnapshot, facts: GraphFacts, nodes: number[], leaves: number[]): Omit<Finding, 'kind' | 'params'> {
  const origin = t.origin;
  const unnamed = leaves.filter((l) => !facts.tensor(l).params?.length);
  const receiver =
    leaves.length === 1
      ? unnamed.length === 1
        ? `the ${facts.tensor(leaves[0]!).dtype} leaf behind it, which nothing names`
        : `the leaf ${facts.tensor(leaves[0]!).params!.join(', ')}`
      : 'the leaves behind it';
  if (origin?.kind === 'dtypeCopy') {
    const copy = `${conversionCall(origin.to)}${where(t)} made ${name} a ${origin.to} copy (ToCopyBackward0) of a ${origin.from} tensor`;
    if (t.retainsGrad) {
      return {
        severity: 'warning',
        tensors: [t.id, ...leaves],
        nodes,
        text: `${name} is not a leaf — ${copy} — so although retainGrad() fills ${name}.grad, an optimizer given ${name} would update the copy, not ${receiver}.`,
        fix: `Create ${name} as the leaf: tensor(values, { requiresGrad: true, dtype: '${origin.to}' }).`,
      };
    }
    return {
      severity: 'error',
      tensors: [t.id, ...leaves],
      nodes,
      text: `${name}.grad is null because ${name} is not a leaf: ${copy}, and backward puts the gradient in ${receiver}.`,
      fix: `Pass the dtype when you create it — tensor(values, { requiresGrad: true, dtype: '${origin.to}' }) — or call ${conversionCall(origin.to)} before .requiresGrad_(); use ${name}.retainGrad() if you want the copy's gradient.`,
    };
  }
  const made = t.gradFn?.name ?? 'an op';
  return {
    severity: t.retainsGrad ? 'warning' : 'error',
    tensors: [t.id, ...leaves],
    nodes,
    text: t.retainsGrad
      ? `${name} is not a leaf — ${made}${where(t)} computed it — so although retainGrad() fills ${name}.grad, an optimizer given ${name} would not update ${receiver}.`
      : `${name}.grad is null because ${name} is not a leaf: ${made}${where(t)} computed it, and backward passes through it to ${receiver}.`,
    fix: `Make the tensor you train a leaf (tensor(..., { requiresGrad: true })) and compute ${name} from it, or call ${name}.retainGrad() before backward to keep this intermediate's gradient.`,
  };
}

function describeCut(names: string[], t: TensorSnapshot, facts: GraphFacts): Finding | null {
  const cuts = facts.cutsOf(t.id);
  const cut = cuts[0];
  if (!cut) return null;
  const name = names.join(', ');
  const entered = [...new Set(cuts.flatMap((c) => c.nodes))];
  const nodeNames = entered.map((n) => facts.snapshot.nodes[n]!.name).join(', ');
  const found = { severity: 'error' as const, params: names, tensors: [t.id, cut.constant], nodes: entered };
  if (cut.cut === 'detach') {
    // No node entered: the cut value is an output itself.
    const into = entered.length > 0 ? `enter ${nodeNames} as a constant` : 'reach the output, which has no gradFn';
    return {
      kind: 'detachedParam',
      ...found,
      text: `${name}.detach() cut the chain: ${name}'s values ${into}, so backward never reaches ${name} and ${name}.grad stays null.`,
      fix: `Use ${name} itself instead of ${name}.detach() where its gradient should flow.`,
    };
  }
  const into = entered.length > 0 ? `enters ${nodeNames} as a constant` : 'is the output, which has no gradFn';
  return {
    kind: 'noGradParam',
    ...found,
    text: `${name} was used under noGrad${where(facts.tensor(cut.constant))}: the result ${into}, so backward never reaches ${name} and ${name}.grad stays null.`,
    fix: `Compute that value outside noGrad(...) so it stays in the graph.`,
  };
}

function describeParam(names: string[], t: TensorSnapshot, facts: GraphFacts): Finding | null {
  const name = names.join(', ');
  const params = names;
  if (!t.isLeaf) {
    const node = t.gradFn?.node ?? null;
    if (node === null) {
      return {
        kind: 'paramNotInGraph',
        severity: 'error',
        params,
        tensors: [t.id],
        nodes: [],
        text: `${name} (computed by ${t.gradFn?.name ?? 'an op'}${where(t)}) is not used to compute the outputs, so backward never reaches it.`,
        fix: `Check that the outputs are computed from ${name}, or drop it from params.`,
      };
    }
    return { kind: 'nonLeafParam', params, ...describeNonLeaf(name, t, facts, [node], facts.leavesBehind(node)) };
  }
  if (t.requiresGrad) {
    if (facts.reachedLeaves.has(t.id)) return null;
    return (
      describeCut(names, t, facts) ?? {
        kind: 'paramNotInGraph',
        severity: 'error',
        params,
        tensors: [t.id],
        nodes: [],
        text: `${name} requires grad but the outputs are not computed from it, so ${name}.grad stays null.`,
        fix: `Check that the outputs are computed from ${name}, or drop it from params.`,
      }
    );
  }
  const entered = facts.constantUses.get(t.id) ?? [];
  const into = entered.length ? ` and enters ${entered.map((n) => facts.snapshot.nodes[n]!.name).join(', ')} as a constant` : '';
  if (t.origin?.kind === 'noGrad') {
    return {
      kind: 'paramMadeUnderNoGrad',
      severity: 'error',
      params,
      tensors: [t.id],
      nodes: entered,
      text: `${name} was made under noGrad (by ${t.origin.op}${where(t)}), so it does not require grad${into}: it gets no gradient.`,
      fix: `Make ${name} outside noGrad, or call ${name}.requiresGrad_() after making it if it is meant to be trained.`,
    };
  }
  if (t.origin?.kind === 'detach') {
    return {
      kind: 'detachedParam',
      severity: 'error',
      params,
      tensors: [t.id, ...(t.origin.of !== undefined ? [t.origin.of] : [])],
      nodes: entered,
      text: `${name} is the result of detach()${where(t)}, so it does not require grad${into}: no gradient reaches it or the tensor it came from.`,
      fix: `Use the original tensor instead of its detach().`,
    };
  }
  return {
    kind: 'paramNoGrad',
    severity: 'error',
    params,
    tensors: [t.id],
    nodes: entered,
    text: `${name} does not require grad${into}: it gets no gradient.`,
    fix: `Create it with { requiresGrad: true }, or call ${name}.requiresGrad_() before using it.`,
  };
}

/** Leaves copied to another dtype right at the start of the graph, not already explained by a non-leaf param. */
function dtypeCopies(facts: GraphFacts, explained: Set<number>): Finding[] {
  const findings: Finding[] = [];
  for (const node of facts.snapshot.nodes) {
    if (node.name !== 'ToCopyBackward0') continue;
    const [next] = node.next[0] ?? [null];
    const leafNode = next === null ? undefined : facts.snapshot.nodes[next];
    if (leafNode?.variable === undefined || explained.has(node.id)) continue;
    const leaf = facts.tensor(leafNode.variable);
    const to = node.output?.dtype ?? 'another dtype';
    const names = leaf.params ?? [];
    if (names.length > 0) {
      findings.push({
        kind: 'dtypeCopy',
        severity: 'info',
        params: names,
        tensors: [leaf.id],
        nodes: [node.id],
        text: `${names.join(', ')} (${leaf.dtype}) enters the graph through a copy to ${to} (ToCopyBackward0); its gradient arrives, converted back to ${leaf.dtype}.`,
        fix: `Nothing to fix if intended; create ${names[0]} as ${to} to compute without the copy.`,
      });
    } else {
      findings.push({
        kind: 'dtypeCopy',
        severity: 'warning',
        params: [],
        tensors: [leaf.id],
        nodes: [node.id],
        text: `An unnamed ${leaf.dtype} leaf of shape ${shapeText(leaf)} enters the graph through a copy to ${to} (ToCopyBackward0): it receives the gradient, but no params name it.`,
        fix: `Keep a reference to the leaf you train and pass it in params, or create it with dtype '${to}'.`,
      });
    }
  }
  return findings;
}

function outputsWithoutGrad(facts: GraphFacts): Finding[] {
  return facts.snapshot.outputs.flatMap((output, i) => {
    const t = facts.tensor(output.tensor);
    if (t.requiresGrad) return [];
    const names = t.params ?? [];
    const label = names.length ? names.join(', ') : `output ${i}`;
    const cuts = (t.cutSources ?? []).map((c) => {
      const source = facts.tensor(c.tensor);
      return `${source.params?.join(', ') || `a ${source.dtype} tensor`} through ${c.cut === 'detach' ? 'detach()' : 'noGrad'}`;
    });
    return [
      {
        kind: 'outputWithoutGrad' as const,
        severity: 'error' as const,
        params: names,
        tensors: [t.id],
        nodes: [],
        text: `${label} has no gradFn: nothing that requires grad reaches it${cuts.length ? ` (it was computed from ${cuts.join(', ')})` : ''}, so backward() on it raises.`,
        fix: `Compute it from tensors that require grad, without detach() or noGrad on the way.`,
      },
    ];
  });
}

/** Every problem in the graph, one finding each: outputs first, then params in the order given, then dtype copies. */
export function diagnose(snapshot: GraphSnapshot): Finding[] {
  const facts = new GraphFacts(snapshot);
  const namesByTensor = new Map<number, string[]>();
  for (const p of snapshot.params) namesByTensor.set(p.tensor, [...(namesByTensor.get(p.tensor) ?? []), p.name]);
  const paramFindings = [...namesByTensor].flatMap(([id, names]) => describeParam(names, facts.tensor(id), facts) ?? []);
  const explained = new Set(paramFindings.filter((f) => f.kind === 'nonLeafParam').flatMap((f) => f.nodes));
  return [...outputsWithoutGrad(facts), ...paramFindings, ...dtypeCopies(facts, explained)];
}
