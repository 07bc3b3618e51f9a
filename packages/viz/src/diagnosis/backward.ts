/**
 * Backward's errors, foreseen from the graph before it runs: an output that needs no grad, a saved
 * tensor changed in place, a graph freed by an earlier backward(), a leaf moved into the graph's
 * interior. Each quotes PyTorch's own error text.
 */
import type { InPlaceSnapshot, SourceLocationSnapshot } from '@gradviz/engine/snapshot-schema';
import { message, type MessageArg } from '../messages/index.js';
import type { GraphFacts } from './facts.js';
import type { Draft } from './finding.js';
import { at, nodeList, places, tensorArg } from './words.js';

export const NO_GRAD_FN_ERROR = 'element 0 of tensors does not require grad and does not have a grad_fn';
export const FREED_ERROR =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';
export const MODIFIED_ERROR = 'one of the variables needed for gradient computation has been modified by an inplace operation';
export const LEAF_MOVED_ERROR = 'leaf variable has been moved into the graph interior';

/** Why nothing that requires grad reaches an output: the cuts it came through, or the new tensor it is. */
function whyNoGrad(id: number, facts: GraphFacts): MessageArg {
  const t = facts.tensor(id);
  const cuts = t.cutSources ?? [];
  if (cuts.length > 0) return message('outputWithoutGrad.fromCuts', { sources: { list: facts.inParamsOrder(new Set(cuts.map((c) => c.tensor))).map((s) => tensorArg(s, facts)) } });
  if (t.origin?.kind === 'created' && t.isLeaf) return message('outputWithoutGrad.newTensor', { fn: facts.code.createCall(t.origin.fn), at: at(t.origin.source) });
  return '';
}

function outputsWithoutGrad(facts: GraphFacts): Draft[] {
  return facts.snapshot.outputs.flatMap((output, i): Draft[] => {
    const t = facts.tensor(output.tensor);
    if (t.requiresGrad) return [];
    const named = facts.namesOf(output.tensor);
    const label: MessageArg = named.length ? { list: named } : message('output.number', { index: i });
    const args = { output: label, gradFn: facts.code.gradFn, because: whyNoGrad(output.tensor, facts), pytorch: NO_GRAD_FN_ERROR, noGrad: facts.code.noGrad };
    return [
      {
        kind: 'outputWithoutGrad',
        severity: 'error',
        params: named,
        tensors: [output.tensor],
        nodes: [],
        places: places(facts.placeOf(t)),
        summary: message('outputWithoutGrad.summary', args),
        text: message('outputWithoutGrad.text', args),
        fix: message('outputWithoutGrad.fix', args),
        pytorch: NO_GRAD_FN_ERROR,
      },
    ];
  });
}

/** `relu()` for `relu_`, `add()` for `add_` and `+=`: the op that makes a new tensor instead. */
function outOfPlace(op: string): string {
  const plain = { __iadd__: 'add', __isub__: 'sub', __imul__: 'mul', __itruediv__: 'div' }[op] ?? op.replace(/_$/, '');
  return `${plain}()`;
}

function placeKey(source: SourceLocationSnapshot | undefined): string {
  return source === undefined ? '' : `${source.file}:${source.cell ?? ''}:${source.line}`;
}

/** Saved tensors changed in place since they were saved: one finding per in-place call. */
function modifiedSaved(facts: GraphFacts): Draft[] {
  const byChange = new Map<string, { change: InPlaceSnapshot | undefined; nodes: number[]; tensors: number[]; error: string }>();
  for (const node of facts.snapshot.nodes) {
    for (const value of Object.values(node.saved)) {
      if (value.type !== 'tensor' || !value.modified) continue;
      const key = value.modifiedBy ? `${value.modifiedBy.op} ${placeKey(value.modifiedBy.source)}` : `tensor ${value.tensor}`;
      let found = byChange.get(key);
      if (found === undefined) byChange.set(key, (found = { change: value.modifiedBy, nodes: [], tensors: [], error: value.error ?? MODIFIED_ERROR }));
      if (!found.nodes.includes(node.id)) found.nodes.push(node.id);
      if (!found.tensors.includes(value.tensor)) found.tensors.push(value.tensor);
    }
  }
  return [...byChange.values()].map(({ change, nodes, tensors, error }): Draft => {
    const op = change?.op;
    const args = {
      nodes: nodeList(nodes, facts),
      nodeAt: at(facts.node(nodes[0]!).source),
      tensor: { list: tensors.map((t) => tensorArg(t, facts)) },
      op: op === undefined ? message('inPlace.unknown') : facts.code.opCall(op),
      at: at(change?.source),
      outOfPlace: op === undefined ? 'clone()' : outOfPlace(op),
      pytorch: error,
    };
    return {
      kind: 'savedTensorModified',
      severity: 'error',
      params: tensors.flatMap((t) => facts.namesOf(t)),
      tensors,
      nodes,
      places: places(change?.source, facts.node(nodes[0]!).source),
      summary: message('savedTensorModified.summary', args),
      text: message('savedTensorModified.text', args),
      fix: message(op === undefined || op === '__setitem__' || op === 'index_put_' || op === 'copy_' ? 'savedTensorModified.fixClone' : 'savedTensorModified.fix', args),
      ...(op !== undefined && op !== '__setitem__' && op !== 'index_put_' && op !== 'copy_' ? { code: outOfPlace(op) } : {}),
      pytorch: error,
    };
  });
}

