/**
 * Cuts traced to the params they starve: each place where a value that needed a gradient entered
 * the graph without one (detach(), `.data`, noGrad, values copied out, an op with no gradient) is
 * one finding, naming the op and the line, and listing every param behind it that backward no
 * longer reaches (or, in a second finding, reaches only by other ways).
 */
import type { SourceLocationSnapshot } from '@gradviz/engine/snapshot-schema';
import { message, type MessageArg, type MessageId, plural } from '../messages/index.js';
import type { Cut, GraphFacts } from './facts.js';
import type { Draft, FindingKind } from './finding.js';
import { at, grads, names, nodeList, places, tensorArg } from './words.js';

const KIND: Readonly<Record<Cut['cut'], FindingKind>> = {
  detach: 'detachedParam',
  noGrad: 'noGradParam',
  values: 'copiedParam',
  nonDifferentiable: 'nonDifferentiableParam',
};

/** The cuts made by one call: same kind, same line (or the same tensor made, when the line is not known). */
interface CutPlace {
  readonly cuts: Cut[];
  /** Param tensors behind the cut that backward does not reach at all, and those it reaches by other ways. */
  readonly starved: Set<number>;
  readonly partial: Set<number>;
}

function placeKey(cut: Cut, source: SourceLocationSnapshot | undefined): string {
  const where = source === undefined ? `tensor ${cut.at}` : `${source.file}:${source.cell ?? ''}:${source.line}:${source.column}`;
  return `${cut.cut} ${cut.via ?? ''} ${cut.op ?? ''} ${where}`;
}

/** Every cut grouped by the call that made it, with the params behind it. */
function cutPlaces(facts: GraphFacts): CutPlace[] {
  const byPlace = new Map<string, CutPlace>();
  for (const cut of facts.cuts) {
    const key = placeKey(cut, facts.placeOf(facts.tensor(cut.at)));
    let found = byPlace.get(key);
    if (found === undefined) byPlace.set(key, (found = { cuts: [], starved: new Set(), partial: new Set() }));
    found.cuts.push(cut);
    // The same value flowing both with and without its graph (`x.mul(x.detach())`) gets part of its
    // gradient; a value from an earlier step cut off (a detached hidden state) takes nothing away.
    const sameValueReached = facts.reached(cut.source);
    for (const id of new Set([cut.source, ...facts.leavesOf(cut.source)])) {
      if (facts.namesOf(id).length === 0) continue;
      if (!facts.reached(id)) found.starved.add(id);
      else if (sameValueReached) found.partial.add(id);
    }
  }
  return [...byPlace.values()];
}

/** `w.detach()`, `.item()`, `argmax()`: the call that cut, as the learner wrote it. */
function cutCall(cut: Cut, facts: GraphFacts): string {
  const code = facts.code;
  const named = facts.namesOf(cut.source)[0];
  const owner = named ?? '';
  switch (cut.cut) {
    case 'detach':
      return cut.via === 'data' ? `${owner}.data` : `${owner}.detach()${valuesExitAfterDetach(cut, facts) ?? ''}`;
    case 'noGrad':
      return code.noGrad;
    case 'values':
      return cut.via === 'tensor' || cut.via === undefined ? `${code.tensorFn}([...])` : `${owner}.${cut.via}()`;
    case 'nonDifferentiable':
      return code.opCall(cut.op ?? 'op');
  }
}

/** Where the cut values went: into nodes as a constant, or straight to an output (which then has no gradFn). */
function into(cuts: readonly Cut[], facts: GraphFacts): MessageArg {
  const entered = [...new Set(cuts.flatMap((c) => c.nodes))];
  return entered.length > 0 ? message('into.nodes', { nodes: nodeList(entered, facts) }) : message('into.output', { gradFn: facts.code.gradFn });
}

/**
 * Values that left a detach()ed tensor as an array (`x.detach().numpy()`) and came back through
 * tensor(): the call they left by, which the finding names with the detach().
 */
function valuesExitAfterDetach(cut: Cut, facts: GraphFacts): string | undefined {
  const origin = facts.tensor(cut.constant).origin;
  return cut.cut === 'detach' && origin?.kind === 'created' && origin.via !== undefined && origin.via !== 'tensor' ? `.${origin.via}()` : undefined;
}

function textId(cut: Cut, count: number, facts: GraphFacts): MessageId {
  const base =
    cut.cut === 'values'
      ? cut.via === 'tensor' || cut.via === undefined
        ? 'cut.tensorOfTensors'
        : 'cut.values'
      : valuesExitAfterDetach(cut, facts) !== undefined
        ? 'cut.values'
        : `cut.${cut.cut}`;
  return plural(`${base}.text` as 'cut.detach.text', count);
}

