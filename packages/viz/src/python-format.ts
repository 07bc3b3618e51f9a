/**
 * How Python's `str()` renders the values torchviz prints, so labels read as they do under PyTorch.
 */
import type { SavedValue } from '@gradviz/engine/snapshot-schema';

const UINT64 = 2n ** 64n;

/** PyTorch 1.13 exposes negative saved ints (`ignore_index=-100`, `dim=-1`) as unsigned 64-bit. */
export function exposedInt(value: number): string {
  return value < 0 ? (UINT64 + BigInt(value)).toString() : String(value);
}

/** Python's `repr(float)`: shortest round-trip digits, `1.0`, `1e-05`, `1.5e+16`. */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const text = String(value);
  return text.includes('.') ? text : `${text}.0`;
}

/** Python's `str(tuple)`: `(17,)`, `(2, 3)`, `()`. */
export function pythonTuple(values: readonly number[]): string {
  const items = values.map(exposedInt);
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** A saved value as torchviz's `show_attrs` table prints it. */
export function savedValueText(value: SavedValue): string {
  switch (value.type) {
    case 'none':
      return 'None';
    case 'int':
      return exposedInt(value.value);
    case 'float':
      return typeof value.value === 'number' ? pythonFloat(value.value) : value.value;
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'ints':
      return pythonTuple(value.value);
    case 'string':
      return value.value;
    case 'tensor':
      return '[saved tensor]';
    case 'tensors':
      return '[saved tensors]';
  }
}

/** torchviz's `size_to_str`: `(17)`, `(2, 3)`, `()` — no trailing comma. */
export function sizeText(shape: readonly number[]): string {
  return `(${shape.join(', ')})`;
}
