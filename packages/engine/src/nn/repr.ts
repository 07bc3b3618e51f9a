/** A value as Python's `repr` shows it in a module's description: `True`, `(3, 3)`, `0.5`. */
export type PyValue = number | boolean | string | null | readonly number[];

export function pyRepr(value: PyValue): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return value.length === 1 ? `(${value[0]},)` : `(${value.join(', ')})`;
}

/** `name=value, ...` as PyTorch's `extra_repr` writes keyword arguments. */
export function keywords(entries: Record<string, PyValue>): string {
  return Object.entries(entries)
    .map(([name, value]) => `${name}=${pyRepr(value)}`)
    .join(', ');
}
