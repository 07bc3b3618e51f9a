/** Joining and splitting along a dim: cat, stack (CatBackward0, StackBackward0), split, chunk, unbind (one node, several outputs). */
import { Node } from '../autograd/node.js';
import { allocate, resultType } from '../dtype.js';
import { RuntimeError, ValueError, describeValue } from '../errors.js';
import { normalizeDim, numel, type Shape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';
import { connectOutputs, markWithoutGraph, needsGraph, recordOp } from './record.js';
import { narrowCopy, select } from './select-slice.js';
import { asView } from './shape-ops.js';
import { contiguousValues, convertValues } from './strided.js';

function tensorList(value: unknown, fn: string): Tensor[] {
  if (!Array.isArray(value) || value.some((t) => !(t instanceof Tensor))) {
    throw new TypeError(`${fn}(): argument 'tensors' must be an array of Tensors, got ${describeValue(value)}`);
  }
  return value as Tensor[];
}

class CatBackward0 extends Node {
  readonly #dim: number;
  readonly #sizes: number[];

  constructor(given: number, dim: number, sizes: number[]) {
    super();
    this.#dim = dim;
    this.#sizes = sizes;
    this.saveInt('dim', given);
  }

  name(): string {
    return 'CatBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    let start = 0;
    return this.#sizes.map((size, i) => {
      const piece = this.needsInputGrad(i) ? narrowCopy(grad, this.#dim, start, size) : null;
      start += size;
      return piece;
    });
  }
}

/** Copies the tensors one after another along `d` into a new tensor of `shape` and `dtype`. */
function concatenate(tensors: readonly Tensor[], d: number, shape: Shape): Tensor {
  const dtype = resultType(tensors.map((t) => ({ dtype: t.dtype, ndim: t.ndim, wrappedNumber: false })));
  const out = allocate(dtype, numel(shape));
  const outer = shape.slice(0, d).reduce((a, b) => a * b, 1);
  const inner = shape.slice(d + 1).reduce((a, b) => a * b, 1);
  const rowLength = shape[d]! * inner;
  let at = 0;
  for (const t of tensors) {
    const values = t.dtype === dtype ? contiguousValues(t) : convertValues(contiguousValues(t), dtype);
    const block = (t.shape[d] ?? 0) * inner;
    for (let o = 0; o < outer; o++) out.set(values.subarray(o * block, (o + 1) * block), o * rowLength + at);
    at += block;
  }
  return fromValues(out, shape, dtype);
}

/** `torch.cat(tensors, dim)`, promoting dtypes as 1.13 does; 1-D empty tensors are skipped as PyTorch skips them. */
export function cat(value: readonly Tensor[], dim = 0): Tensor {
  const tensors = tensorList(value, 'cat');
  if (tensors.length === 0) throw new RuntimeError('torch.cat(): expected a non-empty list of Tensors');
  const scalar = tensors.findIndex((t) => t.ndim === 0);
  if (scalar >= 0) throw new RuntimeError(`zero-dimensional tensor (at position ${scalar}) cannot be concatenated`);
  const shaped = tensors.filter((t) => !(t.ndim === 1 && t.numel() === 0));
  const reference = shaped[0] ?? tensors[0]!;
  const d = normalizeDim(dim, reference.ndim);
  shaped.forEach((t, i) => {
    if (t.ndim !== reference.ndim) {
      throw new RuntimeError(`Tensors must have same number of dimensions: got ${reference.ndim} and ${t.ndim}`);
    }
    t.shape.forEach((size, k) => {
      if (k !== d && size !== reference.shape[k]) {
        throw new RuntimeError(
          `Sizes of tensors must match except in dimension ${d}. Expected size ${reference.shape[k]} but got size ${size} for tensor number ${tensors.indexOf(t, i)} in the list.`,
        );
      }
    });
  });
  const shape = [...reference.shape];
  shape[d] = shaped.reduce((total, t) => total + t.shape[d]!, 0);
  const out = concatenate(shaped, d, shape);
  return recordOp('cat', tensors, out, () => new CatBackward0(dim, d, tensors.map((t) => (t.ndim === 1 && t.numel() === 0 ? 0 : t.shape[d]!))));
}

