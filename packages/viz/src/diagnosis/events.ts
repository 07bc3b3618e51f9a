/**
 * Findings that are not about a missing gradient but about a wrong one: gradients piling up across
 * steps, ops whose gradient is zero everywhere, and leaves entering through a dtype copy.
 */
import { message } from '../messages/index.js';
import type { GraphFacts } from './facts.js';
import type { Draft } from './finding.js';
import { at, names, places, shapeText } from './words.js';

/** Leaves whose `.grad` holds several backward() calls' gradients: one warning per backward() line. */
function gradsAccumulated(facts: GraphFacts): Draft[] {
  const byLine = new Map<string, number[]>();
  for (const [id] of facts.namesByTensor) {
    const accumulation = facts.tensor(id).gradAccumulation;
    if (accumulation === undefined || accumulation.backwards < 2) continue;
    const s = accumulation.source;
    const key = s === undefined ? '' : `${s.file}:${s.cell ?? ''}:${s.line}`;
    byLine.set(key, [...(byLine.get(key) ?? []), id]);
  }
  return [...byLine.values()].map((ids): Draft => {
    const accumulation = facts.tensor(ids[0]!).gradAccumulation!;
    const params = ids.flatMap((id) => facts.namesOf(id));
    const args = { params: names(params), grads: { list: params.map((p) => `${p}.grad`) }, count: Math.max(...ids.map((id) => facts.tensor(id).gradAccumulation!.backwards)), at: at(accumulation.source), zeroGrad: facts.code.zeroGrad };
    return {
      kind: 'gradAccumulated',
      severity: 'warning',
      params,
      tensors: ids,
      nodes: [],
      places: places(accumulation.source),
      summary: message('gradAccumulated.summary', args),
      text: message(params.length === 1 ? 'gradAccumulated.text.one' : 'gradAccumulated.text.other', args),
      fix: message('gradAccumulated.fix', args),
      code: facts.code.zeroGrad,
    };
  });
}

/** Nodes whose backward gives zeros: the step functions. */
const ZERO_GRADIENT_NODES = new Set(['RoundBackward0', 'RoundBackward1', 'FloorBackward0', 'CeilBackward0', 'TruncBackward0', 'SignBackward0']);

/** Ops on the way to the outputs whose gradient is zero everywhere, with the params behind them. */
function zeroGradients(facts: GraphFacts): Draft[] {
  return facts.snapshot.nodes.flatMap((node): Draft[] => {
    if (!ZERO_GRADIENT_NODES.has(node.name)) return [];
    const params = [...new Set(facts.leavesBehind(node.id))].flatMap((id) => facts.namesOf(id));
    if (params.length === 0) return [];
    const args = { node: node.name, op: facts.code.opCall(node.name.replace(/Backward\d+$/, '').toLowerCase()), at: at(node.source), params: names(params) };
    return [
      {
        kind: 'zeroGradientOp',
        severity: 'warning',
        params,
        tensors: [],
        nodes: [node.id],
        places: places(node.source),
        summary: message('zeroGradient.summary', args),
        text: message(params.length === 1 ? 'zeroGradient.text.one' : 'zeroGradient.text.other', args),
        fix: message('zeroGradient.fix', args),
      },
    ];
  });
}

/** Leaves copied to another dtype right at the start of the graph, not already explained by a non-leaf param. */
function dtypeCopies(facts: GraphFacts, explained: ReadonlySet<number>): Draft[] {
  return facts.snapshot.nodes.flatMap((node): Draft[] => {
    if (node.name !== 'ToCopyBackward0') return [];
    const [next] = node.next[0] ?? [null];
    const leafNode = next === null ? undefined : facts.node(next);
    if (leafNode?.variable === undefined || explained.has(node.id)) return [];
    const leaf = facts.tensor(leafNode.variable);
    const to = node.output?.dtype ?? '?';
    const named = facts.namesOf(leaf.id);
    const args = { names: names(named), first: named[0] ?? '', from: leaf.dtype, to, shape: shapeText(leaf), dtypeOption: facts.code.dtypeOption(to), at: at(node.source) };
    const base = { kind: 'dtypeCopy' as const, params: named, tensors: [leaf.id], nodes: [node.id], places: places(node.source) };
    return named.length > 0
      ? [{ ...base, severity: 'info', summary: message('dtypeCopy.named.summary', args), text: message('dtypeCopy.named.text', args), fix: message('dtypeCopy.named.fix', args) }]
      : [{ ...base, severity: 'warning', summary: message('dtypeCopy.unnamed.summary', args), text: message('dtypeCopy.unnamed.text', args), fix: message('dtypeCopy.unnamed.fix', args) }];
  });
}

export function eventFindings(facts: GraphFacts, explainedCopies: ReadonlySet<number>): Draft[] {
  return [...gradsAccumulated(facts), ...zeroGradients(facts), ...dtypeCopies(facts, explainedCopies)];
}
