// PyTorch raises RuntimeError, IndexError and ValueError; JS code can catch
// them by class and PyTorch users recognise the names.

export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

export class IndexError extends Error {
  override name = 'IndexError';
}

export class ValueError extends Error {
  override name = 'ValueError';
}

/** Renders a received value for an error message: short, and never throws. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/**
 * The Python type PyTorch names in its argument errors (`must be Number, not str`) for a JS value:
 * `str`, `int`, `float`, `bool`, `NoneType`, `list`, `dict`, `Tensor`, `function`.
 */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'function') return 'function';
  if (Array.isArray(value)) return 'list';
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? name : 'dict';
}

/** `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`. */
function quotedChoices(names: readonly string[]): string {
  const quoted = names.map((name) => `'${name}'`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}

/**
 * An options argument as a function reads it: undefined is no options; anything else must be a
 * plain object whose keys are all in `known` (named when one is not, with the spelling gradviz
 * uses for a PyTorch snake_case name). `example` shows what to pass, e.g. `{ alpha: 2 }`.
 */
export function readOptions(options: unknown, where: string, known: readonly string[], example: string): Readonly<Record<string, unknown>> {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${where}: options must be an object such as ${example}, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const camel = key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    const hint = camel !== key && known.includes(camel) ? ` (gradviz spells it '${camel}')` : '';
    throw new TypeError(`${where}: unknown option '${key}'${hint}; expected ${quotedChoices(known)}`);
  }
  return options as Record<string, unknown>;
}

/** A whole-number argument (`in_features`, `start_dim`): anything else is PyTorch's argument error. */
export function intArgument(value: unknown, where: string, argument: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw argumentTypeError(where, argument, 'int', value);
  return value;
}

/** PyTorch's argument error for a value of the wrong type: `add(): argument 'alpha' must be Number, not str`. */
export function argumentTypeError(where: string, argument: string, expected: string, value: unknown): TypeError {
  return new TypeError(`${where}: argument '${argument}' must be ${expected}, not ${pythonTypeName(value)}`);
}
