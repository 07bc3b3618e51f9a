import { AccumulateGrad } from './autograd/accumulate-grad.js';
import { runBackward } from './autograd/engine.js';
import type { Node } from './autograd/node.js';
import { type DType, checkDType, isFloatingPoint, type Storage } from './dtype.js';
import { RuntimeError, ValueError, argumentTypeError, describeValue, pythonTypeName, readOptions } from './errors.js';
import { formatTensor } from './format.js';
import * as arith from './ops/arithmetic.js';
import * as bmmOps from './ops/bmm.js';
import * as compare from './ops/compare.js';
import * as gatherScatter from './ops/gather-scatter.js';
import * as indexing from './ops/indexing.js';
import type { IndexItem } from './ops/indexing.js';
import * as join from './ops/join.js';
import * as selectSlice from './ops/select-slice.js';
import * as triangle from './ops/triangle.js';
import * as copy from './ops/copy.js';
import * as inplace from './ops/inplace.js';
import * as linalg from './ops/linalg.js';
import * as reduction from './ops/reduction.js';
import * as shapeOps from './ops/shape-ops.js';
import * as softmax from './ops/softmax.js';
import { contiguousValues } from './ops/strided.js';
import * as values from './values.js';
import * as unary from './ops/unary.js';
import { type CutSource, type InPlaceChange, type Origin, type SourceCapture, captureSource, withBackwardCall } from './provenance.js';
import { contiguousStrides, normalizeDim, numel, type Shape, sizesArgument } from './shape.js';
import { warn } from './warnings.js';

/** A tensor or a JS number, where PyTorch accepts a Python number in place of a tensor. */
export type TensorLike = Tensor | number;

/** Shared between a tensor and its views, bumped by every in-place change (PyTorch's `_version`). */
export interface VersionCounter {
  value: number;
  /** The last in-place op on this storage made by user code, and its line. */
  changedBy?: InPlaceChange;
}

/** An event in a tensor's life that came too late or undid something, with the user's line. */
export interface TensorEvent {
  readonly source: SourceCapture | undefined;
}

export const NON_LEAF_GRAD_WARNING =
  "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more informations.";

let nextTensorId = 0;

export interface BackwardOptions {
  /** Keep saved values so backward can run through the graph again (PyTorch's `retain_graph`). */
  retainGraph?: boolean;
  /** Record gradient flow (per-edge statistics, where a NaN/Inf was born) for `snapshot()`, as inside `recordGradients()`. */
  recordGradients?: boolean;
}

/**
 * An n-dimensional array that records the operations made on it, as PyTorch's `torch.Tensor`.
 * Elements live in a typed-array storage that views share; `shape`, `strides` and an offset say
 * which elements this tensor is.
 */
export class Tensor {
  /** Unique per tensor object: what "the same tensor" means in a snapshot. */
  readonly id = nextTensorId++;
  _storage: Storage;
  _offset: number;
  _shape: readonly number[];
  _strides: readonly number[];
  _dtype: DType;
  _version: VersionCounter;
  /** For a view: the tensor that owns the storage (never itself a view). */
  _base: Tensor | null = null;
  /** A view made by an op with several outputs (split, chunk, unbind): PyTorch refuses in-place changes to it. */
  _multiOutputView = false;
  /** For a view: its base's gradFn when this view's history was set; a change means the base was rewritten in place. */
  _viewBaseGradFn: Node | null = null;
  _requiresGrad = false;
  _gradFn: Node | null = null;
  _outputNr = 0;
  _grad: Tensor | null = null;
  _retainsGrad = false;
  _gradAccumulator: AccumulateGrad | null = null;
  /** A JS number turned into a 0-dim tensor to enter an op (PyTorch's wrapped number). */
  _wrappedNumber = false;
  _origin: Origin = { kind: 'internal' };
  _cutSources: readonly CutSource[] = [];
  _source: SourceCapture | undefined;
  /** An op read this tensor while it did not require grad (so its result has no graph to it). */
  _usedWithoutGrad = false;
  /** `requiresGrad_(false)` on a tensor that required grad. */
  _frozen: TensorEvent | undefined;
  /** `requiresGrad_()` after the tensor was used: results made before it have no graph to it. */
  _requiresGradAfterUse: TensorEvent | undefined;
  /** `retainGrad()` after a backward had already run through (and freed) its node. */
  _retainGradAfterBackward: (TensorEvent & { readonly backward: SourceCapture | undefined }) | undefined;
  /**
   * For a leaf: how many `backward()` calls are summed in `.grad` since it was empty or zeroed, the
   * last call's line, and the grad's version after it (a later change means it was zeroed).
   */
  _gradAccumulation: { readonly backwards: number; readonly source: SourceCapture | undefined; readonly grad: Tensor; readonly version: number } | undefined;

