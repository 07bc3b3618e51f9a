import type { DType } from '../dtype.js';
import { legacyTypeName } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { type BackwardCall, currentBackwardCall, type ModuleCall, type SourceCapture } from '../provenance.js';
import type { Shape } from '../shape.js';
import type { SavedScalar } from '../snapshot/schema.js';
import type { Tensor } from '../tensor.js';

/** `(node, input_nr)`: where a gradient goes next. `null` when that input needs no gradient. */
export type Edge = readonly [node: Node | null, inputNr: number];

/** What a node's input looked like, so the engine can check and fit the gradient it returns. */
export interface InputMetadata {
  readonly shape: Shape;
  readonly dtype: DType;
}

/** For an input that needs no gradient: the tensor or JS number it was, or nothing (an optional input not given). */
export type ConstantInput = { readonly tensor: Tensor } | { readonly number: number } | { readonly absent: true };

export const FREED_MESSAGE =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';

/** PyTorch's SavedVariable: a tensor kept for backward, checked against in-place changes. */
export class SavedTensor {
  #tensor: Tensor | null;
  readonly shape: Shape;
  readonly dtype: DType;
  /** `Tensor.id` of the saved tensor: its identity, still known after it is freed. */
  readonly tensorId: number;
  readonly #version: number;
  /** For a saved output: the node that made it. PyTorch unpacks a saved output into a new tensor object, so it has an identity of its own. */
  readonly #producer: Node | null;

  constructor(tensor: Tensor, producer: Node | null) {
    this.#tensor = tensor;
    this.shape = tensor.shape;
    this.dtype = tensor.dtype;
    this.tensorId = tensor.id;
    this.#version = tensor._version.value;
    this.#producer = producer;
  }

  get isOutput(): boolean {
    return this.#producer !== null;
  }

  get freed(): boolean {
    return this.#tensor === null;
  }

  /** Changed in place since it was saved: reading it (and backward through it) raises, as in PyTorch. */
  get modified(): boolean {
    return this.#tensor !== null && this.#tensor._version.value !== this.#version;
  }

  /** The tensor itself, for introspection; null once freed. */
  peek(): Tensor | null {
    return this.#tensor;
  }

