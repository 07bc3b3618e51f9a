import { AccumulateGrad, leavesBehind } from '../autograd/accumulate-grad.js';
import type { Node, SavedSlot, SavedTensor } from '../autograd/node.js';
import { argumentTypeError, describeValue, readOptions } from '../errors.js';
import { formatTensor } from '../format.js';
import { type CutTensor, type InPlaceChange, type Origin, type SourceCapture, UNKNOWN_LOCATION } from '../provenance.js';
import { Tensor } from '../tensor.js';
import { gradientFlow } from './gradients.js';
import { moduleTables } from './module-calls.js';
import {
  type ConstantInput,
  type CutSourceSnapshot,
  type EventSnapshot,
  type GraphSnapshot,
  type InPlaceSnapshot,
  type NodeSnapshot,
  type OriginSnapshot,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type SavedValue,
  type SourceLocationSnapshot,
  type TensorSnapshot,
} from './schema.js';

/** Names for tensors: a plain object, a Map, or `[name, tensor]` pairs such as `namedParameters()` yields. */
export type ParamsInput = Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor> | Iterable<readonly [string, Tensor]>;

export interface SnapshotOptions {
  params?: ParamsInput;
  /** Written into the snapshot's `producer`. */
  producer?: string;
}

export const ENGINE_PRODUCER = '@gradviz/engine 0.1.0';

/** Reads `params` in any accepted form, checking that every value is a tensor. */
export function normalizeParams(params: unknown, where = 'snapshot()'): [string, Tensor][] {
  if (params === undefined || params === null) return [];
  let entries: [unknown, unknown][];
  if (params instanceof Map) entries = [...params.entries()];
  else if (typeof params === 'object' && Symbol.iterator in params) {
    entries = [...(params as Iterable<unknown>)].map((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new TypeError(`${where}: params entry ${i} must be a [name, tensor] pair, got ${describeValue(pair)}`);
      }
      return pair as [unknown, unknown];
    });
  } else if (typeof params === 'object') entries = Object.entries(params);
  else {
    throw new TypeError(`${where}: params must be an object of named tensors, a Map, or [name, tensor] pairs such as namedParameters() gives, got ${describeValue(params)}`);
  }
  return entries.map(([name, value]) => {
    if (typeof name !== 'string') throw new TypeError(`${where}: every params name must be a string, got ${describeValue(name)}`);
    if (!(value instanceof Tensor)) {
      throw new TypeError(`${where}: params['${name}'] must be a Tensor, got ${describeValue(value)}${typeof value === 'function' ? '; did you mean to call it?' : ''}`);
    }
    return [name, value];
  });
}

/** Reads the outputs argument: one tensor or an array of tensors. */
export function normalizeOutputs(outputs: unknown, where = 'snapshot()'): Tensor[] {
  const list = Array.isArray(outputs) ? outputs : [outputs];
  if (list.length === 0) throw new TypeError(`${where}: expected at least one output tensor, got an empty array`);
  return list.map((value, i) => {
    if (value instanceof Tensor) return value;
    const where2 = Array.isArray(outputs) ? `${where}: outputs[${i}]` : `${where}: the output`;
    throw new TypeError(`${where2} must be a Tensor, got ${describeValue(value)}${typeof value === 'function' ? '; did you pass a method instead of calling it (e.g. loss.mean instead of loss.mean())?' : ''}`);
  });
}