  constructor(storage: Storage, shape: Shape, dtype: DType, strides?: readonly number[], offset = 0, version?: VersionCounter) {
    this._storage = storage;
    this._shape = Object.freeze([...shape]);
    this._strides = Object.freeze(strides ? [...strides] : contiguousStrides(shape));
    this._offset = offset;
    this._dtype = dtype;
    this._version = version ?? { value: 0 };
  }

  // ---- metadata -------------------------------------------------------------------------

  get shape(): readonly number[] {
    return this._shape;
  }

  get dtype(): DType {
    return this._dtype;
  }

  get ndim(): number {
    return this._shape.length;
  }

  dim(): number {
    return this._shape.length;
  }

  numel(): number {
    return numel(this._shape);
  }

  /** `tensor.size()` or `tensor.size(dim)`. */
  size(): readonly number[];
  size(dim: number): number;
  size(dim?: number): readonly number[] | number {
    return dim === undefined ? this._shape : this._shape[normalizeDim(dim, this.ndim)]!;
  }

  stride(): readonly number[] {
    return this._strides;
  }

  isContiguous(): boolean {
    let expected = 1;
    for (let i = this._shape.length - 1; i >= 0; i--) {
      const d = this._shape[i]!;
      if (d === 1) continue;
      if (this._strides[i] !== expected) return false;
      expected *= d;
    }
    return true;
  }

  /** Whether this tensor is a view of another's storage (PyTorch's `_is_view()`). */
  isView(): boolean {
    return this._base !== null;
  }

  /** Number of in-place changes made to this tensor's storage (PyTorch's `_version`). */
  get version(): number {
    return this._version.value;
  }

  // ---- autograd state -------------------------------------------------------------------

  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  get requiresGrad(): boolean {
    return this.gradFn !== null || this._requiresGrad;
  }

  set requiresGrad(flag: boolean) {
    this.requiresGrad_(flag);
  }

  get gradFn(): Node | null {
    // A view whose base was rewritten in place takes its history from the base now, as PyTorch
    // regenerates a view's grad_fn (AsStridedBackward0).
    if (this._base !== null && this._base.gradFn !== this._viewBaseGradFn) shapeOps.rebaseView(this);
    return this._gradFn;
  }

  get retainsGrad(): boolean {
    return this._retainsGrad;
  }

  /** The accumulated gradient; null for a non-leaf (with PyTorch's warning) unless `retainGrad()` was called. */
  get grad(): Tensor | null {
    if (!this.isLeaf && !this._retainsGrad && this._grad === null) warn(NON_LEAF_GRAD_WARNING);
    return this._grad;
  }

  set grad(value: Tensor | null) {
    if (value !== null && !(value instanceof Tensor)) {
      throw new TypeError(`assigned grad expected to be a Tensor or null but got ${describeValue(value)}`);
    }
    if (value !== null && value.dtype !== this.dtype) {
      throw new RuntimeError(`assigned grad has data of a different type`);
    }
    if (value !== null && (value.shape.length !== this.shape.length || value.shape.some((d, i) => d !== this.shape[i]))) {
      throw new RuntimeError(`assigned grad has data of a different size`);
    }
    this._grad = value;
  }

