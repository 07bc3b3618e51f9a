/**
 * Why a named tensor gets no gradient when no cut explains it: it is not a leaf, it does not
 * require grad (never did, was frozen, was made under noGrad), it required grad too late, or the
 * outputs are computed from something else (a new leaf made of plain values, or nothing of it).
 */
import type { TensorSnapshot } from '@gradviz/engine/snapshot-schema';
import type { MadeBy } from '../code-dialect.js';
import { message, type MessageArg } from '../messages/index.js';
import type { GraphFacts } from './facts.js';
import type { Draft } from './finding.js';
import { at, names, nodeList, places, shapeText } from './words.js';

/** Only floating-point tensors can require grad (PyTorch raises for the others). */
function isFloatingPoint(dtype: string): boolean {
  return /^(b?float|complex)/.test(dtype);
}

/** Creations whose call a fix can write again from the shape alone. */
const SHAPED_CREATIONS = new Set(['randn', 'rand', 'zeros', 'ones', 'empty']);
/** Creations that make a leaf of given values. */
const VALUE_CREATIONS = new Set(['tensor', 'as_tensor', 'asarray', 'from_numpy']);
const NUMBER_OPS: Readonly<Record<string, MadeBy['ops'][number]['op']>> = { MulBackward0: 'mul', DivBackward0: 'div', DivBackward1: 'div', AddBackward0: 'add', SubBackward0: 'sub' };

/** The number an op took besides the tensor (`mul(0.01)`): a number constant, or the saved `other`. */
function numberArgument(node: ReturnType<GraphFacts['node']>): number | undefined {
  const constant = node.constants?.find((c) => c !== null && 'number' in c);
  if (constant !== undefined && constant !== null && 'number' in constant) return constant.number;
  const other = node.saved.other;
  return other?.type === 'float' && typeof other.value === 'number' ? other.value : other?.type === 'int' ? other.value : undefined;
}

/** `randn(3, 2).mul(0.01)` read back from the graph: a creation then ops with numbers; undefined for anything else. */
function madeBy(t: TensorSnapshot, facts: GraphFacts): MadeBy | undefined {
  const ops: MadeBy['ops'][number][] = [];
  for (let id = facts.nodeOf(t); id !== null; ) {
    const node = facts.node(id);
    if (node.variable !== undefined) {
      const leaf = facts.tensor(node.variable);
      const origin = leaf.origin;
      if (origin?.kind !== 'created' || origin.via !== undefined || !(SHAPED_CREATIONS.has(origin.fn) || VALUE_CREATIONS.has(origin.fn))) return undefined;
      return { fn: SHAPED_CREATIONS.has(origin.fn) ? origin.fn : 'tensor', shape: leaf.shape, ops: ops.reverse() };
    }
    const op = NUMBER_OPS[node.name];
    const number = numberArgument(node);
    const live = node.next.filter(([next]) => next !== null);
    if (op === undefined || number === undefined || live.length !== 1 || node.next[0]![0] === null) return undefined;
    ops.push({ op, number });
    id = live[0]![0];
  }
  return undefined;
}

function receiver(leaves: readonly number[], facts: GraphFacts): MessageArg {
  if (leaves.length !== 1) return message('receiver.many');
  const named = facts.namesOf(leaves[0]!);
  return named.length > 0 ? message('receiver.named', { names: names(named) }) : message('receiver.unnamed', { dtype: facts.tensor(leaves[0]!).dtype });
}

/**
 * `w = w - lr * w.grad`: a new tensor from the old leaf (which has a gradient: backward ran) and a
 * constant of its shape, as a hand-written step written out of place.
 */
function isOutOfPlaceUpdate(t: TensorSnapshot, node: number, facts: GraphFacts): boolean {
  const n = facts.node(node);
  if (!/^(Sub|Add)Backward0$/.test(n.name) || n.next.length !== 2) return false;
  const sameShape = (id: number) => facts.tensor(id).shape.join() === t.shape.join();
  const first = n.next[0]![0];
  const leaf = first === null ? undefined : facts.node(first).variable;
  const constant = n.constants?.[1];
  return leaf !== undefined && facts.tensor(leaf).hasGrad === true && sameShape(leaf) && n.next[1]![0] === null && constant != null && 'tensor' in constant && sameShape(constant.tensor);
}

