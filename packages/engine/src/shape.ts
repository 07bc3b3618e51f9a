import { IndexError, RuntimeError, describeValue } from './errors.js';

export type Shape = readonly number[];

export function numel(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = step;
    step *= shape[i]!;
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** PyTorch's `torch.Size([2, 3])` rendering, used in messages. */
export function torchSize(shape: Shape): string {
  return `torch.Size([${shape.join(', ')}])`;
}

/** Validates a shape given by a caller (sizes must be whole numbers >= 0). */
export function checkShape(value: unknown, where: string): number[] {
  if (!Array.isArray(value)) {
    throw new TypeError(`${where}: expected a shape (an array of sizes such as [2, 3]), got ${describeValue(value)}`);
  }
  for (const d of value) {
    if (typeof d !== 'number' || !Number.isInteger(d)) {
      throw new TypeError(`${where}: every size in a shape must be a whole number, got ${describeValue(d)} in [${value.map(String).join(', ')}]`);
    }
    if (d < 0) throw new RuntimeError(`Trying to create tensor with negative dimension ${d}: [${value.join(', ')}]`);
  }
  return [...value] as number[];
}

/** Accepts sizes as `f(2, 3)` or `f([2, 3])`. */
export function sizesArgument(args: readonly unknown[]): unknown {
  return args.length === 1 && Array.isArray(args[0]) ? args[0] : [...args];
}

/** Wraps a possibly negative dim into [0, ndim), with PyTorch's IndexError. */
export function normalizeDim(dim: unknown, ndim: number): number {
  if (typeof dim !== 'number' || !Number.isInteger(dim)) {
    throw new TypeError(`dim must be a whole number, got ${describeValue(dim)}`);
  }
  const lo = ndim === 0 ? -1 : -ndim;
  const hi = ndim === 0 ? 0 : ndim - 1;
  if (dim < lo || dim > hi) {
    throw new IndexError(`Dimension out of range (expected to be in range of [${lo}, ${hi}], but got ${dim})`);
  }
  return dim < 0 ? dim + Math.max(ndim, 1) : dim;
}

/** `torch.broadcast_shapes`, with PyTorch's message for sizes that cannot broadcast. */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  // From the last dim, as PyTorch's infer_size reports the rightmost mismatch.
  for (let i = n - 1; i >= 0; i--) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RuntimeError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Whether `shape` can be expanded to `target` (PyTorch's `is_expandable_to`). */
export function isExpandableTo(shape: Shape, target: Shape): boolean {
  if (shape.length > target.length) return false;
  for (let i = 1; i <= shape.length; i++) {
    const d = shape[shape.length - i]!;
    if (d !== 1 && d !== target[target.length - i]) return false;
  }
  return true;
}

/** Resolves a view/reshape target with at most one -1, with PyTorch's messages. */
export function inferSize(value: unknown, total: number): number[] {
  if (!Array.isArray(value)) throw new TypeError(`expected a shape such as [2, 3], got ${describeValue(value)}`);
  let inferred = -1;
  let known = 1;
  value.forEach((d, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d)) {
      throw new TypeError(`every size in a shape must be a whole number, got ${describeValue(d)}`);
    }
    if (d === -1) {
      if (inferred >= 0) throw new RuntimeError('only one dimension can be inferred');
      inferred = i;
    } else if (d < 0) {
      throw new RuntimeError(`invalid shape dimension ${d}`);
    } else known *= d;
  });
  const shape = [...value] as number[];
  const invalid = () => new RuntimeError(`shape '[${value.join(', ')}]' is invalid for input of size ${total}`);
  if (inferred >= 0) {
    if (known === 0 || total % known !== 0) throw invalid();
    shape[inferred] = total / known;
  } else if (known !== total) throw invalid();
  return shape;
}
