/**
 * Values out of the graph: `item()`, `tolist()`, `numpy()`. Arrays handed out are remembered
 * (weakly), so that `tensor()` of them can record which tensor the values came from: the cut a
 * diagnosis names when a gradient stops there.
 */
import type { DType } from './dtype.js';
import { RuntimeError, ValueError } from './errors.js';
import { contiguousValues } from './ops/strided.js';
import { numel } from './shape.js';
import type { Tensor } from './tensor.js';

/** Where an array handed out by `numpy()` or `tolist()` came from. */
export interface ValuesSource {
  readonly tensor: WeakRef<Tensor>;
  readonly via: 'numpy' | 'tolist';
  readonly dtype: DType;
}

const handedOut = new WeakMap<object, ValuesSource>();

/** The tensor an array (or a nested array of `tolist()`) was taken from, if gradviz handed it out. */
export function valuesSourceOf(data: object): ValuesSource | undefined {
  return handedOut.get(data);
}

function element(t: Tensor, value: number): number | boolean {
  return t.dtype === 'bool' ? value !== 0 : value;
}

/**
 * Values `item()` took out of tensors that required grad, oldest first. A number has no identity:
 * `tensor()` of an equal value is taken to be that value put back. Whole numbers are left out, as
 * `tensor([0, 1])` is far more often typed than copied.
 */
const itemValues = new Map<number, WeakRef<Tensor>>();
const MAX_ITEM_VALUES = 64;

/** The tensor whose `item()` gave `value` lately, if one that required grad did. */
export function itemSourceOf(value: number): Tensor | undefined {
  return itemValues.size === 0 ? undefined : itemValues.get(value)?.deref();
}

export function item(t: Tensor): number | boolean {
  if (t.numel() !== 1) throw new ValueError('only one element tensors can be converted to Python scalars');
  const value = element(t, t._storage[t._offset]!);
  if (t.requiresGrad && typeof value === 'number' && !Number.isInteger(value)) {
    itemValues.delete(value);
    itemValues.set(value, new WeakRef(t));
    if (itemValues.size > MAX_ITEM_VALUES) itemValues.delete(itemValues.keys().next().value!);
  }
  return value;
}

export function tolist(t: Tensor): number | boolean | unknown[] {
  const flat = Array.from(contiguousValues(t), (v) => element(t, v));
  if (t.ndim === 0) return flat[0]!;
  const source: ValuesSource = { tensor: new WeakRef(t), via: 'tolist', dtype: t.dtype };
  // Build nested arrays from the innermost dimension outward, without recursion. Each level has as
  // many groups as the dims before it hold, so a size-0 dim still leaves its outer lists.
  let level: unknown[] = flat;
  if (t.ndim === 1) handedOut.set(level, source);
  for (let d = t.ndim - 1; d >= 1; d--) {
    const size = t.shape[d]!;
    const groups = numel(t.shape.slice(0, d));
    const grouped: unknown[] = [];
    for (let g = 0; g < groups; g++) {
      const row = level.slice(g * size, (g + 1) * size);
      handedOut.set(row, source);
      grouped.push(row);
    }
    level = grouped;
    handedOut.set(level, source);
  }
  return level;
}

export function numpy(t: Tensor): Float32Array | Float64Array | Uint8Array {
  if (t.requiresGrad) throw new RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
  const out = contiguousValues(t).slice();
  handedOut.set(out, { tensor: new WeakRef(t), via: 'numpy', dtype: t.dtype });
  return out;
}