function nonLeaf(params: readonly string[], t: TensorSnapshot, node: number, facts: GraphFacts): Draft {
  const code = facts.code;
  const name = params.join(', ');
  const leaves = facts.leavesBehind(node);
  const place = facts.placeOf(t);
  const base = { params, tensors: [t.id, ...leaves], nodes: [node], places: places(place) };
  const origin = t.origin;
  const args = {
    name,
    none: code.none,
    at: at(place),
    node: t.gradFn?.name ?? facts.node(node).name,
    receiver: receiver(leaves, facts),
    retainGrad: code.retainGrad,
    requiresGradInPlace: code.requiresGradInPlace,
  };
  const retained = t.retainsGrad === true;
  let said: { text: ReturnType<typeof message>; fix: ReturnType<typeof message>; code?: string };
  if (origin?.kind === 'dtypeCopy') {
    // The leaf as it was made, with the dtype given: randn(4, 1) can say so; values cannot be quoted.
    const leaf = origin.of === undefined ? undefined : facts.tensor(origin.of);
    const made = leaf?.origin?.kind === 'created' && leaf.origin.via === undefined && SHAPED_CREATIONS.has(leaf.origin.fn) && leaf.shape.length > 0 ? leaf.origin.fn : undefined;
    const leafCode = made !== undefined ? code.shapedLeaf(made, leaf!.shape, origin.to) : code.leafOf('values', origin.to);
    const copy = { ...args, conversion: code.conversion(origin.to, origin.method), from: origin.from, to: origin.to, code: leafCode };
    said = {
      text: message(retained ? 'nonLeaf.copyRetained.text' : 'nonLeaf.copy.text', copy),
      fix: message(retained ? 'nonLeaf.copyRetained.fix' : 'nonLeaf.copy.fix', copy),
      code: leafCode,
    };
  } else if (isOutOfPlaceUpdate(t, node, facts)) {
    const update = { ...args, code: code.inPlaceUpdate(params[0]!), gradZero: code.gradZero(params[0]!) };
    said = { text: message('nonLeaf.update.text', update), fix: message('nonLeaf.update.fix', update), code: update.code };
  } else {
    const made = madeBy(t, facts);
    const leafCode = made && code.leafExpression(made);
    said = {
      text: message(retained ? 'nonLeaf.opRetained.text' : 'nonLeaf.op.text', args),
      fix: leafCode !== undefined ? message('nonLeaf.op.fixMade', { ...args, code: leafCode }) : message('nonLeaf.op.fix', { ...args, leafOf: code.leafOf('...') }),
      ...(leafCode !== undefined ? { code: leafCode } : {}),
    };
  }
  return { kind: 'nonLeafParam', ...base, severity: retained ? 'warning' : 'error', summary: message('nonLeaf.summary', args), ...said };
}

/** `retainGrad()` after the backward that ran through the tensor: nothing fills its `.grad` now. */
function retainedTooLate(params: readonly string[], t: TensorSnapshot, node: number, facts: GraphFacts): Draft {
  const late = t.retainGradAfterBackward;
  const backwardAt = late?.backward ?? facts.node(node).releasedBy?.source;
  const args = { name: params.join(', '), none: facts.code.none, retainGrad: facts.code.retainGrad, at: at(late?.source), backwardAt: at(backwardAt) };
  return {
    kind: 'retainGradAfterBackward',
    severity: 'error',
    params,
    tensors: [t.id],
    nodes: [node],
    places: places(late?.source, backwardAt),
    summary: message('retainGradLate.summary', args),
    text: message('retainGradLate.text', args),
    fix: message('retainGradLate.fix', args),
  };
}

/** Whether backward already ran through (and freed) the tensor's node, so a `retainGrad()` now is too late. */
function retainedAfterBackward(t: TensorSnapshot, node: number, facts: GraphFacts): boolean {
  if (t.retainGradAfterBackward !== undefined) return true;
  if (!t.retainsGrad || t.hasGrad) return false;
  const n = facts.node(node);
  return n.releasedBy !== undefined || Object.values(n.saved).some((v) => (v.type === 'tensor' || v.type === 'tensors') && v.freed === true);
}

