import type { DType } from './dtype.js';
import type { Tensor } from './tensor.js';

/** Where a line of user code made something. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * A captured call stack, read only when asked: V8 formats `Error.stack` lazily,
 * so capturing costs a few microseconds and parsing happens at snapshot time.
 */
export class SourceCapture {
  readonly #error: Error;
  #location: SourceLocation | null | undefined;

  constructor() {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 16;
    this.#error = new Error();
    Error.stackTraceLimit = limit;
  }

  /** The first frame outside the engine: the user's line. */
  get location(): SourceLocation | null {
    if (this.#location === undefined) this.#location = firstUserFrame(this.#error.stack ?? '');
    return this.#location;
  }
}

const engineDir = engineSourceDir();

// No node:url here: the engine also runs in browsers.
function fileURLToPath(url: string): string {
  return url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
}

/** Undefined in a classic-script bundle, which has no `import.meta.url`. */
function engineSourceDir(): string | undefined {
  const url = (import.meta as { url?: string }).url;
  return url ? fileURLToPath(new URL('.', url).href) : undefined;
}

const FRAME = /\(?((?:file:\/\/|\/|[A-Za-z]:\\|https?:\/\/)[^()\s]*?):(\d+):(\d+)\)?\s*$/;

function firstUserFrame(stack: string): SourceLocation | null {
  for (const line of stack.split('\n').slice(1)) {
    const m = FRAME.exec(line.trim());
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith('file://')) file = fileURLToPath(file);
    if ((engineDir !== undefined && file.startsWith(engineDir)) || file.includes('/node_modules/') || file.startsWith('node:')) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return null;
}

/** Which tensors record the line that made them. */
export type SourceCaptureMode = 'off' | 'cuts' | 'all';

let captureMode: SourceCaptureMode = 'cuts';
let recordingSuspended = 0;

/**
 * 'cuts' (default): creations, `detach()`, dtype copies, `requiresGrad_()` and work under `noGrad`,
 * which are where a chain to a leaf breaks; 'all': every op too (a few microseconds each); 'off'.
 */
export function setSourceCapture(mode: SourceCaptureMode): void {
  if (mode !== 'off' && mode !== 'cuts' && mode !== 'all') {
    throw new TypeError(`setSourceCapture(mode): mode must be 'off', 'cuts' or 'all', got ${String(mode)}`);
  }
  captureMode = mode;
}

export function getSourceCapture(): SourceCaptureMode {
  return captureMode;
}

export function captureSource(kind: 'cut' | 'op'): SourceCapture | undefined {
  if (recordingSuspended > 0 || captureMode === 'off' || (kind === 'op' && captureMode !== 'all')) return undefined;
  return new SourceCapture();
}

/** Runs engine-internal work (backward formulas, optimizer steps) without recording provenance. */
export function withoutProvenance<T>(fn: () => T): T {
  recordingSuspended++;
  try {
    return fn();
  } finally {
    recordingSuspended--;
  }
}

export function isRecordingProvenance(): boolean {
  return recordingSuspended === 0;
}

/**
 * How a tensor was made. PyTorch does not keep this; gradviz uses it to explain a broken chain.
 * Links to other tensors are weak: a loop such as `h = f(h.detach())` must not keep every
 * earlier step alive, as it would not in PyTorch.
 */
export type Origin =
  /** `of`: for `tensor()` of values taken from another tensor, that tensor, and the call they left it by. */
  | { readonly kind: 'created'; readonly fn: string; readonly of?: WeakRef<Tensor>; readonly via?: ValuesExit }
  | { readonly kind: 'op'; readonly op: string }
  | { readonly kind: 'noGrad'; readonly op: string }
  | { readonly kind: 'detach'; readonly of: WeakRef<Tensor> }
  | { readonly kind: 'dtypeCopy'; readonly of: WeakRef<Tensor>; readonly from: DType; readonly to: DType }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'internal' };

/** How values leave the graph as plain JS values: `numpy()`, `tolist()`, or `tensor()` of tensors. */
export type ValuesExit = 'numpy' | 'tolist' | 'tensor';

/** A tensor that needed a gradient and whose value reached this one through a cut. */
export interface CutSource {
  readonly tensor: WeakRef<Tensor>;
  /** `values`: its values were copied out (`tolist()`, `tensor()` of tensors) and made into a new tensor. */
  readonly cut: 'detach' | 'noGrad' | 'values';
  /** For a `values` cut: the call that took the values out. */
  readonly via?: ValuesExit;
  /** The tensor made at the cut: the `detach()` result, or the op result made under `noGrad`. */
  readonly at: Tensor;
}

/** Keeps provenance bounded: a long loop of cuts must not keep its whole history alive. */
export const MAX_CUT_SOURCES = 16;

export function mergeCutSources(lists: Iterable<readonly CutSource[]>): readonly CutSource[] {
  const out: CutSource[] = [];
  for (const list of lists) {
    for (const source of list) {
      if (out.length >= MAX_CUT_SOURCES) return out;
      const tensor = source.tensor.deref();
      if (tensor !== undefined && !out.some((s) => s.tensor.deref() === tensor)) out.push(source);
    }
  }
  return out;
}

/** What a module call needs to know about its module; the snapshot reads it when it is taken. */
export interface CalledModule {
  readonly constructor: { readonly name: string };
  parameters(): readonly Tensor[];
}

/** One run of a module's forward under a path: the snapshot's `moduleCalls` entries come from these. */
export interface ModuleCall {
  /** Start order: a parent call starts (and is numbered) before the calls made inside it. */
  readonly order: number;
  /** Dotted path from the outermost module (`layers.0.fc1`). */
  readonly path: string;
  readonly module: CalledModule;
  /** The call running when this one started; null when no named module was running. */
  readonly parent: ModuleCall | null;
}

// The module call running now (its path is `fc1`, `layers.0`), set by nn.
let currentCall: ModuleCall | null = null;
let callsStarted = 0;

export function currentModuleCall(): ModuleCall | null {
  return currentCall;
}

export function currentModulePath(): string | undefined {
  return currentCall?.path;
}

/** Runs `fn` as a call of `module`, named `name` by the module running now. */
export function withModuleCall<T>(name: string, module: CalledModule, fn: () => T): T {
  const parent = currentCall;
  currentCall = { order: callsStarted++, path: parent === null ? name : `${parent.path}.${name}`, module, parent };
  try {
    return fn();
  } finally {
    currentCall = parent;
  }
}
