/**
 * Why a gradient does not arrive: one finding per problem, read from the snapshot alone — which
 * named tensors are leaves, which reach the outputs, and what cut the others off.
 */
import type { GraphSnapshot, SourceLocationSnapshot, TensorSnapshot } from '@gradviz/engine/snapshot-schema';
import { type CodeDialect, dialectOf } from './code-dialect.js';

export type FindingKind =
  /** A named tensor is not a leaf, so backward does not fill its `.grad`. */
  | 'nonLeafParam'
  /** A named tensor reaches the outputs only through `detach()`. */
  | 'detachedParam'
  /** A named tensor's value was used under `noGrad`. */
  | 'noGradParam'
  /** A named tensor's values were copied out as plain values (`tolist()`, `tensor()` of tensors) and made into a new tensor. */
  | 'copiedParam'
  /** A named tensor was made under `noGrad` from tensors that need a gradient, so it does not require grad. */
  | 'paramMadeUnderNoGrad'
  /** A named tensor does not require grad. */
  | 'paramNoGrad'
  /** A named tensor does not take part in computing the outputs. */
  | 'paramNotInGraph'
  /** A leaf enters the graph through a dtype copy (ToCopyBackward0). */
  | 'dtypeCopy'
  /** An output has no gradFn: backward on it raises. */
  | 'outputWithoutGrad'
  /** The program ran bundled without a source map: the findings cannot name lines of code. */
  | 'unknownSources';

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

/** What to say when the diagnosis finds nothing. */
export const NOTHING_STOPS_A_GRADIENT = 'Nothing stops a gradient: every named tensor is a leaf of this graph that receives its gradient.';

function shapeText(t: TensorSnapshot): string {
  return `(${t.shape.join(', ')})`;
}

/** Only floating-point tensors can require grad (PyTorch raises for the others). */
function isFloatingPoint(dtype: string): boolean {
  return /^(b?float|complex)/.test(dtype);
}

/** Most distinct node names a sentence lists; the other nodes are counted. */
const MAX_NAMED_NODES = 3;

/** The nodes a value entered, for a sentence: each name once, a few at most, then how many more ("MulBackward0, AddBackward0 and 4,998 more nodes"). */
function nodesText(nodes: readonly number[], facts: GraphFacts): string {
  const names = [...new Set(nodes.map((n) => facts.snapshot.nodes[n]!.name))].slice(0, MAX_NAMED_NODES);
  const more = nodes.length - names.length;
  return more > 0 ? `${names.join(', ')} and ${more.toLocaleString('en-US')} more node${more === 1 ? '' : 's'}` : names.join(', ');
}

/** ` on line 10 of blog.ts`, ` in cell [3], line 2`: where a line of the user's code is. */
export function placeText(source: SourceLocationSnapshot): string {
  return source.cell !== undefined ? ` in cell [${source.cell}], line ${source.line}` : ` on line ${source.line} of ${source.file.split(/[\\/]/).pop()}`;
}

function where(t: TensorSnapshot): string {
  const source = t.origin && 'source' in t.origin ? t.origin.source : undefined;
  return source ? placeText(source) : '';
}

/** A constant input whose value came from a tensor through `detach()` or `noGrad`, and the nodes it entered. */
interface Cut {
  readonly cut: 'detach' | 'noGrad' | 'values';
  /** For a `values` cut: the call that took the values out. */
  readonly via?: string;
  readonly constant: number;
  readonly nodes: readonly number[];
}

/** Reading the snapshot: which leaves are reached, which node made what, where constants entered. */
class GraphFacts {
  readonly reachedLeaves = new Set<number>();
  /**
   * Where values that need no gradient enter: each constant input's tensor with the nodes it
   * entered, and each output without gradFn (entering nothing: it is the end of the graph).
   */
  readonly constantUses = new Map<number, number[]>();
  /** The code findings quote, in the program's language. */
  readonly code: CodeDialect;

