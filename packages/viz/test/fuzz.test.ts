/**
 * Issue 10: a fuzz test with a fixed seed. Mutated snapshot JSON (deleted fields, wrong types, huge
 * and odd numbers, dangling ids, long, hostile and control-character strings, deep nesting,
 * `__proto__` keys) and mutated graph JSON for the web component (command lines are fuzzed in
 * @gradviz/cli): nothing but the library's own documented errors, and for every snapshot accepted,
 * SVG that parses as XML, hover rows that are [name, value] pairs, and DOT that Graphviz's
 * `dot -Tsvg` accepts.
 */
import { spawnSync } from 'node:child_process';
import { noGrad, snapshot, tensor } from '@gradviz/engine';
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawableGraph } from '../src/browser/graph-data.js';
import type { VizGraph } from '../src/graph.js';
import { type MakeDotOptions, makeDot } from '../src/make-dot.js';
import { drawGraph, toSvgString } from '../src/render/index.js';
import { SnapshotError } from '../src/validate.js';
import { parseSvg } from './fixtures/svg-dom.js';

const SEED = 20_240_610;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** Graphs that between them use every part of a snapshot: copies, cuts, views, saved tensors, constants, several outputs. */
function baseSnapshots(): Json[] {
  const x = tensor([1, 2], { requiresGrad: true });
  const copied = x.double();
  const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  const detached = w.detach();
  const underNoGrad = noGrad(() => w.mul(2));
  const y = copied.float().mul(w).add(detached).sub(underNoGrad).exp().sum(1);
  const view = x.view(2, 1);
  return [
    snapshot(y.sum(), { params: { x, copied, w } }),
    snapshot([y.mean(), view, detached], { params: { w, 'a<b>&"': x } }),
    snapshot(x.mul(3).pow(2).sum(), { params: { x } }),
  ].map((s) => JSON.parse(JSON.stringify(s)) as Json);
}

/** Every path in a JSON value (iteratively), the root's `[]` included. */
function pathsOf(root: Json): Path[] {
  const paths: Path[] = [];
  const stack: { value: Json; path: Path }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    paths.push(path);
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
  }
  return paths;
}

function nestedArrays(depth: number): Json {
  let value: Json = 0;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const WORDS = ['MulBackward0', 'AccumulateGrad', 'float32', 'int64', 'tensor', 'int', 'ints', 'float', 'string', 'none', 'bool', 'detach', 'noGrad', 'created', 'op', 'dtypeCopy', 'number', 'internal', 'gradviz.graph', 'nan', 'inf', '-inf', 'x', 'w', ''];
const HOSTILE_CHARS = ['\u0000', '\u0001', '\u001b', '\n', '\r', '\t', '\u007f', '\u2028', '\ud800', '\udfff', '\ufffe', '<', '>', '&', '"', "'", '\\', '`', '\u202e', '😀', '中'];

/** Values a mutation puts into a snapshot. */
const valueArb: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(-1, 0, 1, 2, 3, 5, 99, 1e300, -1e300, 0.5, 2 ** 53 + 2, -0, null, true, false, [], {}, [null, 0], [0, 0]),
  fc.constantFrom(...WORDS),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.array(fc.constantFrom(...HOSTILE_CHARS), { maxLength: 12 }).map((chars) => chars.join('')),
  fc.integer({ min: 15_000, max: 40_000 }).map((n) => `${'n'.repeat(n)}<script>`),
  fc.integer({ min: 90, max: 130 }).map(nestedArrays),
  fc.constant<Json>(JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}') as Json),
);

interface Mutation {
  readonly at: number;
  readonly kind: 'set' | 'delete' | 'add' | 'duplicate';
  readonly value: Json;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({ at: fc.nat(), kind: fc.constantFrom('set', 'set', 'delete', 'add', 'duplicate'), value: valueArb });

/** Applies the mutations to a copy of `base`, each at a path picked among the copy's current paths. */
function mutate(base: Json, mutations: readonly Mutation[]): Json {
  const root = structuredClone(base);
  for (const { at, kind, value } of mutations) {
    const paths = pathsOf(root);
    const path = paths[at % paths.length]!;
    // The root stays an object: a snapshot file always holds one (the CLI says so of one that does not).
    if (path.length === 0) continue;
    const parent = path.slice(0, -1).reduce<Json>((v, k) => (v as Record<string | number, Json>)[k]!, root) as Record<string | number, Json>;
    const key = path.at(-1)!;
    if (kind === 'set') parent[key] = value;
    else if (kind === 'delete') Array.isArray(parent) ? parent.splice(key as number, 1) : delete parent[key];
    else if (kind === 'add') Array.isArray(parent) ? parent.push(value) : (parent[`extra${String(key)}`] = value);
    else if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number]!));
  }
  return root;
}