function notInGraph(params: readonly string[], t: TensorSnapshot, facts: GraphFacts, text: ReturnType<typeof message>): Draft {
  const args = { name: params.join(', '), recordHint: facts.code.recordHint && !facts.recorded ? message('recordHint') : '' };
  return {
    kind: 'paramNotInGraph',
    severity: 'error',
    params,
    tensors: [t.id],
    nodes: [],
    places: places(facts.placeOf(t)),
    summary: message('notInGraph.summary', args),
    text,
    fix: message('notInGraph.fix', args),
  };
}

/** A leaf that requires grad now, but did not when ops used it. */
function requiresGradTooLate(params: readonly string[], t: TensorSnapshot, facts: GraphFacts): Draft {
  const late = t.requiresGradAfterUse?.source;
  const entered = facts.constantUses.get(t.id) ?? [];
  const args = {
    name: params.join(', '),
    access: facts.code.paramAccess(params[0]!),
    none: facts.code.none,
    requiresGradInPlace: facts.code.requiresGradInPlace,
    requiresGradOption: facts.code.requiresGradOption,
    at: at(late),
    into: entered.length > 0 ? message('requiresGradLate.into', { nodes: nodeList(entered, facts) }) : '',
  };
  return {
    kind: 'requiresGradAfterUse',
    severity: 'error',
    params,
    tensors: [t.id],
    nodes: entered,
    places: places(late, facts.placeOf(t)),
    summary: message('requiresGradLate.summary', args),
    text: message('requiresGradLate.text', args),
    fix: message('requiresGradLate.fix', args),
  };
}

/** Unnamed leaves made of plain values that the outputs are computed from (or are). */
function newLeaves(facts: GraphFacts): number[] {
  const candidates = new Set([...facts.reachedLeaves, ...facts.snapshot.outputs.filter((o) => o.gradFn === null).map((o) => o.tensor)]);
  return [...candidates].filter((id) => {
    const t = facts.tensor(id);
    return t.isLeaf && t.requiresGrad && facts.namesOf(id).length === 0 && t.origin?.kind === 'created' && VALUE_CREATIONS.has(t.origin.fn);
  });
}

function newLeafDraft(params: readonly string[], leaves: readonly number[], facts: GraphFacts): Draft {
  const leaf = facts.tensor(leaves[0]!);
  const made = leaf.origin?.kind === 'created' ? leaf.origin : undefined;
  const args = { params: names(params), fn: facts.code.createCall(made?.fn ?? 'tensor'), at: at(made?.source), shape: shapeText(leaf), none: facts.code.none, item: '.item()' };
  return {
    kind: 'newLeaf',
    severity: 'error',
    params,
    tensors: [...params.flatMap((p) => facts.snapshot.params.filter((q) => q.name === p).map((q) => q.tensor)), ...leaves],
    nodes: [],
    places: places(made?.source),
    summary: message(params.length === 1 ? 'newLeaf.summary.one' : 'newLeaf.summary.other', args),
    text: message(params.length === 1 ? 'newLeaf.text.one' : 'newLeaf.text.other', args),
    fix: message('newLeaf.fix', args),
  };
}

/** A leaf that does not require grad: made under noGrad, a detach() result, frozen, or never asked to. */
function withoutGrad(params: readonly string[], t: TensorSnapshot, facts: GraphFacts): Draft {
  const code = facts.code;
  const name = params.join(', ');
  const entered = facts.constantUses.get(t.id) ?? [];
  const into: MessageArg = entered.length ? message('withoutGrad.into', { nodes: nodeList(entered, facts) }) : '';
  const notFloating = isFloatingPoint(t.dtype) ? undefined : message('withoutGrad.notFloatingFix', { name, dtype: t.dtype, dtypeOption: code.dtypeOption('float32') });
  const base = { severity: 'error' as const, params, nodes: entered };
  const origin = t.origin;
  // Made under noGrad from tensors that needed a gradient: noGrad is what cut it off.
  if (origin?.kind === 'noGrad' && t.cutSources?.some((s) => s.cut === 'noGrad')) {
    const args = { name, access: code.paramAccess(params[0]!), noGrad: code.noGrad, op: code.opCall(origin.op), at: at(origin.source), into, requiresGradInPlace: code.requiresGradInPlace };
    return {
      kind: 'paramMadeUnderNoGrad',
      ...base,
      tensors: [t.id],
      places: places(origin.source),
      summary: message('madeUnderNoGrad.summary', args),
      text: message('madeUnderNoGrad.text', args),
      fix: notFloating ?? message('madeUnderNoGrad.fix', args),
    };
  }
  if (origin?.kind === 'detach') {
    const args = { name, cut: origin.data ? '.data' : '.detach()', at: at(origin.source), into };
    return {
      kind: 'detachedParam',
      ...base,
      tensors: [t.id, ...(origin.of !== undefined ? [origin.of] : [])],
      places: places(origin.source),
      summary: message('detachResult.summary', args),
      text: message('detachResult.text', args),
      fix: message('detachResult.fix', args),
    };
  }
  const args = { name, access: code.paramAccess(params[0]!), into, requiresGradOption: code.requiresGradOption, requiresGradInPlace: code.requiresGradInPlace };
  return {
    kind: 'paramNoGrad',
    ...base,
    tensors: [t.id],
    places: places(facts.placeOf(t)),
    summary: message('noGrad.summary', args),
    text: message('noGrad.text', args),
    fix: notFloating ?? message('noGrad.fix', args),
  };
}

