/**
 * The graph snapshot: a plain, versioned JSON description of an autograd graph.
 *
 * It is the only thing the visualizer reads, so a graph from any source (this engine,
 * a PyTorch export) draws the same way. Everything in it is JSON: no functions, no cycles,
 * no typed arrays. Ids are small integers local to one snapshot.
 *
 * Version 1. A reader must reject a `format` it does not know and a `version` newer than its own.
 * Fields added since version 1 are optional (`language`, `modules`, `moduleCalls`, `moduleCall`,
 * `cell`, `shapeUnknown`, `created.of`/`via`, `cutSources[].via`/`op`, saved `modified`/`modifiedBy`/
 * `error`, `detach.data`, `releasedBy`, `leaves`, `inPlace`, `frozen`, `requiresGradAfterUse`,
 * `retainGradAfterBackward`, `gradAccumulation`, `unknownSources`, `gradients`), so version 1 readers still draw
 * what they understand. Values added since: the cut kinds `values` and `nonDifferentiable`, the
 * `via` values `item` and `data`, and the saved type `tensors`.
 */

export const SNAPSHOT_FORMAT = 'gradviz.graph';
export const SNAPSHOT_VERSION = 1;

export type CodeLanguage = 'typescript' | 'python';

export type DTypeName = 'float32' | 'float64' | 'int64' | (string & {});

export interface GraphSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: number;
  /** What made it, e.g. `@gradviz/engine 0.1.0` or `gradviz 0.1.0 (torch 1.13.1)`. */
  readonly producer?: string;
  /** The language of the program that made the graph, so findings quote code in it. Default `typescript`. */
  readonly language?: CodeLanguage;
  /** One entry per output passed in, in order. */
  readonly outputs: readonly OutputSnapshot[];
  /**
   * Every node reached from the outputs, numbered in depth-first pre-order: start at each
   * output's `gradFn` in turn, give a node its id when first reached, then visit its
   * `next` entries in order (the numbering of `scenarios.json`). `nodes[i].id === i`.
   */
  readonly nodes: readonly NodeSnapshot[];
  /** Every tensor the snapshot mentions; `tensors[i].id === i`. */
  readonly tensors: readonly TensorSnapshot[];
  /** The `params` passed in, in the order given. */
  readonly params: readonly ParamSnapshot[];
  /**
   * The nn.Modules that made nodes, one entry per dotted path, parents before children.
   * Optional: absent when no node was made inside a module.
   */
  readonly modules?: readonly ModuleSnapshot[];
  /**
   * Each run of a module's forward that made a node, directly or through a module it ran:
   * `moduleCalls[i].id === i`, a parent call before its children. A module run twice (a shared
   * layer, an unrolled RNN cell) has two calls. Optional, as `modules`.
   */
  readonly moduleCalls?: readonly ModuleCallSnapshot[];
  /**
   * `bundled`: the program ran bundled and, with no source map loaded for it, some lines of code
   * could not be named; their `source` is left out rather than naming a line of the bundle.
   */
  readonly unknownSources?: 'bundled';
  /** How much gradient flowed where in the last backward pass that recorded it (see below). Optional. */
  readonly gradients?: GradientFlowSnapshot;
}

export interface ModuleSnapshot {
  /** Dotted path from the model (`layers.0.fc1`); the model itself is not listed. */
  readonly path: string;
  /** The module's class name: `Linear`, `Sequential`, `TransformerEncoderLayer`. */
  readonly type: string;
  /** Number of parameter elements in it and in the modules inside it (torchview's "params"). */
  readonly parameterCount: number;
}

export interface ModuleCallSnapshot {
  readonly id: number;
  /** The `path` of the module that ran (an entry of `modules`). */
  readonly module: string;
  /** The call that was running when this one started; null for a call made from outside any module. */
  readonly parent: number | null;
}

export interface OutputSnapshot {
  readonly tensor: number;
  /** Node id of the output's `gradFn`; null when it has none (a leaf, or made without grad). */
  readonly gradFn: number | null;
}

export interface NodeSnapshot {
  readonly id: number;
  /** PyTorch's class name: `MulBackward0`, `AccumulateGrad`, ... */
  readonly name: string;
  /** `next_functions`: `[node id or null, input_nr]`, one per input of the op, in order. */
  readonly next: readonly (readonly [number | null, number])[];
  /**
   * For each `next` entry that is null, what that input was: a tensor that needs no gradient
   * (`tensor`), a JS number wrapped as a tensor (`number`), or nothing (`absent`). Aligned with `next`;
   * null where `next` is not null. Absent when the node has no null entry.
   */
  readonly constants?: readonly (ConstantInput | null)[];
  /** The tensor this node made (its output 0): shape and dtype. Absent for AccumulateGrad. */
  readonly output?: { readonly shape: readonly number[]; readonly dtype: DTypeName };
  /** AccumulateGrad only: the leaf it accumulates into (tensor id). */
  readonly variable?: number;
  /** The node's saved values under PyTorch's names (`self`, `other`, `self_sym_sizes`, ...), keys sorted. */
  readonly saved: Readonly<Record<string, SavedValue>>;
  /** Dotted path of the nn.Module whose forward made this node (`fc1`, `layers.0`). */
  readonly module?: string;
  /** The innermost module call (`moduleCalls` id) that made this node; absent outside any module. */
  readonly moduleCall?: number;
  /** The line of user code that made this node, when captured. */
  readonly source?: SourceLocationSnapshot;
  /**
   * The `backward()` call that freed this node's saved tensors, when known: backward through the
   * node again raises (PyTorch's "Trying to backward through the graph a second time").
   */
  readonly releasedBy?: EventSnapshot;
}

