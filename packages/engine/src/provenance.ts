import type { DType } from './dtype.js';
import { sourceMapGeneration, sourceMapOf } from './source-map.js';
import type { Tensor } from './tensor.js';

/** Where a line of user code made something. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A line of a bundled program that no loaded source map names: better unknown than a line of the bundle. */
export const UNKNOWN_LOCATION = 'unknown';

/**
 * A captured call stack, read only when asked: V8 formats `Error.stack` lazily,
 * so capturing costs a few microseconds and parsing happens at snapshot time.
 */
export class SourceCapture {
  readonly #error: Error;
  #location: SourceLocation | null | typeof UNKNOWN_LOCATION | undefined;
  /** The source maps known when #location was worked out: a map loaded since may name it. */
  #generation = -1;

  constructor() {
    const errors = Error as { stackTraceLimit?: number };
    const limit = errors.stackTraceLimit;
    errors.stackTraceLimit = 16;
    this.#error = new Error();
    errors.stackTraceLimit = limit;
  }

  /** The first frame outside the engine: the user's line; UNKNOWN_LOCATION when only a source map not loaded could tell. */
  get location(): SourceLocation | null | typeof UNKNOWN_LOCATION {
    if (this.#location === undefined || (this.#location === UNKNOWN_LOCATION && this.#generation !== sourceMapGeneration())) {
      this.#generation = sourceMapGeneration();
      this.#location = userLocation(stackFrames(this.#error.stack ?? ''));
    }
    return this.#location;
  }
}

// No node:url here: the engine also runs in browsers.
function fileURLToPath(url: string): string {
  return url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
}

/** `at f (file:10:5)`, `at file:10:5` (V8), `f@file:10:5` (Firefox, Safari). */
const FRAME = /\(?((?:file:\/\/|\/|[A-Za-z]:\\|https?:\/\/)[^()\s]*?):(\d+):(\d+)\)?\s*$/;

/** The stack's frames that name a place, innermost first: the first is SourceCapture's own. */
function stackFrames(stack: string): SourceLocation[] {
  const frames: SourceLocation[] = [];
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line.trim());
    if (m) frames.push({ file: m[1]!, line: Number(m[2]), column: Number(m[3]) });
  }
  return frames;
}

/** The engine's own files: the folder provenance.ts (or its compiled .js) is in, and everything under it. */
function folderOf(file: string): string {
  return file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

function isLibrary(file: string, engineFolder: string): boolean {
  return file.startsWith(engineFolder) || file.includes('/node_modules/');
}

function userLocation(frames: readonly SourceLocation[]): SourceLocation | null | typeof UNKNOWN_LOCATION {
  const own = frames[0];
  if (own === undefined) return null;
  // Unbundled (or mapped by Node's --enable-source-maps), the capture runs in provenance's own file.
  if (/[\\/]provenance\.[cm]?[jt]s$/.test(own.file)) {
    const engineFolder = folderOf(fileURLToPath(own.file));
    for (const frame of frames.slice(1)) {
      const file = fileURLToPath(frame.file);
      if (!isLibrary(file, engineFolder)) return { ...frame, file };
    }
    return null;
  }
  return mappedUserLocation(frames);
}

/** Bundled: every frame goes through its script's source map; a frame without one makes the place unknown. */
function mappedUserLocation(frames: readonly SourceLocation[]): SourceLocation | null | typeof UNKNOWN_LOCATION {
  const original = (frame: SourceLocation) => sourceMapOf(frame.file)?.originalPosition(frame.line, frame.column);
  const own = original(frames[0]!);
  if (own === undefined) return UNKNOWN_LOCATION;
  const engineFolder = folderOf(fileURLToPath(own.file));
  for (const frame of frames.slice(1)) {
    if (sourceMapOf(frame.file) === undefined) return UNKNOWN_LOCATION;
    const place = original(frame);
    // Code the bundler wrote itself maps nowhere: not the user's.
    if (place === undefined) continue;
    const file = fileURLToPath(place.file);
    if (!isLibrary(file, engineFolder)) return { ...place, file };
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
