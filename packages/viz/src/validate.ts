/**
 * Checks that a value is a snapshot this version can draw, with an error that says what is wrong
 * and where — a snapshot may come from a file or another tool, not only from the engine. Every
 * reference and value the drawing reads is checked here, so a bad one never fails later, deep
 * inside the drawing, with a raw error.
 */
import {
  type GraphSnapshot,
  type NodeSnapshot,
  type OutputSnapshot,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type TensorSnapshot,
} from '@gradviz/engine/snapshot-schema';
import { isJsonObject, isWholeNumber, JsonChecker, type JsonObject } from './json-check.js';
import { checkGradientFlow } from './gradients/validate.js';
import { checkModuleTables } from './validate-modules.js';

export class SnapshotError extends TypeError {
  override name = 'SnapshotError';
}

/** Whether a value looks like a snapshot at all (it carries the format tag). */
export function looksLikeSnapshot(value: unknown): boolean {
  return isJsonObject(value) && value.format === SNAPSHOT_FORMAT;
}

/** The string fields each origin kind carries, besides `of` and `source`. */
const ORIGIN_TEXT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  created: ['fn'],
  op: ['op'],
  noGrad: ['op'],
  detach: [],
  dtypeCopy: ['from', 'to'],
  number: [],
  internal: [],
};

const SAVED_TYPES = ['none', 'int', 'float', 'bool', 'ints', 'string', 'tensor', 'tensors'];
/** The calls that take values out of the graph (`cutSources[].via`, `origin.via`). */
const VALUES_EXITS = ['numpy', 'tolist', 'item', 'tensor'];
const CUTS = ['detach', 'noGrad', 'values', 'nonDifferentiable'];
const FLOAT_WORDS: readonly unknown[] = ['nan', 'inf', '-inf'];

/**
 * How deeply a snapshot's values may nest. Its own fields nest six levels at most; the limit is for
 * fields this version does not know, which it keeps (toJSON() writes them back) but must be able to
 * write: JSON.stringify recurses, and 10,000 levels overflowed the stack.
 */
export const MAX_SNAPSHOT_DEPTH = 100;

/**
 * Most objects and arrays a snapshot may hold, counting a container shared by several parents once
 * per parent, as JSON.stringify writes it; a 40,000-node graph's snapshot holds about 480,000. Values
 * built in code can share containers: this keeps toJSON() of one built to repeat itself from running
 * for ever.
 */
export const MAX_SNAPSHOT_CONTAINERS = 10_000_000;