  /** `requires_grad_()`: only on leaves, only for floating point dtypes. */
  requiresGrad_(flag = true): this {
    if (typeof flag !== 'boolean') throw new TypeError(`requiresGrad_(flag): flag must be true or false, got ${describeValue(flag)}`);
    if (!this.isLeaf) {
      if (flag) return this;
      throw new RuntimeError(
        "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
      );
    }
    if (flag && !isFloatingPoint(this.dtype)) {
      throw new RuntimeError('only Tensors of floating point dtype can require gradients');
    }
    if (flag && !this._requiresGrad) {
      this._frozen = undefined;
      if (this._usedWithoutGrad) this._requiresGradAfterUse = { source: captureSource('cut') };
      this._source ??= captureSource('cut');
    } else if (!flag && this._requiresGrad) this._frozen = { source: captureSource('cut') };
    this._requiresGrad = flag;
    return this;
  }

  /** Makes backward fill `.grad` of this non-leaf tensor too. */
  retainGrad(): void {
    if (!this.requiresGrad) throw new RuntimeError("can't retain_grad on Tensor that has requires_grad=False");
    if (this.isLeaf || this._retainsGrad) return;
    this._retainsGrad = true;
    const node = this._gradFn!;
    if (node.releasedBy !== undefined) this._retainGradAfterBackward = { source: captureSource('cut'), backward: node.releasedBy.source };
    node.retainedOutputs.push(this);
  }

  /** Sets where this tensor's gradient flows (used by ops and in-place history rewrites). */
  _setHistory(node: Node, outputNr: number): void {
    // retainGrad() follows the tensor to its new node, as PyTorch 1.13 moves the hook.
    if (this._retainsGrad && this._gradFn !== null) {
      const retained = this._gradFn.retainedOutputs;
      retained.splice(retained.indexOf(this), 1);
      node.retainedOutputs.push(this);
    }
    this._gradFn = node;
    this._outputNr = outputNr;
    if (this._base !== null) this._viewBaseGradFn = this._base.gradFn;
  }

  /** The AccumulateGrad node of a leaf that requires grad; one per leaf, as PyTorch caches it. */
  gradAccumulator(): AccumulateGrad {
    if (!this.isLeaf || !this._requiresGrad) {
      throw new RuntimeError('gradAccumulator() is only defined for leaf tensors that require grad');
    }
    this._gradAccumulator ??= new AccumulateGrad(this);
    return this._gradAccumulator;
  }

  /** Computes gradients of this tensor with respect to the leaves of its graph. */
  backward(gradient?: Tensor | null, options?: BackwardOptions): void {
    if (gradient !== undefined && gradient !== null && !(gradient instanceof Tensor)) {
      throw new TypeError(`gradients can be either Tensors or None, but got ${pythonTypeName(gradient)}`);
    }
    const { retainGraph, recordGradients } = readOptions(options, 'backward()', ['retainGraph', 'recordGradients'], '{ retainGraph: true }');
    if (retainGraph !== undefined && retainGraph !== null && typeof retainGraph !== 'boolean') throw argumentTypeError('backward()', 'retainGraph', 'bool', retainGraph);
    if (recordGradients !== undefined && typeof recordGradients !== 'boolean') throw argumentTypeError('backward()', 'recordGradients', 'bool', recordGradients);
    const keep = retainGraph ?? false;
    withBackwardCall({ source: captureSource('cut', Tensor.prototype.backward), retainGraph: keep }, () => runBackward([this], [gradient ?? null], keep, recordGradients ?? false));
  }

  // ---- values ---------------------------------------------------------------------------

  /** PyTorch's `.data`: the same storage, detached from the graph, with its own version counter. */
  get data(): Tensor {
    return copy.detach(this, { shareVersion: false });
  }

