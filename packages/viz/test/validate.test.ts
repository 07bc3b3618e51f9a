/**
 * Issue 10, item 7: every invariant the drawing relies on is checked up front, without recursion,
 * so a malformed snapshot gets a SnapshotError naming the field, never a crash deep inside.
 */
import { snapshot, tensor } from '@gradviz/engine';
import { describe, expect, it } from 'vitest';
import { makeDot } from '../src/make-dot.js';
import { MAX_SNAPSHOT_DEPTH, SnapshotError, validateSnapshot } from '../src/validate.js';
import { errorOf } from './support/errors.js';

/** The seed's shape: x copied to float64 (a non-leaf param), times 2, summed; as JSON that can be edited. */
function seedJson(): any {
  const x = tensor([1, 2], { requiresGrad: true }).double();
  return JSON.parse(JSON.stringify(snapshot(x.mul(2).sum(), { params: { x } })));
}

/** `{ a: { a: ... { a: 1 } } }`, `depth` objects deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const malformed: [string, (s: any) => void, string][] = [
  [
    'a node not reached from the outputs, named by a param (it crashed the layout: "VizGraph edge n4 -> p:x names no node")',
    (s) => {
      s.nodes.push({ id: s.nodes.length, name: 'MulBackward0', next: [], saved: {} });
      s.tensors.find((t: any) => t.params?.includes('x')).gradFn.node = s.nodes.length - 1;
    },
    "nodes[4] must be reached from an output's gradFn through next (a snapshot holds only the graph behind its outputs), got an object",
  ],
  ['no params (it crashed torchviz.ts: "reading \'map\'")', (s) => delete s.params, 'params must be an array, got undefined'],
  ['an output whose gradFn is not its tensor’s', (s) => (s.outputs[0].gradFn = 1), "outputs[0].gradFn must be its tensor's gradFn node (0), got 1"],
  ['a negative input_nr', (s) => (s.nodes[0].next[0][1] = -1), 'nodes[0].next[0] must be a [node id or null, input_nr] pair, got an array of length 2'],
  [
    `an unknown field nested ${MAX_SNAPSHOT_DEPTH + 1} levels deep`,
    (s) => (s.tensors[0].extra = nested(MAX_SNAPSHOT_DEPTH)),
    `tensors[0].extra${'.a'.repeat(MAX_SNAPSHOT_DEPTH - 3)} nests deeper than ${MAX_SNAPSHOT_DEPTH} levels, got an object`,
  ],
  ['a BigInt in an unknown field', (s) => (s.nodes[1].saved.self.note = 10n), 'nodes[1].saved.self.note must be JSON data (an object, an array, a string, a number, true, false or null), got 10'],
  ['a Date in an unknown field', (s) => (s.producerDate = new Date(0)), 'producerDate must be JSON data (an object, an array, a string, a number, true, false or null), got a Date'],
  // What the diagnosis reads of what happened to tensors (issue 12).
  ['leaves that are not tensor ids', (s) => (s.tensors[0].leaves = ['x']), 'tensors[0].leaves[0] must be a tensor id from 0 to 3, got "x"'],
  ['an in-place change without its op', (s) => (s.tensors[0].inPlace = { source: { file: 'a.ts', line: 1, column: 1 } }), 'tensors[0].inPlace.op must be a string, got undefined'],
  ['piled-up gradients of no backward() call', (s) => (s.tensors[1].gradAccumulation = { backwards: 0 }), 'tensors[1].gradAccumulation.backwards must be a whole number from 1, got 0'],
  ['a cut of an unknown kind', (s) => (s.tensors[0].cutSources = [{ tensor: 1, cut: 'magic', at: 0 }]), 'tensors[0].cutSources[0].cut must be one of "detach", "noGrad", "values", "nonDifferentiable", got "magic"'],
  ['a freeing backward() with a bad line', (s) => (s.nodes[0].releasedBy = { source: { file: 'a.ts', line: 'one', column: 1 } }), 'nodes[0].releasedBy.source.line must be a whole number, got "one"'],
  ['a modified saved tensor whose error is not text', (s) => (s.nodes[1].saved.self = { type: 'tensor', tensor: 0, modified: true, error: 3 }), 'nodes[1].saved.self.error must be a string, got 3'],
];

describe('validateSnapshot', () => {
  it.each(malformed)('refuses %s, naming the field', (_, mutate, message) => {
    const json = seedJson();
    mutate(json);
    const error = errorOf(() => makeDot(json));
    expect(error).toBeInstanceOf(SnapshotError);
    expect(error.message).toBe(`makeDot(): malformed snapshot: ${message}`);
  });

  it('refuses a cycle and a value built to repeat itself, in snapshots made in code', () => {
    const cyclic = seedJson();
    cyclic.tensors[0].self = cyclic.tensors[0];
    expect(errorOf(() => validateSnapshot(cyclic)).message).toBe(
      'makeDot(): malformed snapshot: tensors[0].self refers back to a value that contains it (a cycle), which JSON cannot hold, got an object',
    );
    // 60 levels of { a: x, b: x }: 60 objects, 2^61 as JSON.stringify would write them.
    const diamond = seedJson();
    let shared: object = {};
    for (let i = 0; i < 60; i++) shared = { a: shared, b: shared };
    diamond.extra = shared;
    expect(errorOf(() => validateSnapshot(diamond)).message).toBe(
      'makeDot(): malformed snapshot: the snapshot holds more than 10,000,000 objects and arrays as JSON (a value shared by many parents counts for each), got an object',
    );
  });

  it('refuses a snapshot object whose getter throws, naming it', () => {
    const json = seedJson();
    Object.defineProperty(json.tensors[1], 'note', { enumerable: true, get: () => { throw new Error('no'); } });
    expect(errorOf(() => validateSnapshot(json)).message).toBe('makeDot(): malformed snapshot: tensors[1].note could not be read (no), got undefined');
  });

  it('keeps unknown fields that nest within the limit, and writes them back', () => {
    const json = seedJson();
    json.tensors[0].extra = nested(MAX_SNAPSHOT_DEPTH - 4);
    json.shared = [json.tensors[0].extra, json.tensors[0].extra];
    const graph = makeDot(json);
    expect(JSON.parse(JSON.stringify(graph.toJSON())).snapshot.tensors[0].extra).toEqual(json.tensors[0].extra);
  });

  it('accepts every snapshot the engine writes, as JSON and as the object itself', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2).exp();
    const made = snapshot([y.sum(), y.mean()], { params: { x } });
    expect(validateSnapshot(made)).toBe(made);
    expect(() => validateSnapshot(JSON.parse(JSON.stringify(made)))).not.toThrow();
  });
});