class StackBackward0 extends Node {
  readonly #dim: number;

  constructor(given: number, dim: number) {
    super();
    this.#dim = dim;
    this.saveInt('dim', given);
  }

  name(): string {
    return 'StackBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return this.nextFunctions.map((_, i) => (this.needsInputGrad(i) ? select(grad, this.#dim, i).contiguous() : null));
  }
}

/** `torch.stack(tensors, dim)`: the tensors side by side along a new dim. */
export function stack(value: readonly Tensor[], dim = 0): Tensor {
  const tensors = tensorList(value, 'stack');
  if (tensors.length === 0) throw new RuntimeError('stack expects a non-empty TensorList');
  const first = tensors[0]!;
  tensors.forEach((t, i) => {
    if (t.ndim !== first.ndim || t.shape.some((s, k) => s !== first.shape[k])) {
      throw new RuntimeError(`stack expects each tensor to be equal size, but got [${first.shape.join(', ')}] at entry 0 and [${t.shape.join(', ')}] at entry ${i}`);
    }
  });
  const d = normalizeDim(dim, first.ndim + 1);
  const unsqueezed = tensors.map((t) => asView(t, [...t.shape.slice(0, d), 1, ...t.shape.slice(d)], [...t._strides.slice(0, d), 0, ...t._strides.slice(d)]));
  const shape = [...first.shape.slice(0, d), tensors.length, ...first.shape.slice(d)];
  return recordOp('stack', tensors, concatenate(unsqueezed, d, shape), () => new StackBackward0(dim, d));
}

/** Backward of an op whose outputs are pieces of its input along `dim`: missing gradients are zeros, then all are joined. */
abstract class PiecesBackward extends Node {
  protected abstract readonly dim: number;
  protected abstract readonly pieces: readonly number[];
  protected abstract readonly inputShape: Shape;

  apply(grad: Tensor): (Tensor | null)[] {
    return this.applyOutputs([grad]);
  }

  override applyOutputs(grads: readonly (Tensor | null)[]): (Tensor | null)[] {
    const dtype = grads.find((g) => g !== null)!.dtype;
    const parts = this.pieces.map((size, i) => {
      const shape = this.pieceShape(size);
      return grads[i] ?? fromValues(allocate(dtype, numel(shape)), shape, dtype);
    });
    return [this.join(parts)];
  }

  protected pieceShape(size: number): number[] {
    const shape = [...this.inputShape];
    shape[this.dim] = size;
    return shape;
  }

  protected join(parts: Tensor[]): Tensor {
    return concatenate(parts, this.dim, this.inputShape);
  }
}

class SplitBackward extends PiecesBackward {
  readonly #name: string;
  protected readonly dim: number;
  protected readonly pieces: readonly number[];
  protected readonly inputShape: Shape;

  constructor(name: 'SplitBackward0' | 'SplitWithSizesBackward0', given: number, dim: number, pieces: number[], splitArg: number | number[], inputShape: Shape) {
    super();
    [this.#name, this.dim, this.pieces, this.inputShape] = [name, dim, pieces, inputShape];
    this.saveInt('dim', given);
    this.saveInts('self_sizes', inputShape);
    if (typeof splitArg === 'number') this.saveInt('split_size', splitArg);
    else this.saveInts('split_sizes', splitArg);
  }

  name(): string {
    return this.#name;
  }
}

class UnbindBackward0 extends PiecesBackward {
  protected readonly dim: number;
  protected readonly pieces: readonly number[];
  protected readonly inputShape: Shape;

  constructor(given: number, dim: number, inputShape: Shape) {
    super();
    [this.dim, this.inputShape] = [dim, inputShape];
    this.pieces = Array.from({ length: inputShape[dim]! }, () => 1);
    this.saveInt('dim', given);
  }