  /** `x.data = other`: makes this tensor hold other's values (same shape not required, as in PyTorch). */
  set data(value: Tensor) {
    if (!(value instanceof Tensor)) throw new TypeError(`.data must be set to a Tensor, got ${describeValue(value)}`);
    this._storage = value._storage;
    this._shape = value._shape;
    this._strides = value._strides;
    this._offset = value._offset;
    this._dtype = value._dtype;
  }

  /**
   * The value of a one-element tensor (any shape) as a JS number, or a boolean for a bool tensor
   * as PyTorch gives a Python bool; write `item<boolean>()` to have TypeScript know it.
   */
  item<T extends number | boolean = number>(): T {
    return values.item(this) as T;
  }

  /** Nested arrays of numbers (booleans for a bool tensor), as `tensor.tolist()`; a 0-dim tensor gives its value; `zeros(2, 0).tolist()` is `[[], []]`. */
  tolist(): number | boolean | unknown[] {
    return values.tolist(this);
  }

  /**
   * PyTorch's `.numpy()`: a row-major copy of the elements as a typed array — Float32Array for
   * float32, Float64Array for float64 and int64, Uint8Array (0 and 1) for bool. It is the way out
   * of the graph: like PyTorch, it refuses a tensor that requires grad (call `detach()` first), and
   * `tensor()` of the array later records where the values came from, so a diagnosis can name the cut.
   */
  numpy(): Float32Array | Float64Array | Uint8Array {
    return values.numpy(this);
  }

  /** A row-major copy of the elements as a typed array, whatever `requiresGrad` (no provenance kept). */
  toTypedArray(): Float32Array | Float64Array | Uint8Array {
    return contiguousValues(this).slice();
  }