const optionsArb: fc.Arbitrary<MakeDotOptions> = fc.record(
  { showAttrs: fc.boolean(), showSaved: fc.boolean(), maxAttrChars: fc.integer({ min: 0, max: 200 }), rankdir: fc.constantFrom('TB', 'BT', 'LR', 'RL') },
  { requiredKeys: [] },
);

/** What the hover shows must be [name, value] pairs of text: a missing value showed as `undefined`. */
function expectHoverRows(graph: VizGraph): void {
  for (const node of graph.nodes) {
    for (const row of node.details ?? []) expect(row.length === 2 && typeof row[0] === 'string' && typeof row[1] === 'string', JSON.stringify(row)).toBe(true);
  }
}

/** Runs `dot -Tsvg` once over all the graphs (one after another in one input); the first it refuses, with its complaint. */
function graphvizRefusal(dots: readonly string[]): string | undefined {
  const run = spawnSync('dot', ['-Tsvg', '-o', '/dev/null'], { input: dots.join(''), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status === 0) return undefined;
  const line = Number(/line (\d+)/.exec(run.stderr)?.[1] ?? Number.NaN);
  let first = 1;
  const culprit = dots.find((dot) => {
    const last = first + dot.split('\n').length - 2;
    const found = line >= first && line <= last;
    first = last + 1;
    return found;
  });
  return `${run.stderr}\nin:\n${culprit?.slice(0, 2000) ?? '(graph not found)'}`;
}

describe('fuzz (fixed seed)', () => {
  const bases = baseSnapshots();

  it('mutated snapshots: a drawing or a SnapshotError; every drawing is XML, its DOT accepted by dot', () => {
    const dots: string[] = [];
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat({ max: bases.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), optionsArb, (base, mutations, options) => {
        const json = mutate(bases[base]!, mutations);
        let graph: ReturnType<typeof makeDot>;
        try {
          graph = makeDot(json as unknown as GraphSnapshot, options);
        } catch (error) {
          if (error instanceof SnapshotError) return;
          throw error;
        }
        accepted++;
        parseSvg(graph.toSVG());
        dots.push(graph.toDOT());
        expectHoverRows(graph.graph);
        for (const { name } of graph.snapshot.params) graph.explain(name);
        // The web component's path: the JSON written, read back and drawn in the page.
        const data = drawableGraph(JSON.parse(JSON.stringify(graph.toJSON())));
        parseSvg(toSvgString(drawGraph(data.layout, data.graph)));
      }),
      { seed: SEED, numRuns: 1000 },
    );
    // The mutations must leave many snapshots drawable, or the drawing side is barely tested.
    expect(accepted).toBeGreaterThan(150);
    expect(graphvizRefusal(dots)).toBeUndefined();
  });

  it('mutated graph JSON for the web component: drawn, or a TypeError that says what is malformed', () => {
    const drawables = bases.map((base) => JSON.parse(JSON.stringify(makeDot(base as unknown as GraphSnapshot).toJSON())) as Json);
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat({ max: drawables.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (index, mutations) => {
        const json = mutate(drawables[index]!, mutations);
        let data: ReturnType<typeof drawableGraph>;
        try {
          data = drawableGraph(json);
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
          expect((error as Error).message).toMatch(/^(malformed graph JSON: |graph JSON: malformed snapshot: |expected the JSON that makeDot\(\)\.toJSON\(\))/);
          return;
        }
        accepted++;
        expectHoverRows(data.graph);
        parseSvg(toSvgString(drawGraph(data.layout, data.graph)));
      }),
      { seed: SEED, numRuns: 1000 },
    );
    expect(accepted).toBeGreaterThan(100);
  });
});