  /** PyTorch's error for reading it after an in-place change; undefined while it is unchanged (or freed). */
  modifiedError(): string | undefined {
    const t = this.#tensor;
    if (t === null || t._version.value === this.#version) return undefined;
    const producer = this.#producer ?? t.gradFn;
    const which = producer ? `, which is output ${t._outputNr} of ${producer.name()},` : '';
    return `one of the variables needed for gradient computation has been modified by an inplace operation: [${legacyTypeName(t.dtype)} [${t.shape.join(', ')}]]${which} is at version ${t._version.value}; expected version ${this.#version} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).`;
  }

  unpack(): Tensor {
    const t = this.#tensor;
    if (t === null) throw new RuntimeError(FREED_MESSAGE);
    const modified = this.modifiedError();
    if (modified !== undefined) throw new RuntimeError(modified);
    return t;
  }

  release(): void {
    this.#tensor = null;
  }
}

export type SavedSlot =
  | SavedScalar
  | { readonly type: 'tensor'; readonly saved: SavedTensor }
  | { readonly type: 'tensors'; readonly saved: readonly (SavedTensor | null)[] };

/** A saved value as `gradFn.saved` reads it. */
export type SavedRead = Tensor | number | boolean | string | readonly number[] | readonly (Tensor | null)[] | null;

let nextSequenceNr = 0;

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * A backward function (PyTorch's `torch::autograd::Node`). Made by an op when an input
 * requires grad; `apply` maps the gradient of the op's output to the gradients of its inputs.
 */
export abstract class Node {
  /** Creation order; the engine runs later nodes first, as PyTorch does. */
  readonly sequenceNr: number = nextSequenceNr++;
  // Shared empty lists until `connect` sets the node's own (a node is made per op: no spare arrays).
  #next: readonly Edge[] = EMPTY;
  #inputMetadata: readonly (InputMetadata | null)[] = EMPTY;
  #constants: readonly (ConstantInput | null)[] = EMPTY;
  readonly #slots = new Map<string, SavedSlot>();
  /** Non-leaf tensors made by this node that asked for `retainGrad()`. */
  readonly retainedOutputs: Tensor[] = [];
  /** Shape and dtype of the tensor this node made. */
  output: InputMetadata | undefined;
  /** Dotted path of the nn.Module that made this node. */
  module: string | undefined;
  /** The run of that module's forward that made this node. */
  moduleCall: ModuleCall | undefined;
  source: SourceCapture | undefined;
  /** The `backward()` call that freed its saved values. */
  releasedBy: BackwardCall | undefined;

  abstract name(): string;

  /** Gradients of the inputs, one per `nextFunctions` entry (null where not needed). */
  abstract apply(gradOutput: Tensor): (Tensor | null)[];

  /**
   * The engine's entry: one gradient per output of the node, null for an output that got none.
   * Nodes with several outputs (SplitBackward0, UnbindBackward0) override it.
   */
  applyOutputs(gradOutputs: readonly (Tensor | null)[]): (Tensor | null)[] {
    return this.apply(gradOutputs[0]!);
  }

  get nextFunctions(): readonly Edge[] {
    return this.#next;
  }

  get inputMetadata(): readonly (InputMetadata | null)[] {
    return this.#inputMetadata;
  }

  /** For each null edge, the tensor or number that input was. */
  get constants(): readonly (ConstantInput | null)[] {
    return this.#constants;
  }

  /** Whether input `i` needs a gradient (PyTorch's `should_compute_output`). */
  needsInputGrad(i: number): boolean {
    return this.#next[i]?.[0] != null;
  }

  /** Set once by the op that made the node. */
  connect(edges: Edge[], metadata: (InputMetadata | null)[], constants: (ConstantInput | null)[]): void {
    this.#next = edges;
    this.#inputMetadata = metadata;
    this.#constants = constants;
  }

  protected saveTensor(name: string, tensor: Tensor): void {
    this.#slots.set(name, { type: 'tensor', saved: new SavedTensor(tensor, null) });
  }

  /** Saves `tensor` when `needed` (PyTorch saves an operand only for the gradient that reads it), else None. */
  protected saveTensorIf(name: string, tensor: Tensor, needed: boolean): void {
    if (needed) this.saveTensor(name, tensor);
    else this.saveNone(name);
  }

  /** Saves this node's own output (PyTorch's `result`), which backward reads after the op. */
  protected saveOutput(name: string, tensor: Tensor): void {
    this.#slots.set(name, { type: 'tensor', saved: new SavedTensor(tensor, this) });
  }

  /** A tuple of tensors, None where an entry is null (IndexBackward0's `indices`). */
  protected saveTensors(name: string, tensors: readonly (Tensor | null)[]): void {
    this.#slots.set(name, { type: 'tensors', saved: tensors.map((t) => (t === null ? null : new SavedTensor(t, null))) });
  }

  protected saveValue(name: string, value: SavedScalar): void {
    this.#slots.set(name, value);
  }

  /** A JS number as PyTorch saves a Python number: an int when whole, else a float. */
  protected saveNumber(name: string, value: number): void {
    this.saveValue(name, { type: Number.isInteger(value) ? 'int' : 'float', value });
  }

  protected saveInt(name: string, value: number): void {
    this.saveValue(name, { type: 'int', value });
  }

  protected saveInts(name: string, value: readonly number[]): void {
    this.saveValue(name, { type: 'ints', value: [...value] });
  }

  protected saveNone(name: string): void {
    this.saveValue(name, { type: 'none' });
  }

  /** A saved tensor for use in `apply`; throws PyTorch's errors when freed or modified in place. */
  protected savedTensor(name: string): Tensor {
    const slot = this.#slots.get(name);
    if (slot?.type !== 'tensor') throw new Error(`${this.name()} has no saved tensor '${name}'`);
    return slot.saved.unpack();
  }

  protected savedTensors(name: string): (Tensor | null)[] {
    const slot = this.#slots.get(name);
    if (slot?.type !== 'tensors') throw new Error(`${this.name()} has no saved tensors '${name}'`);
    return slot.saved.map((s) => (s === null ? null : s.unpack()));
  }

  /** Saved values under PyTorch's names (`_saved_<name>` without the prefix), sorted. */
  savedSlots(): [string, SavedSlot][] {
    return [...this.#slots].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** PyTorch's names of the saved values, sorted as `dir()` lists them. */
  savedNames(): string[] {
    return this.savedSlots().map(([name]) => name);
  }

  /**
   * Saved values read as PyTorch's `grad_fn._saved_<name>`, keyed in camelCase
   * (`self`, `other`, `selfSymSizes`). Reading a freed tensor throws, as in PyTorch.
   */
  get saved(): Readonly<Record<string, SavedRead>> {
    const out: Record<string, SavedRead> = {};
    for (const [name, slot] of this.savedSlots()) {
      const key = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
      if (slot.type === 'tensor') out[key] = slot.saved.unpack();
      else if (slot.type === 'tensors') out[key] = slot.saved.map((s) => (s === null ? null : s.unpack()));
      else out[key] = slot.type === 'none' ? null : slot.value;
    }
    return out;
  }

  /** Frees saved tensors after backward (PyTorch's `release_variables`). */
  releaseVariables(): void {
    this.releasedBy ??= currentBackwardCall() ?? undefined;
    for (const slot of this.#slots.values()) {
      if (slot.type === 'tensor') slot.saved.release();
      else if (slot.type === 'tensors') for (const s of slot.saved) s?.release();
    }
  }

  toString(): string {
    return `<${this.name()} object>`;
  }
}