  constructor(readonly snapshot: GraphSnapshot) {
    this.code = dialectOf(snapshot);
    for (const node of snapshot.nodes) {
      if (node.variable !== undefined) this.reachedLeaves.add(node.variable);
      node.constants?.forEach((c) => {
        if (c === null || !('tensor' in c)) return;
        const uses = this.constantUses.get(c.tensor);
        if (uses === undefined) this.constantUses.set(c.tensor, [node.id]);
        // A node that takes the value twice is entered once.
        else if (uses.at(-1) !== node.id) uses.push(node.id);
      });
    }
    for (const output of snapshot.outputs) {
      if (output.gradFn === null && !this.constantUses.has(output.tensor)) this.constantUses.set(output.tensor, []);
    }
    this.#indexCuts();
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
  cutsOf(tensor: number): Cut[] {
    return this.#cutsBySource.get(tensor) ?? [];
  }

  /** Every constant's cuts indexed once by the tensor cut off, so each param's lookup does not scan them all. */
  readonly #cutsBySource = new Map<number, Cut[]>();

  #indexCuts(): void {
    for (const [constant, nodes] of this.constantUses) {
      for (const source of this.tensor(constant).cutSources ?? []) {
        const cuts = this.#cutsBySource.get(source.tensor);
        const cut = { cut: source.cut, ...(source.via ? { via: source.via } : {}), constant, nodes };
        if (cuts === undefined) this.#cutsBySource.set(source.tensor, [cut]);
        else cuts.push(cut);
      }
    }
  }
}

function describeNonLeaf(name: string, t: TensorSnapshot, facts: GraphFacts, nodes: number[], leaves: number[]): Omit<Finding, 'kind' | 'params'> {
  const origin = t.origin;
  const code = facts.code;
  const unnamed = leaves.filter((l) => !facts.tensor(l).params?.length);
  const receiver =
    leaves.length === 1
      ? unnamed.length === 1
        ? `the ${facts.tensor(leaves[0]!).dtype} leaf behind it, which nothing names`
        : `the leaf ${facts.tensor(leaves[0]!).params!.join(', ')}`
      : 'the leaves behind it';
  if (origin?.kind === 'dtypeCopy') {
    const copy = `${code.conversion(origin.to)}${where(t)} made ${name} a ${origin.to} copy (ToCopyBackward0) of a ${origin.from} tensor`;
    if (t.retainsGrad) {
      return {
        severity: 'warning',
        tensors: [t.id, ...leaves],
        nodes,
        text: `${name} is not a leaf — ${copy} — so although ${code.retainGrad} fills ${name}.grad, an optimizer given ${name} would update the copy, not ${receiver}.`,
        fix: `Create ${name} as the leaf: ${code.leafOf('values', origin.to)}.`,
      };
    }
    return {
      severity: 'error',
      tensors: [t.id, ...leaves],
      nodes,
      text: `${name}.grad is ${code.none} because ${name} is not a leaf: ${copy}, and backward puts the gradient in ${receiver}.`,
      fix: `Pass the dtype when you create it — ${code.leafOf('values', origin.to)} — or call ${code.conversion(origin.to)} before .${code.requiresGradInPlace}; use ${name}.${code.retainGrad} if you want the copy's gradient.`,
    };
  }
  const made = t.gradFn?.name ?? 'an op';
  return {
    severity: t.retainsGrad ? 'warning' : 'error',
    tensors: [t.id, ...leaves],
    nodes,
    text: t.retainsGrad
      ? `${name} is not a leaf — ${made}${where(t)} computed it — so although ${code.retainGrad} fills ${name}.grad, an optimizer given ${name} would not update ${receiver}.`
      : `${name}.grad is ${code.none} because ${name} is not a leaf: ${made}${where(t)} computed it, and backward passes through it to ${receiver}.`,
    fix: `Make the tensor you train a leaf (${code.leafOf('...')}) and compute ${name} from it, or call ${name}.${code.retainGrad} before backward to keep this intermediate's gradient.`,
  };
}

