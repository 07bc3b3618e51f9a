/** Parts of findings' sentences, as message arguments: places, names, tensors, lists of nodes. */
import type { SourceLocationSnapshot, TensorSnapshot } from '@gradviz/engine/snapshot-schema';
import { message, type MessageArg, type MessageRef, plural } from '../messages/index.js';
import type { GraphFacts } from './facts.js';

/** `line 10 of blog.ts`, `cell [3], line 2`: where a line of the user's code is. */
export function place(source: SourceLocationSnapshot): MessageRef {
  return source.cell !== undefined ? message('place.cell', { cell: source.cell, line: source.line }) : message('place.file', { file: source.file.split(/[\\/]/).pop()!, line: source.line });
}

/** ` on line 10 of blog.ts`, ` in cell [3], line 2` after the code it follows; nothing when the line is not known. */
export function at(source: SourceLocationSnapshot | undefined): MessageArg {
  if (source === undefined) return '';
  return message(source.cell !== undefined ? 'at.cell' : 'at.file', { place: place(source) });
}

/** Names read as a list: `a, b and c`. */
export function names(list: readonly string[]): MessageArg {
  return { list };
}

/** `a.grad, b.grad`: the gradients of the names, as a list. */
export function grads(list: readonly string[]): MessageArg {
  return { list: list.map((name) => `${name}.grad`) };
}

/** Most distinct node names a sentence lists; the other nodes are counted. */
const MAX_NAMED_NODES = 3;

/** The nodes a value entered: each name once, a few at most, then how many more ("MulBackward0, AddBackward0 and 4,998 more nodes"). */
export function nodeList(nodes: readonly number[], facts: GraphFacts): MessageArg {
  const named = [...new Set(nodes.map((n) => facts.node(n).name))].slice(0, MAX_NAMED_NODES);
  const more = nodes.length - named.length;
  return { list: more > 0 ? [...named, message(plural('nodes.more', more), { count: more })] : named };
}

/** `(3, 2)`: a shape as PyTorch's sizes read. */
export function shapeText(t: TensorSnapshot): string {
  return `(${t.shape.join(', ')})`;
}

/**
 * A tensor in a sentence: its params names, or what made it ("the result of relu() on line 4"),
 * or its dtype and shape.
 */
export function tensorArg(id: number, facts: GraphFacts): MessageArg {
  const t = facts.tensor(id);
  const named = facts.namesOf(id);
  if (named.length > 0) return names(named);
  const origin = t.origin;
  const where = at(facts.placeOf(t));
  if (origin?.kind === 'op' || origin?.kind === 'noGrad') return message('tensor.resultOf', { op: facts.code.opCall(origin.op), at: where });
  if (t.gradFn !== undefined) return message('tensor.madeBy', { node: t.gradFn.name, at: where });
  if (origin?.kind === 'created') return message('tensor.created', { fn: `${origin.fn}()`, at: where });
  return message('tensor.plain', { dtype: t.dtype, shape: shapeText(t) });
}

/** The places a finding names, each once, in order. */
export function places(...sources: (SourceLocationSnapshot | undefined)[]): SourceLocationSnapshot[] {
  const out: SourceLocationSnapshot[] = [];
  for (const s of sources) {
    if (s !== undefined && !out.some((o) => o.file === s.file && o.line === s.line && o.column === s.column && o.cell === s.cell)) out.push(s);
  }
  return out;
}
