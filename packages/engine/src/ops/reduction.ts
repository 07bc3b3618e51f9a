import { Node } from '../autograd/node.js';
import { allocate, type DType, isFloatingPoint, scalarTypeName } from '../dtype.js';
import { RuntimeError, describeValue } from '../errors.js';
import { contiguousStrides, normalizeDim, numel, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';
import { needsGraph, recordOp, resultWithoutGradient } from './record.js';
import { isRecordingProvenance } from '../provenance.js';
import { sumInto } from '../kernels/elementwise.js';
import { contiguousValues, forEachLine, operandOf } from './strided.js';

/** Which dims a reduction runs over, normalized, and the dims as the caller gave them. */
function reductionDims(t: Tensor, dim: number | readonly number[] | undefined, op: string): { given: number[]; dims: Set<number> } {
  if (dim === undefined) return { given: [], dims: new Set(t.shape.map((_, i) => i)) };
  const given = typeof dim === 'number' ? [dim] : Array.isArray(dim) ? [...dim] : null;
  if (given === null) throw new TypeError(`${op}(): dim must be a number or an array of numbers, got ${describeValue(dim)}`);
  const dims = new Set<number>();
  for (const d of given) {
    const n = normalizeDim(d, t.ndim);
    if (dims.has(n)) throw new RuntimeError(`dim ${n} appears multiple times in the list of dims`);
    dims.add(n);
  }
  // PyTorch reduces over every dim when the list is empty.
  if (given.length === 0) t.shape.forEach((_, i) => dims.add(i));
  return { given, dims };
}

function reducedShape(shape: Shape, dims: Set<number>, keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!dims.has(i)) out.push(d);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** Sums over `dims`, accumulating in float64. */
function sumValues(t: Tensor, dims: Set<number>, keepdim: boolean, dtype: DType): Tensor {
  const kept = t.shape.map((d, i) => (dims.has(i) ? 1 : d));
  const keptStrides = contiguousStrides(kept).map((s, i) => (dims.has(i) ? 0 : s));
  const acc = new Float64Array(numel(kept));
  sumInto(acc, t.shape, operandOf(t), keptStrides);
  const out = allocate(dtype, acc.length);
  out.set(acc);
  return fromValues(out, reducedShape(t.shape, dims, keepdim), dtype);
}

/** The gradient of a reduction, spread back over the input's shape. */
function expandBack(grad: Tensor, inputShape: Shape, dims: Set<number>, keepdim: boolean): Tensor {
  const kept = inputShape.map((d, i) => (dims.has(i) ? 1 : d));
  const g = keepdim ? grad : grad.reshape(kept);
  return g.expand([...inputShape]);
}

export class SumBackward0 extends Node {
  readonly #shape: Shape;

  constructor(self: Tensor) {
    super();
    this.#shape = self.shape;
    this.saveInts('self_sym_sizes', self.shape);
  }

  name(): string {
    return 'SumBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [grad.expand([...this.#shape])];
  }
}

/** Backward of a reduction over some dims: spreads the gradient back over them. */
abstract class DimReductionBackward extends Node {
  protected readonly shape: Shape;
  protected readonly dims: Set<number>;
  protected readonly keepdim: boolean;

  constructor(self: Tensor, given: number[], dims: Set<number>, keepdim: boolean) {
    super();
    this.shape = self.shape;
    this.dims = dims;
    this.keepdim = keepdim;
    this.saveInts('dim', given);
    this.saveValue('keepdim', { type: 'bool', value: keepdim });
    this.saveInts('self_sym_sizes', self.shape);
  }

  protected spread(grad: Tensor): Tensor {
    return expandBack(grad, this.shape, this.dims, this.keepdim);
  }
}

export class SumBackward1 extends DimReductionBackward {
  name(): string {
    return 'SumBackward1';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [this.spread(grad)];
  }
}

export function sum(t: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  const { given, dims } = reductionDims(t, dim, 'sum');
  // Integral and bool tensors sum to int64, as in PyTorch.
  const out = sumValues(t, dims, keepdim, isFloatingPoint(t.dtype) ? t.dtype : 'int64');
  return recordOp('sum', [t], out, () =>
    dim === undefined ? new SumBackward0(t) : new SumBackward1(t, given, dims, keepdim),
  );
}

export class MeanBackward0 extends Node {
  readonly #shape: Shape;

  constructor(self: Tensor) {
    super();
    this.#shape = self.shape;
    this.saveInt('self_numel', self.numel());
    this.saveInts('self_sizes', self.shape);
  }

  name(): string {
    return 'MeanBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [grad.expand([...this.#shape]).div(numel(this.#shape))];
  }
}

export class MeanBackward1 extends DimReductionBackward {
  constructor(self: Tensor, given: number[], dims: Set<number>, keepdim: boolean) {
    super(self, given, dims, keepdim);
    // PyTorch 1.13's mean.dim formula reads `self` for the count.
    this.saveTensor('self', self);
  }

  name(): string {
    return 'MeanBackward1';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    let count = 1;
    for (const d of this.dims) count *= this.shape[d]!;
    return [this.spread(grad).div(count)];
  }
}

export function mean(t: Tensor, dim?: number | readonly number[], keepdim = false): Tensor {
  if (!isFloatingPoint(t.dtype)) {
    throw new RuntimeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(t.dtype)}`,
    );
  }
  const { given, dims } = reductionDims(t, dim, 'mean');
  const summed = sumValues(t, dims, keepdim, 'float64');
  let count = 1;
  for (const d of dims) count *= t.shape[d]!;
  const values = allocate(t.dtype, summed.numel());
  const sums = summed._storage;
  for (let i = 0; i < values.length; i++) values[i] = sums[i]! / count;
  const out = fromValues(values, summed.shape, t.dtype);
  return recordOp('mean', [t], out, () =>
    dim === undefined ? new MeanBackward0(t) : new MeanBackward1(t, given, dims, keepdim),
  );
}

/** Position of the largest value in a line; NaN counts as the largest and the first one wins, as in PyTorch. */
function argmaxOfLine(values: ArrayLike<number>, start: number, stride: number, length: number): number {
  let best = 0;
  for (let k = 1; k < length && !Number.isNaN(values[start + best * stride]!); k++) {
    const v = values[start + k * stride]!;
    if (v > values[start + best * stride]! || Number.isNaN(v)) best = k;
  }
  return best;
}

/** Index of the largest value along `dim` (over all elements when `dim` is omitted); int64, no gradient. */
export function argmax(t: Tensor, dim?: number, keepdim = false): Tensor {
  const values = contiguousValues(t);
  if (values.length === 0) throw new RuntimeError('argmax(): Expected reduction dim to be specified for input.numel() == 0.');
  if (dim === undefined) {
    return resultWithoutGradient('argmax', [t], fromValues(Float64Array.of(argmaxOfLine(values, 0, 1, values.length)), keepdim ? t.shape.map(() => 1) : [], 'int64'));
  }
  const d = normalizeDim(dim, t.ndim);
  const indices: number[] = [];
  forEachLine(t.shape, d, (start, stride, length) => indices.push(argmaxOfLine(values, start, stride, length)));
  return resultWithoutGradient('argmax', [t], fromValues(Float64Array.from(indices), reducedShape(t.shape, new Set([d]), keepdim), 'int64'));
}

/** Sums a broadcast gradient back to `shape` (PyTorch's `at::sum_to`). */
export function sumTo(grad: Tensor, shape: Shape): Tensor {
  const lead = grad.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < grad.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) dims.push(i);
  }
  if (dims.length === 0) return grad;
  // Inside backward (no graph, no provenance) the sums alone, as `sum(dims, true)` makes them.
  if (!isRecordingProvenance() && !needsGraph([grad])) return summedTo(grad, shape, lead);
  const summed = grad.sum(dims, true);
  return lead > 0 ? summed.reshape([...shape]) : summed;
}

function summedTo(grad: Tensor, shape: Shape, lead: number): Tensor {
  const target = contiguousStrides(shape);
  const into = grad.shape.map((_, i) => (i < lead || shape[i - lead] === 1 ? 0 : target[i - lead]!));
  const acc = new Float64Array(numel(shape));
  sumInto(acc, grad.shape, operandOf(grad), into);
  const dtype = isFloatingPoint(grad.dtype) ? grad.dtype : 'int64';
  const out = allocate(dtype, acc.length, false);
  out.set(acc);
  return fromValues(out, shape, dtype);
}