/** Node ids in the documented order: depth-first pre-order from each output's gradFn in turn. */
function numberNodes(roots: readonly (Node | null)[]): Node[] {
  const ids = new Set<Node>();
  const order: Node[] = [];
  const reach = (node: Node) => {
    ids.add(node);
    order.push(node);
  };
  for (const root of roots) {
    if (root === null || ids.has(root)) continue;
    reach(root);
    const stack: { node: Node; next: number }[] = [{ node: root, next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const edges = frame.node.nextFunctions;
      if (frame.next >= edges.length) {
        stack.pop();
        continue;
      }
      const [next] = edges[frame.next++]!;
      if (next !== null && !ids.has(next)) {
        reach(next);
        stack.push({ node: next, next: 0 });
      }
    }
  }
  return order;
}

/** The lines a snapshot names; `unknown` is set when the program ran bundled and no loaded source map names one. */
class Places {
  unknown = false;

  location(capture: SourceCapture | undefined): SourceLocationSnapshot | undefined {
    const found = capture?.location;
    if (found === UNKNOWN_LOCATION) {
      this.unknown = true;
      return undefined;
    }
    return found ?? undefined;
  }

  event(capture: SourceCapture | undefined): EventSnapshot {
    const source = this.location(capture);
    return source ? { source } : {};
  }

  inPlace(change: InPlaceChange): InPlaceSnapshot {
    return { op: change.op, ...this.event(change.source) };
  }
}

/** Most nodes walked to find the leaves behind a cut-off tensor: a huge history is not worth a slow snapshot. */
const MAX_LEAF_WALK = 100_000;

/** What happened to a tensor that the diagnosis reads: in-place changes, freezing, late calls, gradients piling up. */
function tensorEvents(tensor: Tensor, places: Places): Partial<TensorSnapshot> {
  const accumulation = tensor._gradAccumulation;
  // Zeroed (or replaced) since: the next backward starts afresh.
  const piledUp = accumulation !== undefined && tensor._grad === accumulation.grad && accumulation.grad._version.value === accumulation.version;
  const late = tensor._retainGradAfterBackward;
  const backward = late && places.location(late.backward);
  return {
    ...(tensor._version.changedBy ? { inPlace: places.inPlace(tensor._version.changedBy) } : {}),
    ...(tensor._frozen && !tensor._requiresGrad ? { frozen: places.event(tensor._frozen.source) } : {}),
    ...(tensor._requiresGradAfterUse && tensor._requiresGrad ? { requiresGradAfterUse: places.event(tensor._requiresGradAfterUse.source) } : {}),
    ...(late ? { retainGradAfterBackward: { ...places.event(late.source), ...(backward ? { backward } : {}) } } : {}),
    ...(piledUp ? { gradAccumulation: { backwards: accumulation.backwards, ...places.event(accumulation.source) } } : {}),
  };
}

const PREVIEW_LIMIT = 200;

/** A short repr for hover text: PyTorch's, cut after a few lines. */
function preview(t: Tensor): string {
  const text = formatTensor(t);
  return text.length > PREVIEW_LIMIT ? `${text.slice(0, PREVIEW_LIMIT)}…` : text;
}

/** Builds the tensor table; a tensor is entered once, keyed by identity, when first mentioned. */
class TensorTable {
  readonly entries: TensorSnapshot[] = [];
  readonly #ids = new Map<number | string, number>();
  readonly #pending: { id: number; tensor: Tensor }[] = [];
  readonly #params = new Map<number, string[]>();
  readonly #nodeIds: Map<Node, number>;
  /** Whether a place was left out: bundled code without a loaded source map. */
  readonly places = new Places();

  constructor(nodeIds: Map<Node, number>) {
    this.#nodeIds = nodeIds;
  }

  /** Entries made from a freed saved input's shape alone, to be filled in if the tensor itself turns up. */
  readonly #described = new Set<number>();

  /** The id of a tensor, entering it (and, later, what its provenance mentions) when new. */
  ref(tensor: Tensor): number {
    const known = this.#ids.get(tensor.id);
    if (known !== undefined && !this.#described.has(known)) return known;
    const id = known ?? this.entries.length;
    this.#ids.set(tensor.id, id);
    this.#described.delete(id);
    this.entries[id] = { id, shape: [...tensor.shape], dtype: tensor.dtype, requiresGrad: tensor.requiresGrad, isLeaf: tensor.isLeaf };
    this.#pending.push({ id, tensor });
    return id;
  }

  /** A tensor known only by key, shape and dtype: a saved output, or a saved input already freed. */
  refDescribed(key: string | number, shape: readonly number[], dtype: string): number {
    const known = this.#ids.get(key);
    if (known !== undefined) return known;
    const id = this.entries.length;
    this.#ids.set(key, id);
    if (typeof key === 'number') this.#described.add(id);
    this.entries.push({ id, shape: [...shape], dtype, requiresGrad: false, isLeaf: true, origin: { kind: 'internal' } });
    return id;
  }

  nameParam(name: string, tensor: Tensor): number {
    const id = this.ref(tensor);
    const names = this.#params.get(id) ?? [];
    names.push(name);
    this.#params.set(id, names);
    return id;
  }

  /** Fills in every entered tensor's details; provenance may enter more tensors, handled in turn. */
  complete(detailed: Set<Tensor>): void {
    for (let i = 0; i < this.#pending.length; i++) {
      const { id, tensor } = this.#pending[i]!;
      const gradFn = tensor.gradFn;
      const entry: TensorSnapshot = {
        ...this.entries[id]!,
        ...(gradFn ? { gradFn: { name: gradFn.name(), node: this.#nodeIds.get(gradFn) ?? null }, outputNr: tensor._outputNr } : {}),
        ...(tensor.retainsGrad ? { retainsGrad: true } : {}),
        ...(tensor._grad !== null ? { hasGrad: true } : {}),
        ...(detailed.has(tensor) ? { preview: preview(tensor) } : {}),
        // A result of an op with a graph has the line of its node.
        origin: this.#origin(tensor._origin, tensor._source ?? (tensor._origin.kind === 'op' ? gradFn?.source : undefined)),
        ...this.#cutSources(tensor),
        ...this.#leaves(tensor, gradFn),
        ...tensorEvents(tensor, this.places),
      };
      this.entries[id] = entry;
    }
    for (const [id, names] of this.#params) this.entries[id] = { ...this.entries[id]!, params: names };
  }

  linkBase(tensor: Tensor): void {
    if (tensor._base === null) return;
    const id = this.ref(tensor);
    const base = this.ref(tensor._base);
    this.entries[id] = { ...this.entries[id]!, base };
  }

  #cutSources(tensor: Tensor): { cutSources?: CutSourceSnapshot[] } {
    const live = tensor._cutSources.flatMap((c) => {
      const source = c.tensor.deref();
      const id = source !== undefined ? this.ref(source) : c.described !== undefined ? this.#goneCutSource(c.described) : undefined;
      return id !== undefined ? [{ tensor: id, cut: c.cut, ...(c.via ? { via: c.via } : {}), ...(c.op ? { op: c.op } : {}), at: this.ref(c.at) }] : [];
    });
    return live.length > 0 ? { cutSources: live } : {};
  }

  readonly #gone = new Map<CutTensor, number>();

  /** A cut-off tensor nothing holds any more, entered from what its cut noted of it. */
  #goneCutSource(described: CutTensor): number {
    const known = this.#gone.get(described);
    if (known !== undefined) return known;
    const id = this.entries.length;
    this.#gone.set(described, id);
    const entry: TensorSnapshot = {
      id,
      shape: [...described.shape],
      dtype: described.dtype,
      requiresGrad: true,
      isLeaf: false,
      gradFn: { name: described.gradFn, node: null },
      origin: described.op !== undefined ? { kind: 'op', op: described.op, ...this.places.event(described.source) } : { kind: 'internal' },
    };
    this.entries.push(entry);
    // Entered after it: the leaves get ids of their own.
    const leaves = described.leaves.flatMap((leaf) => {
      const t = leaf.deref();
      return t === undefined ? [] : [this.ref(t)];
    });
    if (leaves.length > 0) this.entries[id] = { ...entry, leaves };
    return id;
  }

  /** For a tensor cut off from this graph: the leaves behind it, so a diagnosis can name the params a cut starves. */
  #leaves(tensor: Tensor, gradFn: Node | null): { leaves?: number[] } {
    if (gradFn === null || this.#nodeIds.has(gradFn)) return {};
    const leaves = leavesBehind(gradFn, MAX_LEAF_WALK);
    return leaves.length > 0 ? { leaves: leaves.map((leaf) => this.ref(leaf)) } : {};
  }

  #of(ref: WeakRef<Tensor>): { of?: number } {
    const tensor = ref.deref();
    return tensor ? { of: this.ref(tensor) } : {};
  }

  #origin(origin: Origin, capture: SourceCapture | undefined): OriginSnapshot {
    const source = this.places.location(capture);
    const withSource = source ? { source } : {};
    switch (origin.kind) {
      case 'created':
        return { kind: 'created', fn: origin.fn, ...(origin.of ? this.#of(origin.of) : {}), ...(origin.via ? { via: origin.via } : {}), ...withSource };
      case 'op':
        return { kind: 'op', op: origin.op, ...withSource };
      case 'noGrad':
        return { kind: 'noGrad', op: origin.op, ...withSource };
      case 'detach':
        return { kind: 'detach', ...this.#of(origin.of), ...(origin.data ? { data: true } : {}), ...withSource };
      case 'dtypeCopy':
        return { kind: 'dtypeCopy', ...this.#of(origin.of), from: origin.from, to: origin.to, method: origin.method, ...withSource };
      case 'number':
        return { kind: 'number', value: origin.value };
      case 'internal':
        return { kind: 'internal' };
    }
  }
}

function savedTensorId(node: Node, name: string, saved: SavedTensor, table: TensorTable): number {
  const tensor = saved.peek();
  // PyTorch unpacks a saved output into a new object each node owns; a saved input is the input itself.
  if (saved.isOutput) return table.refDescribed(`saved:${node.sequenceNr}:${name}`, saved.shape, saved.dtype);
  return tensor !== null ? table.ref(tensor) : table.refDescribed(saved.tensorId, saved.shape, saved.dtype);
}

function savedValue(node: Node, name: string, slot: SavedSlot, table: TensorTable): SavedValue {
  if (slot.type === 'tensors') {
    const tensors = slot.saved.map((s, i) => (s === null ? null : savedTensorId(node, `${name}[${i}]`, s, table)));
    return slot.saved.some((s) => s?.freed) ? { type: 'tensors', tensors, freed: true } : { type: 'tensors', tensors };
  }
  if (slot.type !== 'tensor') {
    if (slot.type === 'float' && typeof slot.value === 'number' && !Number.isFinite(slot.value)) {
      return { type: 'float', value: Number.isNaN(slot.value) ? 'nan' : slot.value > 0 ? 'inf' : '-inf' };
    }
    return slot;
  }
  const saved = slot.saved;
  const id = savedTensorId(node, name, saved, table);
  const error = saved.modifiedError();
  if (error !== undefined) {
    const change = saved.peek()?._version.changedBy;
    return { type: 'tensor', tensor: id, modified: true, ...(change ? { modifiedBy: table.places.inPlace(change) } : {}), error };
  }
  return saved.freed ? { type: 'tensor', tensor: id, freed: true } : { type: 'tensor', tensor: id };
}

/**
 * A plain JSON description of the graph behind `outputs` (see `schema.ts`): nodes in PyTorch's
 * depth-first order, saved values, leaves, the tensors named by `params`, and how each tensor was made.
 */
export function snapshot(outputs: Tensor | readonly Tensor[], options: SnapshotOptions = {}): GraphSnapshot {
  readOptions(options, 'snapshot()', ['params', 'producer'], '{ params: { x } }');
  if (options.producer !== undefined && typeof options.producer !== 'string') throw argumentTypeError('snapshot()', 'producer', 'str', options.producer);
  const outs = normalizeOutputs(outputs);
  const params = normalizeParams(options.params);
  const order = numberNodes(outs.map((t) => t.gradFn));
  const nodeIds = new Map(order.map((node, i) => [node, i]));
  const table = new TensorTable(nodeIds);
  const modules = moduleTables(order);
  const detailed = new Set<Tensor>([...outs, ...params.map(([, t]) => t)]);

  const outputEntries = outs.map((t) => {
    const entry = { tensor: table.ref(t), gradFn: t.gradFn ? nodeIds.get(t.gradFn)! : null };
    table.linkBase(t);
    return entry;
  });

  const nodes: NodeSnapshot[] = order.map((node, id) => {
    const next = node.nextFunctions.map(([n, inputNr]) => [n === null ? null : nodeIds.get(n)!, inputNr] as const);
    const constants = node.constants.map((c): ConstantInput | null => {
      if (c === null) return null;
      if (!('tensor' in c)) return c;
      detailed.add(c.tensor);
      return { tensor: table.ref(c.tensor) };
    });
    let variable: number | undefined;
    if (node instanceof AccumulateGrad) {
      detailed.add(node.variable);
      variable = table.ref(node.variable);
    }
    const source = table.places.location(node.source);
    const releasedBy = node.releasedBy && !(node instanceof AccumulateGrad) ? table.places.event(node.releasedBy.source) : undefined;
    return {
      id,
      name: node.name(),
      next,
      ...(constants.some((c) => c !== null) ? { constants } : {}),
      ...(node.output ? { output: { shape: [...node.output.shape], dtype: node.output.dtype } } : {}),
      ...(variable !== undefined ? { variable } : {}),
      saved: {},
      ...(node.module ? { module: node.module } : {}),
      ...(node.moduleCall && modules ? { moduleCall: modules.ids.get(node.moduleCall)! } : {}),
      ...(source ? { source } : {}),
      ...(releasedBy ? { releasedBy } : {}),
    };
  });

  const paramEntries = params.map(([name, t]) => ({ name, tensor: table.nameParam(name, t) }));
  // Saved values last, so a freed saved input finds its tensor if anything else entered it.
  const withSaved = nodes.map((entry, id) => {
    const node = order[id]!;
    const saved: Record<string, SavedValue> = {};
    for (const [name, slot] of node.savedSlots()) saved[name] = savedValue(node, name, slot, table);
    return { ...entry, saved };
  });
  table.complete(detailed);
  const gradients = gradientFlow(order, (t) => table.ref(t));

  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    producer: options.producer ?? ENGINE_PRODUCER,
    outputs: outputEntries,
    nodes: withSaved,
    tensors: table.entries,
    params: paramEntries,
    ...(modules ? { modules: modules.modules, moduleCalls: modules.moduleCalls } : {}),
    ...(table.places.unknown ? { unknownSources: 'bundled' as const } : {}),
    ...(gradients ? { gradients } : {}),
  };
}