/** Tensors frozen by one call (`for p of model.parameters()) p.requiresGrad_(false)`): one finding for them all. */
function frozenDrafts(frozen: readonly TensorSnapshot[], facts: GraphFacts): Draft[] {
  const byLine = new Map<string, TensorSnapshot[]>();
  for (const t of frozen) {
    const s = t.frozen!.source;
    const key = s === undefined ? `tensor ${t.id}` : `${s.file}:${s.cell ?? ''}:${s.line}`;
    byLine.set(key, [...(byLine.get(key) ?? []), t]);
  }
  return [...byLine.values()].map((group): Draft => {
    const params = group.flatMap((t) => facts.namesOf(t.id));
    const source = group[0]!.frozen!.source;
    const entered = [...new Set(group.flatMap((t) => facts.constantUses.get(t.id) ?? []))];
    const into: MessageArg = entered.length ? message('withoutGrad.into', { nodes: nodeList(entered, facts) }) : '';
    const args = { params: names(params), off: facts.code.requiresGradOff, at: at(source), into, requiresGradInPlace: facts.code.requiresGradInPlace };
    return {
      kind: 'frozenParam',
      severity: 'error',
      params,
      tensors: group.map((t) => t.id),
      nodes: entered,
      places: places(source),
      summary: message(params.length === 1 ? 'frozen.summary.one' : 'frozen.summary.other', args),
      text: message(params.length === 1 ? 'frozen.text.one' : 'frozen.text.other', args),
      fix: message('frozen.fix', args),
    };
  });
}

/** The findings about named tensors that no cut explains, in the order the params were given. */
export function paramFindings(facts: GraphFacts, explained: ReadonlySet<number>): Draft[] {
  const drafts: Draft[] = [];
  const unexplained: [readonly string[], TensorSnapshot][] = [];
  const frozen: TensorSnapshot[] = [];
  for (const [id, params] of facts.namesByTensor) {
    if (explained.has(id)) continue;
    const t = facts.tensor(id);
    const node = facts.nodeOf(t);
    if (!t.isLeaf) {
      if (node !== null) drafts.push(retainedAfterBackward(t, node, facts) ? retainedTooLate(params, t, node, facts) : nonLeaf(params, t, node, facts));
      else {
        const args = { name: params.join(', '), node: t.gradFn?.name ?? '', at: at(facts.placeOf(t)) };
        drafts.push(notInGraph(params, t, facts, message('notInGraph.computed', args)));
      }
    } else if (!t.requiresGrad) {
      if (t.frozen !== undefined && t.origin?.kind !== 'noGrad' && t.origin?.kind !== 'detach') frozen.push(t);
      else drafts.push(withoutGrad(params, t, facts));
    }
    else if (!facts.reachedLeaves.has(id)) {
      if (t.requiresGradAfterUse !== undefined || facts.constantUses.has(id)) drafts.push(requiresGradTooLate(params, t, facts));
      else unexplained.push([params, t]);
    }
  }
  drafts.push(...frozenDrafts(frozen, facts));
  const leaves = newLeaves(facts);
  if (leaves.length > 0 && unexplained.length > 0) drafts.push(newLeafDraft(unexplained.flatMap(([params]) => params), leaves, facts));
  else {
    for (const [params, t] of unexplained) {
      drafts.push(notInGraph(params, t, facts, message('notInGraph.text', { name: params.join(', '), none: facts.code.none })));
    }
  }
  return drafts;
}