/** Something the user's code did to a tensor or a graph, and the line that did it when captured. */
export interface EventSnapshot {
  readonly source?: SourceLocationSnapshot;
}

/** A tensor that needs no gradient, a JS number, or an optional input not given (PyTorch's `bias=None`). */
export type ConstantInput = { readonly tensor: number } | { readonly number: number } | { readonly absent: true };

/** A saved value as PyTorch exposes it on `grad_fn._saved_<name>`. */
export type SavedValue =
  | { readonly type: 'none' }
  /** A whole number. Negative values are stored as such; PyTorch 1.13 shows them as unsigned 64-bit. */
  | { readonly type: 'int'; readonly value: number }
  | { readonly type: 'float'; readonly value: number | 'nan' | 'inf' | '-inf' }
  | { readonly type: 'bool'; readonly value: boolean }
  /** A tuple of whole numbers (sizes, strides, dims). */
  | { readonly type: 'ints'; readonly value: readonly number[] }
  /** A tuple of saved tensors, null where an entry is None (IndexBackward0's `indices`); `freed` once released. */
  | { readonly type: 'tensors'; readonly tensors: readonly (number | null)[]; readonly freed?: boolean }
  | { readonly type: 'string'; readonly value: string }
  /**
   * A saved tensor. `tensor` is its id: a saved input is the same tensor as the input
   * (a leaf saved by its consumer has the leaf's id); a saved output is a tensor of its own,
   * as PyTorch unpacks it into a new object. `freed` once backward released it; `modified` when it
   * was changed in place after it was saved (PyTorch refuses to read it, and backward through it raises).
   */
  | {
      readonly type: 'tensor';
      readonly tensor: number;
      readonly freed?: boolean;
      readonly modified?: boolean;
      /** For a modified one: the last in-place op on its storage, when known. */
      readonly modifiedBy?: InPlaceSnapshot;
      /** For a modified one: what PyTorch raises when backward reads it, as PyTorch words it. */
      readonly error?: string;
    };

/** An in-place op (`add_`, `relu_`, `index_put_`, ...) and its line. */
export interface InPlaceSnapshot extends EventSnapshot {
  readonly op: string;
}

export type SavedScalar = Exclude<SavedValue, { readonly type: 'tensor' } | { readonly type: 'tensors' }>;

export interface SourceLocationSnapshot {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The code ran in a notebook cell: its execution count (`In [3]`); `file` is then `cell [3]`. */
  readonly cell?: number;
}

export interface TensorSnapshot {
  readonly id: number;
  readonly shape: readonly number[];
  readonly dtype: DTypeName;
  /**
   * Only that the tensor existed is known: a saved tensor backward freed before the exporter could
   * read it. `shape` is then `[]` and `dtype` `'unknown'`.
   */
  readonly shapeUnknown?: boolean;
  readonly requiresGrad: boolean;
  readonly isLeaf: boolean;
  /** The tensor's `gradFn`: its name, and its node id when that node is in this graph. */
  readonly gradFn?: { readonly name: string; readonly node: number | null };
  /** Output number of this tensor on its `gradFn` (PyTorch's `output_nr`). */
  readonly outputNr?: number;
  /** `retainGrad()` was called on it. */
  readonly retainsGrad?: boolean;
  /** Whether `.grad` holds a value now. */
  readonly hasGrad?: boolean;
  /** Every params name that refers to this very tensor, in the order given. */
  readonly params?: readonly string[];
  /** The tensor whose storage this view shares (PyTorch's `_base`), when that tensor is in the snapshot. */
  readonly base?: number;
  /** A short rendering of its values, as PyTorch prints them. */
  readonly preview?: string;
  readonly origin?: OriginSnapshot;
  /** Tensors that needed a gradient and whose values reached this one through a cut. */
  readonly cutSources?: readonly CutSourceSnapshot[];
  /**
   * For a non-leaf tensor whose `gradFn` is not in this graph (one cut off): the leaves that
   * require grad behind it (tensor ids), so a cut can name every param it starves.
   */
  readonly leaves?: readonly number[];
  /** The last in-place op on its storage (shared with its views), when known. */
  readonly inPlace?: InPlaceSnapshot;
  /** `requires_grad_(False)` (or `requires_grad = False`) made it stop requiring grad: where. */
  readonly frozen?: EventSnapshot;
  /** `requires_grad_()` was called after ops had already used it: results made before have no graph to it. */
  readonly requiresGradAfterUse?: EventSnapshot;
  /** `retain_grad()` was called after a backward had run through its node (`backward`: that call's line). */
  readonly retainGradAfterBackward?: EventSnapshot & { readonly backward?: SourceLocationSnapshot };
  /**
   * A leaf's `.grad` holds the sum of `backwards` backward() calls since it was last empty or
   * zeroed (`source`: the last call's line): more than one, and gradients pile up across steps.
   */
  readonly gradAccumulation?: EventSnapshot & { readonly backwards: number };
}