function fixOf(cut: Cut, facts: GraphFacts, sources: readonly number[]): { fix: ReturnType<typeof message>; code?: string } {
  const code = facts.code;
  const source = tensorArg(cut.source, facts);
  const call = cutCall(cut, facts);
  switch (cut.cut) {
    case 'detach':
      if (valuesExitAfterDetach(cut, facts) !== undefined) return { fix: message('cut.values.fix', { source, cut: call }) };
      return { fix: message(cut.via === 'data' ? 'cut.data.fix' : 'cut.detach.fix', { source, cut: call }) };
    case 'noGrad':
      return { fix: message('cut.noGrad.fix', { noGradBlock: code.noGradBlock }) };
    case 'values': {
      if (cut.via === 'tensor' || cut.via === undefined) {
        const named = sources.map((s) => facts.namesOf(s)[0]);
        // stack() of the very tensors keeps the graph: pasteable when every one of them has a name.
        const stackCode = named.every((n) => n !== undefined) ? `${code.stack.replace('()', '')}([${named.join(', ')}])` : undefined;
        if (stackCode === undefined) return { fix: message('cut.tensorOfTensors.fix', { stack: code.stack, tensorFn: code.tensorFn }) };
        return { fix: message('cut.tensorOfTensors.fixCode', { stack: code.stack, tensorFn: code.tensorFn, code: stackCode }), code: stackCode };
      }
      return { fix: message('cut.values.fix', { source, cut: call }) };
    }
    case 'nonDifferentiable':
      return { fix: message('cut.nonDifferentiable.fix', { source, op: call }) };
  }
}

/** What both kinds of cut finding say of a cut place, for the param tensors `concerned`. */
function cutBasis(place: CutPlace, concerned: ReadonlySet<number>, facts: GraphFacts) {
  const first = place.cuts[0]!;
  const tensors = facts.inParamsOrder(concerned);
  const params = tensors.flatMap((id) => facts.namesOf(id));
  const madeAt = facts.placeOf(facts.tensor(first.at));
  const sources = facts.inParamsOrder(new Set(place.cuts.map((c) => c.source)));
  const args = { cut: cutCall(first, facts), at: at(madeAt), source: { list: sources.map((s) => tensorArg(s, facts)) }, into: into(place.cuts, facts), params: names(params) };
  return { first, tensors, params, madeAt, sources, args, constants: [...new Set(place.cuts.map((c) => c.constant))], nodes: [...new Set(place.cuts.flatMap((c) => c.nodes))] };
}

function starvedDraft(place: CutPlace, facts: GraphFacts): Draft {
  const { first, tensors: starved, params, madeAt, sources, args: basis, constants, nodes } = cutBasis(place, place.starved, facts);
  const args = {
    ...basis,
    grads: grads(params),
    none: facts.code.none,
    noGrad: facts.code.noGrad,
    tensorFn: facts.code.tensorFn,
    dtype: facts.tensor(first.at).dtype,
  };
  const { fix, code } = fixOf(first, facts, sources);
  return {
    kind: KIND[first.cut],
    severity: 'error',
    params,
    tensors: [...starved, ...sources.filter((s) => !place.starved.has(s)), ...constants],
    nodes,
    places: places(madeAt, ...sources.map((s) => facts.placeOf(facts.tensor(s)))),
    summary: message(plural('cut.summary', params.length), args),
    text: message(textId(first, params.length, facts), args),
    fix,
    ...(code !== undefined ? { code } : {}),
  };
}

function partialDraft(place: CutPlace, facts: GraphFacts): Draft {
  const { tensors: partial, params, madeAt, args, constants, nodes } = cutBasis(place, place.partial, facts);
  return {
    kind: 'partlyCutParam',
    severity: 'warning',
    params,
    tensors: [...partial, ...constants],
    nodes,
    places: places(madeAt),
    summary: message(plural('partlyCut.summary', params.length), args),
    text: message(plural('partlyCut.text', params.length), args),
    fix: message('partlyCut.fix', args),
  };
}

/** The cut findings, and the param tensors they explain fully (no other finding needs to say why those get nothing). */
export function cutFindings(facts: GraphFacts): { drafts: Draft[]; starved: Set<number> } {
  const drafts: Draft[] = [];
  const starved = new Set<number>();
  for (const place of cutPlaces(facts)) {
    if (place.starved.size > 0) drafts.push(starvedDraft(place, facts));
    if (place.partial.size > 0) drafts.push(partialDraft(place, facts));
    for (const id of place.starved) starved.add(id);
  }
  return { drafts, starved };
}
