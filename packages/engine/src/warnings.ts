/**
 * The warning channel: PyTorch's `warnings.warn`, observable and silenceable.
 * By default each distinct message goes once to `console.warn`, as Python's default filter shows it once.
 */

export interface WarningRecord {
  readonly category: 'UserWarning';
  readonly message: string;
}

/** Python's filter actions: show each message once, every time, never, or raise it. */
export type WarningAction = 'default' | 'always' | 'ignore' | 'error';

export type WarningHandler = (warning: WarningRecord) => void;

export class UserWarning extends Error {
  override name = 'UserWarning';
}

const consoleHandler: WarningHandler = (w) => console.warn(`${w.category}: ${w.message}`);

let handler: WarningHandler = consoleHandler;
let action: WarningAction = 'default';
const alreadyShown = new Set<string>();
let recorders: WarningRecord[][] = [];

export function warn(message: string): void {
  const record: WarningRecord = { category: 'UserWarning', message };
  const recorder = recorders[recorders.length - 1];
  if (recorder) {
    recorder.push(record);
    return;
  }
  if (action === 'ignore') return;
  if (action === 'error') throw new UserWarning(message);
  if (action === 'default') {
    if (alreadyShown.has(message)) return;
    alreadyShown.add(message);
  }
  handler(record);
}

/** Where warnings go (default: `console.warn`); pass null to restore the default. */
export function setWarningHandler(fn: WarningHandler | null): void {
  if (fn !== null && typeof fn !== 'function') {
    throw new TypeError(`setWarningHandler(fn): expected a function or null, got ${typeof fn}`);
  }
  handler = fn ?? consoleHandler;
}

/** `warnings.simplefilter(action)`. */
export function simpleFilter(next: WarningAction): void {
  if (!['default', 'always', 'ignore', 'error'].includes(next)) {
    throw new TypeError(`simpleFilter(action): expected 'default', 'always', 'ignore' or 'error', got ${String(next)}`);
  }
  action = next;
  alreadyShown.clear();
}

/**
 * `warnings.catch_warnings(record=True)` with `simplefilter("always")`: runs `fn` and returns
 * its result with every warning it raised; nothing reaches the handler meanwhile.
 */
export function catchWarnings<T>(fn: () => T): { result: T; warnings: WarningRecord[] } {
  const recorded: WarningRecord[] = [];
  recorders = [...recorders, recorded];
  try {
    return { result: fn(), warnings: recorded };
  } finally {
    recorders = recorders.filter((r) => r !== recorded);
  }
}