/** The finding for the cuts of one kind that kept `t`'s values from the outputs. */
function describeCut(names: string[], t: TensorSnapshot, kind: Cut['cut'], cuts: readonly Cut[], facts: GraphFacts): Finding {
  const name = names.join(', ');
  const code = facts.code;
  const entered = [...new Set(cuts.flatMap((c) => c.nodes))];
  const found = { severity: 'error' as const, params: names, tensors: [t.id, ...new Set(cuts.map((c) => c.constant))], nodes: entered };
  if (kind === 'detach') {
    // No node entered: the cut value is an output itself.
    const into = entered.length > 0 ? `enter ${nodesText(entered, facts)} as a constant` : `reach the output, which has no ${code.gradFn}`;
    // Values that went out as an array (`x.detach().numpy()`) and came back through tensor().
    const rebuilt = facts.tensor(cuts[0]!.constant).origin;
    const via = rebuilt?.kind === 'created' && rebuilt.via !== undefined && rebuilt.via !== 'tensor' ? `.${rebuilt.via}()` : '';
    const made = via ? ` and ${code.tensorFn}()${where(facts.tensor(cuts[0]!.constant))} made them a new tensor` : '';
    return {
      kind: 'detachedParam',
      ...found,
      text: `${name}.detach()${via} cut the chain${made}: ${name}'s values ${into}, so backward never reaches ${name} and ${name}.grad stays ${code.none}.`,
      fix: via
        ? `Keep the computation in tensors: values taken out with ${via} carry no gradient.`
        : `Use ${name} itself instead of ${name}.detach() where its gradient should flow.`,
    };
  }
  const into = entered.length > 0 ? `enters ${nodesText(entered, facts)} as a constant` : `is the output, which has no ${code.gradFn}`;
  if (kind === 'values') {
    const made = facts.tensor(cuts[0]!.constant);
    const via = cuts[0]!.via === 'tolist' ? `${name}.tolist()` : cuts[0]!.via === 'numpy' ? `${name}.numpy()` : `${code.tensorFn}([...${name}...])`;
    return {
      kind: 'copiedParam',
      ...found,
      text: `${via} copied ${name}'s values out of the graph, and the tensor made of them${where(made)} ${into}, so backward never reaches ${name} and ${name}.grad stays ${code.none}.`,
      fix: `Combine tensors with stack() or cat() (or compute with ${name} itself), which keep the graph, instead of copying values into ${code.tensorFn}().`,
    };
  }
  return {
    kind: 'noGradParam',
    ...found,
    text: `${name} was used under ${code.noGrad}${where(facts.tensor(cuts[0]!.constant))}: the result ${into}, so backward never reaches ${name} and ${name}.grad stays ${code.none}.`,
    fix: `Compute that value outside ${code.noGradBlock} so it stays in the graph.`,
  };
}

/** One finding per kind of cut (detach(), noGrad) through which `t`'s values reached the outputs, each with its own nodes. */
function describeCuts(names: string[], t: TensorSnapshot, facts: GraphFacts): Finding[] {
  const byKind = new Map<Cut['cut'], Cut[]>();
  for (const cut of facts.cutsOf(t.id)) {
    const same = byKind.get(cut.cut);
    if (same === undefined) byKind.set(cut.cut, [cut]);
    else same.push(cut);
  }
  return [...byKind].map(([kind, cuts]) => describeCut(names, t, kind, cuts, facts));
}

/** The sentence to fix a tensor that cannot require grad at all, for a dtype that is not floating point. */
function notFloatingFix(name: string, t: TensorSnapshot, code: CodeDialect): string | undefined {
  if (isFloatingPoint(t.dtype)) return undefined;
  return `${t.dtype} tensors cannot require grad: make ${name} floating point (${name}.float(), or ${code.dtypeOption('float32')} when you create it) if it is meant to be trained.`;
}