  name(): string {
    return 'UnbindBackward0';
  }

  protected override pieceShape(): number[] {
    return this.inputShape.filter((_, k) => k !== this.dim);
  }

  protected override join(parts: Tensor[]): Tensor {
    return stack(parts, this.dim);
  }
}

/** Views of `t` along `d`, one per size, recorded by one node with an output per view. */
function pieces(t: Tensor, d: number, sizes: readonly number[], op: string, makeNode: () => Node, drop = false): Tensor[] {
  let start = 0;
  const views = sizes.map((size) => {
    const shape = [...t.shape];
    const strides = [...t._strides];
    shape[d] = size;
    if (drop) {
      shape.splice(d, 1);
      strides.splice(d, 1);
    }
    const view = asView(t, shape, strides, t._offset + start * t._strides[d]!);
    view._multiOutputView = true;
    start += size;
    return view;
  });
  if (needsGraph([t])) connectOutputs(makeNode(), [t], views, op);
  else for (const view of views) markWithoutGraph(op, [t], view);
  return views;
}

/** `torch.split(t, split_size_or_sections, dim)`: pieces of `size` (the last may be shorter), or of the sizes listed. */
export function split(t: Tensor, splitSize: number | readonly number[], dim = 0): Tensor[] {
  if (t.ndim === 0) throw new RuntimeError('split expects at least a 1-dimensional tensor');
  const d = normalizeDim(dim, t.ndim);
  const length = t.shape[d]!;
  if (Array.isArray(splitSize)) {
    const sizes = [...(splitSize as number[])];
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== length) {
      throw new RuntimeError(
        `split_with_sizes expects split_sizes to sum exactly to ${length} (input tensor's size at dimension ${d}), but got split_sizes=[${sizes.join(', ')}]`,
      );
    }
    return pieces(t, d, sizes, 'split_with_sizes', () => new SplitBackward('SplitWithSizesBackward0', dim, d, sizes, sizes, t.shape));
  }
  const size = splitSize as number;
  if (typeof size !== 'number' || !Number.isInteger(size)) throw new TypeError(`split(): split_size must be a whole number or an array of them, got ${describeValue(splitSize)}`);
  if (size < 0) throw new RuntimeError(`split expects split_size be non-negative, but got split_size=${size}`);
  if (size === 0 && length !== 0) throw new RuntimeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${length}`);
  const count = size === 0 ? 1 : Math.max(Math.ceil(length / size), 1);
  const sizes = Array.from({ length: count }, (_, i) => Math.min(size, length - i * size));
  return pieces(t, d, sizes, 'split', () => new SplitBackward('SplitBackward0', dim, d, sizes, size, t.shape));
}

/** `torch.chunk(t, chunks, dim)`: split into pieces of ceil(size / chunks), as 1.13 does (SplitBackward0). */
export function chunk(t: Tensor, chunks: number, dim = 0): Tensor[] {
  if (typeof chunks !== 'number' || !Number.isInteger(chunks)) throw new TypeError(`chunk(): chunks must be a whole number, got ${describeValue(chunks)}`);
  if (t.ndim === 0) throw new RuntimeError('chunk expects at least a 1-dimensional tensor');
  if (chunks <= 0) throw new RuntimeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const length = t.shape[normalizeDim(dim, t.ndim)]!;
  return split(t, Math.ceil(length / chunks), dim);
}

/** `torch.unbind(t, dim)`: the slices along `dim`, without it (UnbindBackward0). */
export function unbind(t: Tensor, dim = 0): Tensor[] {
  if (t.ndim === 0) throw new ValueError('Dimension specified as 0 but tensor has no dimensions');
  const d = normalizeDim(dim, t.ndim);
  const sizes = Array.from({ length: t.shape[d]! }, () => 1);
  return pieces(t, d, sizes, 'unbind', () => new UnbindBackward0(dim, d, t.shape), true);
}