export type OriginSnapshot =
  /**
   * `of`: for `tensor()` of values taken from another tensor, that tensor (absent when it no longer
   * exists), and `via` the call the values left it by.
   */
  | {
      readonly kind: 'created';
      readonly fn: string;
      readonly of?: number;
      readonly via?: ValuesExit;
      readonly source?: SourceLocationSnapshot;
    }
  | { readonly kind: 'op'; readonly op: string; readonly source?: SourceLocationSnapshot }
  | { readonly kind: 'noGrad'; readonly op: string; readonly source?: SourceLocationSnapshot }
  /** `of` is absent when the tensor it came from no longer exists. */
  /** `data`: made by `.data`, not `detach()`. */
  | { readonly kind: 'detach'; readonly of?: number; readonly data?: boolean; readonly source?: SourceLocationSnapshot }
  | {
      readonly kind: 'dtypeCopy';
      readonly of?: number;
      readonly from: DTypeName;
      readonly to: DTypeName;
      /** The call that made the copy, as the program wrote it: `to`, `float`, `double`, `type`. */
      readonly method?: string;
      readonly source?: SourceLocationSnapshot;
    }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'internal' };

/** How values left the graph as plain values: `numpy()`, `tolist()`, `item()`, or `tensor()` of tensors. */
export type ValuesExit = 'numpy' | 'tolist' | 'item' | 'tensor';

export interface CutSourceSnapshot {
  /** The tensor that needed a gradient. */
  readonly tensor: number;
  /**
   * `values`: its values were copied out as plain values (`tolist()`, `item()`, `tensor()` of
   * tensors) into a new tensor; `nonDifferentiable`: an op with no gradient took it in (argmax, a
   * comparison, a copy to an integer dtype).
   */
  readonly cut: 'detach' | 'noGrad' | 'values' | 'nonDifferentiable';
  /** For a `values` cut: the call that took the values out; for a `detach` cut, `data` when it was `.data`. */
  readonly via?: ValuesExit | 'data';
  /** For a `nonDifferentiable` cut: the op (`argmax`, `eq`, `to`, ...). */
  readonly op?: string;
  /** The tensor made at the cut (the `detach()` result, the result made under `noGrad`, the `tensor()` result). */
  readonly at: number;
}

export interface ParamSnapshot {
  readonly name: string;
  readonly tensor: number;
}

// ---- Gradient flow: written only when backward recorded it (`recordGradients`, gradviz.record(gradients=True)) ----

/** One gradient tensor: sums and maximum over its finite elements; `nan` and `inf` count the others. */
export interface GradientStatsSnapshot {
  readonly numel: number;
  /** L2 norm of the finite elements. */
  readonly norm: number;
  readonly maxAbs: number;
  /** Mean |g| over the finite elements. */
  readonly meanAbs: number;
  /** Elements exactly zero (the share is `zeros / numel`). */
  readonly zeros: number;
  readonly nan: number;
  /** Elements +Inf or -Inf. */
  readonly inf: number;
}

export interface GradientFlowSnapshot {
  /** One entry per node backward ran, in node id order; nodes it did not reach are left out. */
  readonly nodes: readonly NodeGradientsSnapshot[];
  /** Leaves in the graph whose `.grad` holds a value, in tensor id order. */
  readonly leaves: readonly LeafGradientSnapshot[];
  /**
   * Where a NaN or Inf was born (PyTorch's `detect_anomaly`): the first node whose incoming gradient
   * was finite and whose gradient for `inputs` (indices into its `next`) was not.
   */
  readonly anomaly?: { readonly node: number; readonly inputs: readonly number[] };
}

export interface NodeGradientsSnapshot {
  readonly node: number;
  /** The gradient with respect to each of the node's outputs (what flowed in); null where none did. */
  readonly gradOutputs: readonly (GradientStatsSnapshot | null)[];
  /** The gradient sent along each `next` entry (the edge to that input); null where none was. Aligned with `next`. */
  readonly gradInputs: readonly (GradientStatsSnapshot | null)[];
}

export interface LeafGradientSnapshot {
  readonly tensor: number;
  /** The leaf's `.grad` as it is now. */
  readonly grad: GradientStatsSnapshot;
  /** |Δw| / |w| of the last optimizer step recorded on it. */
  readonly updateRatio?: number;
}