/** How a path step is written: `.name` or `[3]`. */
function step(key: string | number): string {
  return typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** A plain JSON container (what JSON.parse makes), undefined for a leaf, null for anything JSON cannot hold. */
function containerOf(value: unknown): unknown[] | JsonObject | undefined | null {
  if (typeof value !== 'object') return typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function' ? null : undefined;
  if (value === null) return undefined;
  if (Array.isArray(value)) return value;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null ? (value as JsonObject) : null;
}

/**
 * Checks, without recursion, that `root` is JSON data nested at most MAX_SNAPSHOT_DEPTH levels (so
 * with no cycle) and holding at most MAX_SNAPSHOT_CONTAINERS containers as JSON. A walk down the
 * tree, one entry per level in parallel arrays: it runs on every snapshot, so it allocates little.
 */
function checkJsonShape(root: JsonObject, check: JsonChecker): void {
  const containers: (unknown[] | JsonObject)[] = [root];
  const keyLists: (string[] | undefined)[] = [Object.keys(root)];
  const positions: number[] = [0];
  /** The key of each container below the root in the one above it. */
  const keys: (string | number)[] = [];
  let written = 1;
  /** `nodes[3].saved.self`: spelled out only for an error. */
  const spell = (path: readonly (string | number)[]) => path.map((k, i) => (i === 0 ? String(k) : step(k))).join('');
  const pathTo = (key: string | number) => spell([...keys, key]);
  while (containers.length > 0) {
    const level = containers.length - 1;
    const container = containers[level]!;
    const names = keyLists[level];
    const position = positions[level]!;
    if (position === (names ?? (container as unknown[])).length) {
      containers.pop();
      keyLists.pop();
      positions.pop();
      keys.pop();
      continue;
    }
    positions[level] = position + 1;
    const key = names === undefined ? position : names[position]!;
    let value: unknown;
    try {
      value = (container as Record<string | number, unknown>)[key];
    } catch (error) {
      // A getter that throws, in a snapshot object built in code.
      check.fail(pathTo(key), `could not be read (${error instanceof Error ? error.message : String(error)})`, undefined);
    }
    const child = containerOf(value);
    if (child === undefined) continue;
    if (child === null) check.fail(pathTo(key), 'must be JSON data (an object, an array, a string, a number, true, false or null)', value);
    if (containers.length >= MAX_SNAPSHOT_DEPTH) {
      // Too deep, maybe because a container holds itself: then name where it first comes back.
      const back = containers.findIndex((c, level) => containers.indexOf(c) !== level);
      const cycle = 'refers back to a value that contains it (a cycle), which JSON cannot hold';
      if (back > 0) check.fail(spell(keys.slice(0, back)), cycle, containers[back]);
      if (containers.includes(child)) check.fail(pathTo(key), cycle, value);
      check.fail(pathTo(key), `nests deeper than ${MAX_SNAPSHOT_DEPTH} levels`, value);
    }
    if (++written > MAX_SNAPSHOT_CONTAINERS) {
      check.fail('the snapshot', `holds more than ${MAX_SNAPSHOT_CONTAINERS.toLocaleString('en-US')} objects and arrays as JSON (a value shared by many parents counts for each)`, root);
    }
    containers.push(child);
    keyLists.push(Array.isArray(child) ? undefined : Object.keys(child));
    positions.push(0);
    keys.push(key);
  }
}

/** The checks of one snapshot: ids are checked against its node and tensor counts. */
class SnapshotChecker extends JsonChecker {
  nodeCount = 0;
  tensorCount = 0;

  constructor(where: string) {
    super(`${where}: malformed snapshot: `, (message) => new SnapshotError(message));
  }

  id(value: unknown, path: string, kind: 'node' | 'tensor'): void {
    const count = kind === 'node' ? this.nodeCount : this.tensorCount;
    if (!isWholeNumber(value) || value < 0 || value >= count) {
      this.fail(path, count === 0 ? `must be a ${kind} id, but the snapshot has no ${kind}s` : `must be a ${kind} id from 0 to ${count - 1}`, value);
    }
  }

  shape(value: unknown, path: string): void {
    if (!this.array(value, path).every((d) => isWholeNumber(d) && d >= 0)) this.fail(path, 'must hold whole numbers >= 0', value);
  }

  source(value: unknown, path: string): void {
    const source = this.object(value, path, 'a source location { file, line, column }');
    this.string(source.file, `${path}.file`);
    this.wholeNumber(source.line, `${path}.line`);
    this.wholeNumber(source.column, `${path}.column`);
    if (source.cell !== undefined) this.wholeNumber(source.cell, `${path}.cell`);
  }

  tensor(value: unknown, i: number): void {
    const path = `tensors[${i}]`;
    const t = this.object(value, path, 'an object');
    if (t.id !== i) this.fail(`${path}.id`, `must be ${i}`, t.id);
    this.shape(t.shape, `${path}.shape`);
    if (typeof t.dtype !== 'string') this.fail(`${path}.dtype`, "must be a string such as 'float32'", t.dtype);
    this.boolean(t.requiresGrad, `${path}.requiresGrad`);
    this.boolean(t.isLeaf, `${path}.isLeaf`);
    for (const flag of ['retainsGrad', 'hasGrad', 'shapeUnknown']) if (t[flag] !== undefined) this.boolean(t[flag], `${path}.${flag}`);
    if (t.gradFn !== undefined) {
      const gradFn = this.object(t.gradFn, `${path}.gradFn`, '{ name, node }');
      this.string(gradFn.name, `${path}.gradFn.name`);
      if (gradFn.node !== null) this.id(gradFn.node, `${path}.gradFn.node`, 'node');
    }
    if (t.params !== undefined && !this.array(t.params, `${path}.params`).every((name) => typeof name === 'string')) {
      this.fail(`${path}.params`, 'must hold param names (strings)', t.params);
    }
    if (t.base !== undefined) this.id(t.base, `${path}.base`, 'tensor');
    if (t.preview !== undefined) this.string(t.preview, `${path}.preview`);
    if (t.origin !== undefined) this.origin(t.origin, `${path}.origin`);
    if (t.cutSources !== undefined) {
      this.array(t.cutSources, `${path}.cutSources`).forEach((c, k) => {
        const cut = this.object(c, `${path}.cutSources[${k}]`, '{ tensor, cut, at }');
        this.id(cut.tensor, `${path}.cutSources[${k}].tensor`, 'tensor');
        this.oneOf(cut.cut, CUTS, `${path}.cutSources[${k}].cut`);
        if (cut.via !== undefined) this.oneOf(cut.via, [...VALUES_EXITS, 'data'], `${path}.cutSources[${k}].via`);
        if (cut.op !== undefined) this.string(cut.op, `${path}.cutSources[${k}].op`);
        this.id(cut.at, `${path}.cutSources[${k}].at`, 'tensor');
      });
    }
    if (t.leaves !== undefined) this.array(t.leaves, `${path}.leaves`).forEach((leaf, k) => this.id(leaf, `${path}.leaves[${k}]`, 'tensor'));
    if (t.inPlace !== undefined) this.inPlace(t.inPlace, `${path}.inPlace`);
    for (const field of ['frozen', 'requiresGradAfterUse']) if (t[field] !== undefined) this.event(t[field], `${path}.${field}`);
    if (t.retainGradAfterBackward !== undefined) {
      const late = this.event(t.retainGradAfterBackward, `${path}.retainGradAfterBackward`);
      if (late.backward !== undefined) this.source(late.backward, `${path}.retainGradAfterBackward.backward`);
    }
    if (t.gradAccumulation !== undefined) {
      const piled = this.event(t.gradAccumulation, `${path}.gradAccumulation`);
      if (!isWholeNumber(piled.backwards) || piled.backwards < 1) this.fail(`${path}.gradAccumulation.backwards`, 'must be a whole number from 1', piled.backwards);
    }
  }

  /** Something the user's code did, with its line when known: `{ source? }`. */
  event(value: unknown, path: string): JsonObject {
    const event = this.object(value, path, '{ source } (source optional)');
    if (event.source !== undefined) this.source(event.source, `${path}.source`);
    return event;
  }

  /** An in-place op and its line: `{ op, source? }`. */
  inPlace(value: unknown, path: string): void {
    this.string(this.event(value, path).op, `${path}.op`);
  }

  origin(value: unknown, path: string): void {
    const origin = this.object(value, path, 'an object with a kind');
    this.oneOf(origin.kind, Object.keys(ORIGIN_TEXT_FIELDS), `${path}.kind`);
    for (const field of ORIGIN_TEXT_FIELDS[origin.kind as string]!) this.string(origin[field], `${path}.${field}`);
    if (origin.kind === 'number') this.number(origin.value, `${path}.value`);
    if (origin.of !== undefined) this.id(origin.of, `${path}.of`, 'tensor');
    if (origin.via !== undefined) this.oneOf(origin.via, VALUES_EXITS, `${path}.via`);
    if (origin.method !== undefined) this.string(origin.method, `${path}.method`);
    if (origin.data !== undefined) this.boolean(origin.data, `${path}.data`);
    if (origin.source !== undefined) this.source(origin.source, `${path}.source`);
  }

  node(value: unknown, i: number): void {
    const path = `nodes[${i}]`;
    const n = this.object(value, path, 'an object');
    if (n.id !== i) this.fail(`${path}.id`, `must be ${i}`, n.id);
    if (typeof n.name !== 'string' || n.name === '') this.fail(`${path}.name`, "must be a node class name such as 'MulBackward0'", n.name);
    const next = this.array(n.next, `${path}.next`);
    next.forEach((edge, k) => {
      if (!Array.isArray(edge) || edge.length !== 2 || !isWholeNumber(edge[1]) || edge[1] < 0) this.fail(`${path}.next[${k}]`, 'must be a [node id or null, input_nr] pair', edge);
      if (edge[0] !== null) this.id(edge[0], `${path}.next[${k}][0]`, 'node');
    });
    if (n.constants !== undefined) this.constants(n.constants, next as [unknown, number][], path);
    if (n.output !== undefined) {
      const output = this.object(n.output, `${path}.output`, '{ shape, dtype }');
      this.shape(output.shape, `${path}.output.shape`);
      this.string(output.dtype, `${path}.output.dtype`);
    }
    if (n.variable !== undefined) this.id(n.variable, `${path}.variable`, 'tensor');
    const saved = this.object(n.saved, `${path}.saved`, 'an object of saved values');
    for (const [key, value] of Object.entries(saved)) this.saved(value, `${path}.saved.${key}`);
    if (n.module !== undefined) this.string(n.module, `${path}.module`);
    if (n.source !== undefined) this.source(n.source, `${path}.source`);
    if (n.releasedBy !== undefined) this.event(n.releasedBy, `${path}.releasedBy`);
  }

  /** One entry per `next` entry: what a null `next` was, null where `next` names a node. */
  constants(value: unknown, next: readonly [unknown, number][], path: string): void {
    const constants = this.array(value, `${path}.constants`);
    if (constants.length !== next.length) this.fail(`${path}.constants`, `must have one entry per next entry (${next.length})`, constants);
    constants.forEach((c, k) => {
      const at = `${path}.constants[${k}]`;
      if (c === null) return;
      if (next[k]![0] !== null) this.fail(at, `must be null: next[${k}] is a node`, c);
      const constant = this.object(c, at, 'null, { tensor }, { number } or { absent: true }');
      if ('tensor' in constant) this.id(constant.tensor, `${at}.tensor`, 'tensor');
      else if ('number' in constant) this.number(constant.number, `${at}.number`);
      else if (constant.absent !== true) this.fail(at, 'must be null, { tensor }, { number } or { absent: true }', c);
    });
  }

  saved(value: unknown, path: string): void {
    const saved = this.object(value, path, "an object with a 'type'");
    this.oneOf(saved.type, SAVED_TYPES, `${path}.type`);
    const v = saved.value;
    const at = `${path}.value`;
    switch (saved.type) {
      case 'int':
        this.wholeNumber(v, at);
        break;
      case 'float':
        if (typeof v !== 'number' && !FLOAT_WORDS.includes(v)) this.fail(at, "must be a number, 'nan', 'inf' or '-inf'", v);
        break;
      case 'bool':
        this.boolean(v, at);
        break;
      case 'ints':
        if (!this.array(v, at).every(isWholeNumber)) this.fail(at, 'must hold whole numbers', v);
        break;
      case 'string':
        this.string(v, at);
        break;
      case 'tensor':
        this.id(saved.tensor, `${path}.tensor`, 'tensor');
        if (saved.freed !== undefined) this.boolean(saved.freed, `${path}.freed`);
        if (saved.modified !== undefined) this.boolean(saved.modified, `${path}.modified`);
        if (saved.modifiedBy !== undefined) this.inPlace(saved.modifiedBy, `${path}.modifiedBy`);
        if (saved.error !== undefined) this.string(saved.error, `${path}.error`);
        break;
      case 'tensors':
        this.array(saved.tensors, `${path}.tensors`).forEach((t, i) => t !== null && this.id(t, `${path}.tensors[${i}]`, 'tensor'));
        if (saved.freed !== undefined) this.boolean(saved.freed, `${path}.freed`);
        break;
    }
  }
}

/** Every node must be drawn, so every node must be reached from an output's gradFn through `next` (an iterative walk). */
function checkReachable(nodes: readonly NodeSnapshot[], outputs: readonly OutputSnapshot[], check: SnapshotChecker): void {
  const reached = new Set<number>();
  const stack: number[] = [];
  for (const output of outputs) {
    if (output.gradFn !== null && !reached.has(output.gradFn)) {
      reached.add(output.gradFn);
      stack.push(output.gradFn);
    }
  }
  while (stack.length > 0) {
    for (const [next] of nodes[stack.pop()!]!.next) {
      if (next !== null && !reached.has(next)) {
        reached.add(next);
        stack.push(next);
      }
    }
  }
  const lost = nodes.findIndex((_, i) => !reached.has(i));
  if (lost >= 0) check.fail(`nodes[${lost}]`, "must be reached from an output's gradFn through next (a snapshot holds only the graph behind its outputs)", nodes[lost]);
}

/**
 * Checks that `value` is a snapshot this version can draw, without recursion: any JSON value gives
 * either the snapshot or a SnapshotError that names the field.
 */
export function validateSnapshot(value: unknown, where = 'makeDot()'): GraphSnapshot {
  const check = new SnapshotChecker(where);
  const snapshot = check.object(value, 'the snapshot', `an object with format '${SNAPSHOT_FORMAT}'`);
  if (snapshot.format !== SNAPSHOT_FORMAT) check.fail('format', `must be '${SNAPSHOT_FORMAT}'`, snapshot.format);
  if (isWholeNumber(snapshot.version) && snapshot.version > SNAPSHOT_VERSION) {
    throw new SnapshotError(
      `${where}: this snapshot is version ${snapshot.version}, newer than version ${SNAPSHOT_VERSION}, the newest this gradviz reads: upgrade gradviz (npm install @gradviz/viz@latest), or export it with the gradviz that reads version ${SNAPSHOT_VERSION}`,
    );
  }
  if (!isWholeNumber(snapshot.version) || snapshot.version < 1) {
    throw new SnapshotError(`${where}: malformed snapshot: version must be a whole number from 1 to ${SNAPSHOT_VERSION}, got ${JSON.stringify(snapshot.version)}`);
  }
  if (snapshot.language !== undefined) check.oneOf(snapshot.language, ['typescript', 'python'], 'language');
  checkJsonShape(snapshot, check);
  const nodes = check.array(snapshot.nodes, 'nodes');
  const tensors = check.array(snapshot.tensors, 'tensors');
  const outputs = check.array(snapshot.outputs, 'outputs');
  const params = check.array(snapshot.params, 'params');
  if (outputs.length === 0) throw new SnapshotError(`${where}: malformed snapshot: outputs is empty; a snapshot needs at least one output`);
  check.nodeCount = nodes.length;
  check.tensorCount = tensors.length;

  tensors.forEach((t, i) => check.tensor(t, i));
  nodes.forEach((n, i) => check.node(n, i));
  checkModuleTables(check, snapshot, nodes);
  checkGradientFlow(check, snapshot, nodes, (value, path, kind) => check.id(value, path, kind));
  outputs.forEach((o, i) => {
    const output = check.object(o, `outputs[${i}]`, '{ tensor, gradFn }');
    check.id(output.tensor, `outputs[${i}].tensor`, 'tensor');
    if (output.gradFn !== null) check.id(output.gradFn, `outputs[${i}].gradFn`, 'node');
    // The drawing follows the tensor's gradFn, the diagnosis the output's: they must agree.
    const own = (tensors[output.tensor as number] as TensorSnapshot).gradFn?.node ?? null;
    if (output.gradFn !== own) check.fail(`outputs[${i}].gradFn`, `must be its tensor's gradFn node (${own})`, output.gradFn);
  });
  checkReachable(nodes as NodeSnapshot[], outputs as OutputSnapshot[], check);
  params.forEach((p, i) => {
    const param = check.object(p, `params[${i}]`, '{ name, tensor }');
    check.string(param.name, `params[${i}].name`);
    check.id(param.tensor, `params[${i}].tensor`, 'tensor');
  });
  return value as GraphSnapshot;
}
