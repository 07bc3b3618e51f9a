import { describeValue } from '../errors.js';

let gradEnabled = true;

/** `torch.is_grad_enabled()`. */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** `torch.set_grad_enabled(mode)`. */
export function setGradEnabled(mode: boolean): void {
  if (typeof mode !== 'boolean') throw new TypeError(`setGradEnabled(mode): mode must be true or false, got ${describeValue(mode)}`);
  gradEnabled = mode;
}

function withGradMode<T>(mode: boolean, fn: () => T, where: string): T {
  if (typeof fn !== 'function') throw new TypeError(`${where}(fn): expected a function to run, got ${describeValue(fn)}`);
  const previous = gradEnabled;
  gradEnabled = mode;
  try {
    const result = fn();
    if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
      // Grad mode is global state: it cannot follow an async function across its awaits.
      throw new TypeError(`${where}(fn): fn returned a Promise; grad mode applies to synchronous code only, so pass a function that does not await`);
    }
    return result;
  } finally {
    gradEnabled = previous;
  }
}

/** `with torch.no_grad():` — runs `fn` with gradient recording off and returns its result. */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn, 'noGrad');
}

/** `with torch.enable_grad():` — runs `fn` with gradient recording on, even inside `noGrad`. */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn, 'enableGrad');
}