function describeParam(names: string[], t: TensorSnapshot, facts: GraphFacts): Finding[] {
  const name = names.join(', ');
  const params = names;
  const code = facts.code;
  const notInGraph = (text: string): Finding[] => [
    { kind: 'paramNotInGraph', severity: 'error', params, tensors: [t.id], nodes: [], text, fix: `Check that the outputs are computed from ${name}, or drop it from params.${t.origin === undefined ? code.recordHint : ''}` },
  ];
  if (!t.isLeaf) {
    const node = t.gradFn?.node ?? null;
    if (node !== null) return [{ kind: 'nonLeafParam', params, ...describeNonLeaf(name, t, facts, [node], facts.leavesBehind(node)) }];
    // Its own node is not in the graph, but its values may be, through detach() or noGrad.
    const cuts = describeCuts(names, t, facts);
    return cuts.length > 0 ? cuts : notInGraph(`${name} (computed by ${t.gradFn?.name ?? 'an op'}${where(t)}) is not used to compute the outputs, so backward never reaches it.`);
  }
  if (t.requiresGrad) {
    if (facts.reachedLeaves.has(t.id)) return [];
    const cuts = describeCuts(names, t, facts);
    return cuts.length > 0 ? cuts : notInGraph(`${name} requires grad but the outputs are not computed from it, so ${name}.grad stays ${code.none}.`);
  }
  const entered = facts.constantUses.get(t.id) ?? [];
  const into = entered.length ? ` and enters ${nodesText(entered, facts)} as a constant` : '';
  const found = { severity: 'error' as const, params, nodes: entered };
  // Made under noGrad from tensors that needed a gradient: noGrad is what cut it off.
  if (t.origin?.kind === 'noGrad' && t.cutSources?.some((s) => s.cut === 'noGrad')) {
    return [
      {
        kind: 'paramMadeUnderNoGrad',
        ...found,
        tensors: [t.id],
        text: `${name} was made under ${code.noGrad} (by ${t.origin.op}${where(t)}), so it does not require grad${into}: it gets no gradient.`,
        fix: notFloatingFix(name, t, code) ?? `Make ${name} outside ${code.noGrad}, or call ${name}.${code.requiresGradInPlace} after making it if it is meant to be trained.`,
      },
    ];
  }
  if (t.origin?.kind === 'detach') {
    return [
      {
        kind: 'detachedParam',
        ...found,
        tensors: [t.id, ...(t.origin.of !== undefined ? [t.origin.of] : [])],
        text: `${name} is the result of detach()${where(t)}, so it does not require grad${into}: no gradient reaches it or the tensor it came from.`,
        fix: `Use the original tensor instead of its detach().`,
      },
    ];
  }
  return [
    {
      kind: 'paramNoGrad',
      ...found,
      tensors: [t.id],
      text: `${name} does not require grad${into}: it gets no gradient.`,
      fix: notFloatingFix(name, t, code) ?? `Create it with ${code.requiresGradOption}, or call ${name}.${code.requiresGradInPlace} before using it.`,
    },
  ];
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
        fix: `Keep a reference to the leaf you train and pass it in params, or create it with ${facts.code.dtypeOption(to)}.`,
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
      const through = c.cut === 'detach' ? 'detach()' : c.cut === 'noGrad' ? facts.code.noGrad : `a copy of its values (${c.via ?? 'tensor'})`;
      return `${source.params?.join(', ') || `a ${source.dtype} tensor`} through ${through}`;
    });
    return [
      {
        kind: 'outputWithoutGrad' as const,
        severity: 'error' as const,
        params: names,
        tensors: [t.id],
        nodes: [],
        text: `${label} has no ${facts.code.gradFn}: nothing that requires grad reaches it${cuts.length ? ` (it was computed from ${cuts.join(', ')})` : ''}, so backward() on it raises.`,
        fix: `Compute it from tensors that require grad, without detach() or ${facts.code.noGrad} on the way.`,
      },
    ];
  });
}

/** Every problem in the graph, one finding each: outputs first, then params in the order given, then dtype copies. */
export function diagnose(snapshot: GraphSnapshot): Finding[] {
  const facts = new GraphFacts(snapshot);
  const namesByTensor = new Map<number, string[]>();
  for (const p of snapshot.params) namesByTensor.set(p.tensor, [...(namesByTensor.get(p.tensor) ?? []), p.name]);
  const paramFindings = [...namesByTensor].flatMap(([id, names]) => describeParam(names, facts.tensor(id), facts));
  const explained = new Set(paramFindings.filter((f) => f.kind === 'nonLeafParam').flatMap((f) => f.nodes));
  const findings = [...outputsWithoutGrad(facts), ...paramFindings, ...dtypeCopies(facts, explained)];
  return findings.length > 0 && snapshot.unknownSources === 'bundled' ? [...findings, unknownSources()] : findings;
}

/** Said once, after the findings whose lines it leaves out, instead of naming a line of the bundle. */
function unknownSources(): Finding {
  return {
    kind: 'unknownSources',
    severity: 'info',
    params: [],
    tensors: [],
    nodes: [],
    text: 'The lines of code that made these tensors are unknown: the program ran bundled, and no source map was loaded for it.',
    fix: 'Build with source maps and call await loadSourceMaps() (from @gradviz/engine) before drawing; in Node, run with --enable-source-maps.',
  };
}