  /** PyTorch's repr: `tensor([1., 2.], requires_grad=True)`. */
  toString(): string {
    return formatTensor(this);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  // ---- dtype and graph cuts -------------------------------------------------------------

  to(dtype: DType): Tensor {
    return copy.to(this, checkDType(dtype, 'to()'), 'to');
  }

  float(): Tensor {
    return copy.to(this, 'float32', 'float');
  }

  double(): Tensor {
    return copy.to(this, 'float64', 'double');
  }

  long(): Tensor {
    return copy.to(this, 'int64', 'long');
  }

  detach(): Tensor {
    return copy.detach(this);
  }

  clone(): Tensor {
    return copy.clone(this);
  }

  contiguous(): Tensor {
    return this.isContiguous() ? this : copy.clone(this);
  }

  // ---- arithmetic -----------------------------------------------------------------------

  add(other: TensorLike, options?: { alpha?: number }): Tensor {
    return arith.add(this, other, options);
  }

  sub(other: TensorLike, options?: { alpha?: number }): Tensor {
    return arith.sub(this, other, options);
  }

  /** `other - this` (Python's `other - self` with a number `other`). */
  rsub(other: TensorLike, options?: { alpha?: number }): Tensor {
    return arith.rsub(this, other, options);
  }

  mul(other: TensorLike): Tensor {
    return arith.mul(this, other);
  }

  div(other: TensorLike): Tensor {
    return arith.div(this, other);
  }

  /** `other / this` (Python's `other / self`): `reciprocal()` then a multiply, as PyTorch does. */
  rdiv(other: TensorLike): Tensor {
    return arith.mul(arith.reciprocal(this), other);
  }

  neg(): Tensor {
    return arith.neg(this);
  }

  pow(exponent: TensorLike): Tensor {
    return arith.pow(this, exponent);
  }

  reciprocal(): Tensor {
    return arith.reciprocal(this);
  }

  exp(): Tensor {
    return unary.exp(this);
  }

  log(): Tensor {
    return unary.log(this);
  }

  sqrt(): Tensor {
    return unary.sqrt(this);
  }

  abs(): Tensor {
    return unary.abs(this);
  }

  relu(): Tensor {
    return unary.relu(this);
  }

  sigmoid(): Tensor {
    return unary.sigmoid(this);
  }

  tanh(): Tensor {
    return unary.tanh(this);
  }

  /** To the nearest whole number (halves to even); its gradient is zero. */
  round(): Tensor {
    return unary.round(this);
  }

  // ---- reductions -----------------------------------------------------------------------

  sum(dim?: number | readonly number[], keepdim = false): Tensor {
    return reduction.sum(this, dim, checkKeepdim(keepdim, 'sum()'));
  }

  mean(dim?: number | readonly number[], keepdim = false): Tensor {
    return reduction.mean(this, dim, checkKeepdim(keepdim, 'mean()'));
  }

  /** Index of the largest element along `dim` (int64, no gradient). */
  argmax(dim?: number, keepdim = false): Tensor {
    return reduction.argmax(this, dim, checkKeepdim(keepdim, 'argmax()'));
  }

  // ---- linear algebra -------------------------------------------------------------------

  matmul(other: Tensor): Tensor {
    return linalg.matmul(this, other);
  }

  mm(other: Tensor): Tensor {
    return linalg.mm(this, other);
  }

  bmm(other: Tensor): Tensor {
    return bmmOps.bmm(this, other);
  }

  t(): Tensor {
    return shapeOps.t(this);
  }

  transpose(dim0: number, dim1: number): Tensor {
    return shapeOps.transpose(this, dim0, dim1);
  }

  // ---- shape ----------------------------------------------------------------------------

  view(...shape: number[] | [readonly number[]]): Tensor {
    return shapeOps.view(this, sizesArgument(shape));
  }

  reshape(...shape: number[] | [readonly number[]]): Tensor {
    return shapeOps.reshape(this, sizesArgument(shape));
  }

  unsqueeze(dim: number): Tensor {
    return shapeOps.unsqueeze(this, dim);
  }

  squeeze(dim?: number): Tensor {
    return shapeOps.squeeze(this, dim);
  }

  expand(...sizes: number[] | [readonly number[]]): Tensor {
    return shapeOps.expand(this, sizesArgument(sizes));
  }

  flatten(startDim = 0, endDim = -1): Tensor {
    return shapeOps.flatten(this, startDim, endDim);
  }

  permute(...dims: number[] | [readonly number[]]): Tensor {
    return shapeOps.permute(this, sizesArgument(dims) as number[]);
  }

  split(splitSize: number | readonly number[], dim = 0): Tensor[] {
    return join.split(this, splitSize, dim);
  }

  chunk(chunks: number, dim = 0): Tensor[] {
    return join.chunk(this, chunks, dim);
  }

  unbind(dim = 0): Tensor[] {
    return join.unbind(this, dim);
  }

  triu(diagonal = 0): Tensor {
    return triangle.triu(this, diagonal);
  }

  tril(diagonal = 0): Tensor {
    return triangle.tril(this, diagonal);
  }

  // ---- softmax --------------------------------------------------------------------------

  softmax(dim: number): Tensor {
    return softmax.softmax(this, dim);
  }

  logSoftmax(dim: number): Tensor {
    return softmax.logSoftmax(this, dim);
  }

  // ---- comparisons and logic (bool results, no gradient) ------------------------------

  eq(other: TensorLike): Tensor {
    return compare.eq(this, other);
  }

  ne(other: TensorLike): Tensor {
    return compare.ne(this, other);
  }

  lt(other: TensorLike): Tensor {
    return compare.lt(this, other);
  }

  le(other: TensorLike): Tensor {
    return compare.le(this, other);
  }

  gt(other: TensorLike): Tensor {
    return compare.gt(this, other);
  }

  ge(other: TensorLike): Tensor {
    return compare.ge(this, other);
  }

  logicalNot(): Tensor {
    return compare.logicalNot(this);
  }

  logicalAnd(other: TensorLike): Tensor {
    return compare.logicalAnd(this, other);
  }

  logicalOr(other: TensorLike): Tensor {
    return compare.logicalOr(this, other);
  }

  /** Whether any element is nonzero (over `dim` when given). */
  any(dim?: number, keepdim = false): Tensor {
    return compare.any(this, dim, keepdim);
  }

  /** Whether every element is nonzero (over `dim` when given). */
  all(dim?: number, keepdim = false): Tensor {
    return compare.all(this, dim, keepdim);
  }

  // ---- indexing -------------------------------------------------------------------------

  /**
   * Python's `x[...]`, one argument per item of the index: `x.at(0)` is `x[0]`, `x.at(':', 1)` is
   * `x[:, 1]`, `x.at('1:3')`, `x.at('::2')`, `x.at(null)` (None), `x.at('...', 0)`, `x.at(mask)`,
   * `x.at(indices)`, `x.at([0, 2])`, and `slice(start, stop, step)` for computed bounds.
   */
  at(...items: IndexItem[]): Tensor {
    return indexing.at(this, items);
  }

  /** Python's `x[...] = value`: the index items as in `at`, then the value (a number or a tensor). Returns this tensor. */
  setAt(...itemsAndValue: [...IndexItem[], TensorLike]): this {
    if (itemsAndValue.length < 2) throw new TypeError('setAt(...items, value): give at least one index item and the value');
    indexing.setAt(this, itemsAndValue.slice(0, -1), itemsAndValue[itemsAndValue.length - 1] as TensorLike);
    return this;
  }

  select(dim: number, index: number): Tensor {
    return selectSlice.select(this, dim, index);
  }

  indexSelect(dim: number, index: Tensor): Tensor {
    return gatherScatter.indexSelect(this, dim, index);
  }

  gather(dim: number, index: Tensor): Tensor {
    return gatherScatter.gather(this, dim, index);
  }

  scatter(dim: number, index: Tensor, src: TensorLike): Tensor {
    return gatherScatter.scatter(this, dim, index, src);
  }

  maskedFill(mask: Tensor, value: TensorLike): Tensor {
    return gatherScatter.maskedFill(this, mask, value);
  }

  /** `x.where(condition, y)`: x where the condition holds, else y. */
  where(condition: Tensor, other: TensorLike): Tensor {
    return gatherScatter.where(condition, this, other);
  }

  // ---- in place -------------------------------------------------------------------------

  add_(other: TensorLike, options?: { alpha?: number }): this {
    return inplace.add_(this, other, options);
  }

  sub_(other: TensorLike, options?: { alpha?: number }): this {
    return inplace.sub_(this, other, options);
  }

  mul_(other: TensorLike): this {
    return inplace.mul_(this, other);
  }

  div_(other: TensorLike): this {
    return inplace.div_(this, other);
  }

  zero_(): this {
    return inplace.zero_(this);
  }

  fill_(value: number): this {
    return inplace.fill_(this, value);
  }

  copy_(src: TensorLike): this {
    return inplace.copy_(this, src);
  }

  maskedFill_(mask: Tensor, value: number): this {
    return gatherScatter.maskedFill_(this, mask, value);
  }
}

/** `sum(0, 'yes')` must not mean keepdim: PyTorch takes only a bool. */
function checkKeepdim(keepdim: unknown, where: string): boolean {
  if (typeof keepdim !== 'boolean') throw argumentTypeError(where, 'keepdim', 'bool', keepdim);
  return keepdim;
}

/** A tensor argument of a `torch.*` function: anything else is a TypeError that names the argument. */
export function tensorArgument(value: unknown, fn: string, argument = 'input'): Tensor {
  if (value instanceof Tensor) return value;
  throw new TypeError(`${fn}(): argument '${argument}' must be a Tensor, got ${describeValue(value)}`);
}

export function isTensor(value: unknown): value is Tensor {
  return value instanceof Tensor;
}