/**
 * A graph part of which an earlier backward() already ran through and freed, while the rest is
 * new: backward from the outputs will reach the freed part and raise. (A graph backward has run
 * through as a whole is only being looked at: nothing to say.)
 */
function freedGraph(facts: GraphFacts): Draft[] {
  const nodes = facts.snapshot.nodes;
  const savedTensors = (id: number) => Object.values(nodes[id]!.saved).filter((v) => v.type === 'tensor' || v.type === 'tensors');
  const isFreed = (id: number) => savedTensors(id).some((v) => (v.type === 'tensor' || v.type === 'tensors') && v.freed === true);
  const old = new Set(nodes.filter((n) => n.name !== 'AccumulateGrad' && (isFreed(n.id) || n.releasedBy !== undefined)).map((n) => n.id));
  const freed = [...old].filter(isFreed);
  const fresh = nodes.filter((n) => !old.has(n.id) && savedTensors(n.id).length > 0);
  if (freed.length === 0 || fresh.length === 0) return [];
  // Where the new part reaches the old one: the tensors it carried over.
  const boundary = new Set(nodes.filter((n) => !old.has(n.id)).flatMap((n) => n.next.flatMap(([next]) => (next !== null && old.has(next) ? [next] : []))));
  const carried = facts.snapshot.tensors.filter((t) => t.gradFn?.node != null && boundary.has(t.gradFn.node)).map((t) => t.id);
  const releasedAt = freed.map((n) => nodes[n]!.releasedBy?.source).find((s) => s !== undefined);
  const carriedArg: MessageArg = carried.length > 0 ? { list: carried.slice(0, 3).map((t) => tensorArg(t, facts)) } : nodeList([...boundary], facts);
  const name = carried.map((t) => facts.namesOf(t)[0]).find((n) => n !== undefined) ?? 'h';
  const code = facts.code.detachStatement(name);
  const args = { nodes: nodeList(freed, facts), at: at(releasedAt), carried: carriedArg, code, retainGraph: facts.code.backwardRetainingGraph, pytorch: FREED_ERROR };
  return [
    {
      kind: 'graphFreed',
      severity: 'error',
      params: carried.flatMap((t) => facts.namesOf(t)),
      tensors: carried,
      nodes: freed,
      places: places(releasedAt, ...carried.map((t) => facts.placeOf(facts.tensor(t)))),
      summary: message('graphFreed.summary', args),
      text: message('graphFreed.text', args),
      fix: message('graphFreed.fix', args),
      code,
      pytorch: FREED_ERROR,
    },
  ];
}

/**
 * AccumulateGrad of a tensor that is no longer a leaf: an in-place op gave it a gradFn after the
 * graph used it. Not said when a node saved that tensor: backward raises for the saved one first.
 */
function leavesMoved(facts: GraphFacts, modified: ReadonlySet<number>): Draft[] {
  return facts.snapshot.nodes.flatMap((node): Draft[] => {
    if (node.variable === undefined || facts.tensor(node.variable).isLeaf || modified.has(node.variable)) return [];
    const t = facts.tensor(node.variable);
    const change = t.inPlace;
    const args = {
      tensor: tensorArg(t.id, facts),
      op: change ? facts.code.opCall(change.op) : message('inPlace.unknown'),
      at: at(change?.source),
      gradFn: facts.code.gradFn,
      node: t.gradFn?.name ?? '',
      noGradBlock: facts.code.noGradBlock,
      pytorch: LEAF_MOVED_ERROR,
    };
    return [
      {
        kind: 'leafMovedIntoGraph',
        severity: 'error',
        params: facts.namesOf(t.id),
        tensors: [t.id],
        nodes: [node.id],
        places: places(change?.source),
        summary: message('leafMoved.summary', args),
        text: message('leafMoved.text', args),
        fix: message('leafMoved.fix', args),
        pytorch: LEAF_MOVED_ERROR,
      },
    ];
  });
}

/** Every error backward will raise from these outputs, foreseen. */
export function backwardErrors(facts: GraphFacts): Draft[] {
  const modified = modifiedSaved(facts);
  return [...outputsWithoutGrad(facts), ...modified, ...freedGraph(facts), ...leavesMoved(facts, new Set(modified.flatMap((d) => d.tensors)))];
}
