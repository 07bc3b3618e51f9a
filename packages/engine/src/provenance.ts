import type { DType } from './dtype.js';
import { fileUrlToPath, originalLocation, sourceMapGeneration, sourceMapOf } from './source-map.js';
import type { Tensor } from './tensor.js';

/** Where a line of user code made something. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A line of a bundled program that no loaded source map names: better unknown than a line of the bundle. */
export const UNKNOWN_LOCATION = 'unknown';

/** Frames kept by a full capture: enough to get out of nested modules and ops to the user's line. */
const STACK_FRAMES = 24;

/** `at f (file:10:5)`, `at file:10:5` (V8), `f@file:10:5` (Firefox, Safari). */
const FRAME = /\(?((?:file:\/\/|\/|[A-Za-z]:\\|https?:\/\/)[^()\s]*?):(\d+):(\d+)\)?\s*$/;
const OWN_FILE = /[\\/]provenance\.[cm]?[jt]s$/;

function folderOf(file: string): string {
  return file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** The engine's folder when it runs as its own files (sources, or compiled one for one); undefined in a bundle. */
const unbundledEngineFolder = ((url: string | undefined) => (url !== undefined && OWN_FILE.test(url) ? folderOf(fileUrlToPath(url)) : undefined))(
  (import.meta as { url?: string }).url,
);

type Capturable = { captureStackTrace?(target: object, above?: object): void; stackTraceLimit?: number };

/**
 * A captured call stack, read only when asked: V8 formats `Error.stack` lazily,
 * so capturing costs a few microseconds and parsing happens at snapshot time.
 */
export class SourceCapture {
  readonly #stack: { stack?: string } = {};
  /** Whether the stack starts at the user's call of an engine function rather than in this file. */
  readonly #trimmed: boolean;
  #location: SourceLocation | null | typeof UNKNOWN_LOCATION | undefined;
  /** The source maps known when #location was worked out: a map loaded since may name it. */
  #generation = -1;

  /**
   * `above`: the engine function the user called; unbundled in V8, its frame and those above it are
   * not kept, so two frames suffice (cheap). Elsewhere the whole stack is kept and walked.
   */
  constructor(above?: (...args: never[]) => unknown) {
    const errors = Error as Capturable;
    const limit = errors.stackTraceLimit;
    this.#trimmed = unbundledEngineFolder !== undefined && errors.captureStackTrace !== undefined;
    errors.stackTraceLimit = this.#trimmed && above !== undefined ? 2 : STACK_FRAMES;
    if (this.#trimmed) errors.captureStackTrace!(this.#stack, above ?? SourceCapture);
    else this.#stack.stack = new Error().stack;
    errors.stackTraceLimit = limit;
  }

  /** The first frame outside the engine: the user's line; UNKNOWN_LOCATION when only a source map not loaded could tell. */
  get location(): SourceLocation | null | typeof UNKNOWN_LOCATION {
    if (this.#location === undefined || (this.#location === UNKNOWN_LOCATION && this.#generation !== sourceMapGeneration())) {
      this.#generation = sourceMapGeneration();
      const frames = stackFrames(this.#stack.stack ?? '');
      this.#location = this.#trimmed ? firstUserFrame(frames, unbundledEngineFolder!) : userLocation(frames);
    }
    return this.#location;
  }
}

/** The stack's frames that name a place, innermost first. */
function stackFrames(stack: string): SourceLocation[] {
  const frames: SourceLocation[] = [];
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line.trim());
    if (m) frames.push({ file: m[1]!, line: Number(m[2]), column: Number(m[3]) });
  }
  return frames;
}

function isLibrary(file: string, engineFolder: string): boolean {
  return file.startsWith(engineFolder) || file.includes('/node_modules/');
}

/** The first frame not in the engine or a library, mapped through its file's source map when it has one. */
function firstUserFrame(frames: readonly SourceLocation[], engineFolder: string): SourceLocation | null {
  for (const frame of frames) {
    const file = fileUrlToPath(frame.file);
    if (!isLibrary(file, engineFolder)) return originalLocation({ ...frame, file });
  }
  return null;
}

/** A whole stack: its first frame is this file's own, as run or mapped by Node's --enable-source-maps; else the program is bundled. */
function userLocation(frames: readonly SourceLocation[]): SourceLocation | null | typeof UNKNOWN_LOCATION {
  const own = frames[0];
  if (own === undefined) return null;
  if (OWN_FILE.test(own.file)) return firstUserFrame(frames.slice(1), folderOf(fileUrlToPath(own.file)));
  return mappedUserLocation(frames);
}

/** Bundled: every frame goes through its script's source map; a frame without one makes the place unknown. */
function mappedUserLocation(frames: readonly SourceLocation[]): SourceLocation | null | typeof UNKNOWN_LOCATION {
  const original = (frame: SourceLocation) => sourceMapOf(frame.file)?.originalPosition(frame.line, frame.column);
  const own = original(frames[0]!);
  if (own === undefined) return UNKNOWN_LOCATION;
  const engineFolder = folderOf(fileUrlToPath(own.file));
  for (const frame of frames.slice(1)) {
    if (sourceMapOf(frame.file) === undefined) return UNKNOWN_LOCATION;
    const place = original(frame);
    // Code the bundler wrote itself maps nowhere: not the user's.
    if (place === undefined) continue;
    const file = fileUrlToPath(place.file);
    if (!isLibrary(file, engineFolder)) return { ...place, file };
  }
  return null;
}

/** Which tensors record the line that made them. */
export type SourceCaptureMode = 'off' | 'cuts' | 'all';

let captureMode: SourceCaptureMode = 'all';
let recordingSuspended = 0;

/**
 * 'all' (default): every op's node, and where chains break: creations, `detach()`, dtype copies,
 * `requiresGrad_()`, work under `noGrad`, in-place changes, `backward()` calls. An engine
 * module's forward (Linear, Sequential, ...) or `F.crossEntropy` is captured once, for all its ops.
 * 'cuts': only where chains break; 'off': nothing.
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

/** The user's line now; `above` is the engine function the user called, when known (fewer frames to capture). */
export function captureSource(kind: 'cut' | 'op', above?: (...args: never[]) => unknown): SourceCapture | undefined {
  if (recordingSuspended > 0 || captureMode === 'off' || (kind === 'op' && captureMode !== 'all')) return undefined;
  return new SourceCapture(above);
}

/** A value that holds while a function runs (the module call, the backward call): set on entry, restored on exit. */
class Scoped<V> {
  constructor(public current: V) {}

  run<T>(value: V, fn: () => T): T {
    const outer = this.current;
    this.current = value;
    try {
      return fn();
    } finally {
      this.current = outer;
    }
  }
}

/**
 * Inside an engine call made of several ops (a module's forward, `F.crossEntropy`) every op comes
 * from the same user line, the one that called it: captured once, on entry. Null outside any.
 */
const sharedOpSource = new Scoped<{ readonly capture: SourceCapture | undefined } | null>(null);

/**
 * Runs `fn`, the body of the engine function `calledAs`: its ops share the line that called
 * `calledAs` (two frames captured: cheap). A call made inside another keeps the outer one's line.
 */
export function withCallerSource<T>(calledAs: (...args: never[]) => unknown, fn: () => T): T {
  if (sharedOpSource.current !== null) return fn();
  return sharedOpSource.run({ capture: captureSource('op', calledAs) }, fn);
}

/** Runs user code called from inside an engine call (a user module in a Sequential): its ops have lines of their own. */
export function withOwnOpSources<T>(fn: () => T): T {
  return sharedOpSource.run(null, fn);
}

/** The user's line for an op's node. */
export function opSource(): SourceCapture | undefined {
  const shared = sharedOpSource.current;
  return shared === null ? captureSource('op') : shared.capture;
}

/** One `backward()` call: its line, and whether it kept the graph. */
export interface BackwardCall {
  readonly source: SourceCapture | undefined;
  readonly retainGraph: boolean;
}

const currentBackward = new Scoped<BackwardCall | null>(null);

/** Runs a `backward()` call, so what it frees and accumulates can say which call it was. */
export function withBackwardCall<T>(call: BackwardCall, fn: () => T): T {
  return currentBackward.run(call, fn);
}

export function currentBackwardCall(): BackwardCall | null {
  return currentBackward.current;
}

/** The last in-place change of a storage (its version counter's), for the diagnosis to name. */
export interface InPlaceChange {
  readonly op: string;
  readonly source: SourceCapture | undefined;
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
  /** `data`: made by `.data`, not `detach()`. */
  | { readonly kind: 'detach'; readonly of: WeakRef<Tensor>; readonly data?: boolean }
  /** `method`: the call that made the copy, as written (`to`, `float`, `double`). */
  | { readonly kind: 'dtypeCopy'; readonly of: WeakRef<Tensor>; readonly from: DType; readonly to: DType; readonly method: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'internal' };

/** How values leave the graph as plain JS values: `numpy()`, `tolist()`, `item()`, or `tensor()` of tensors. */
export type ValuesExit = 'numpy' | 'tolist' | 'item' | 'tensor';

/** A tensor that needed a gradient and whose value reached this one through a cut. */
export interface CutSource {
  readonly tensor: WeakRef<Tensor>;
  /**
   * `values`: its values were copied out (`tolist()`, `item()`, `tensor()` of tensors) and made
   * into a new tensor; `nonDifferentiable`: an op with no gradient (argmax, a comparison, an
   * integral copy) took it in.
   */
  readonly cut: 'detach' | 'noGrad' | 'values' | 'nonDifferentiable';
  /** For a `values` cut: the call that took the values out; for a `detach` cut, `data` when it was `.data`. */
  readonly via?: ValuesExit | 'data';
  /** For a `nonDifferentiable` cut: the op. */
  readonly op?: string;
  /** The tensor made at the cut: the `detach()` result, or the op result made under `noGrad`. */
  readonly at: Tensor;
  /**
   * For a tensor made by an op (`relu(x).detach()`, often held by nothing once cut): what the
   * diagnosis needs of it after it is gone, taken at the cut — the leaves behind it held weakly.
   */
  readonly described?: CutTensor;
}

/** A cut-off tensor described without holding it (nor its graph). */
export interface CutTensor {
  readonly gradFn: string;
  readonly op: string | undefined;
  /** The line that made it (its node's). */
  readonly source: SourceCapture | undefined;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly leaves: readonly WeakRef<Tensor>[];
}

/** Keeps provenance bounded: a long loop of cuts must not keep its whole history alive. */
export const MAX_CUT_SOURCES = 16;

/** Several inputs' cut sources, each tensor once (one gone is kept while it is described), at most MAX_CUT_SOURCES. */
export function mergeCutSources(lists: Iterable<readonly CutSource[]>): readonly CutSource[] {
  const out: CutSource[] = [];
  for (const list of lists) {
    for (const source of list) {
      if (out.length >= MAX_CUT_SOURCES) return out;
      const tensor = source.tensor.deref();
      const known = tensor !== undefined ? out.some((s) => s.tensor.deref() === tensor) : source.described === undefined || out.some((s) => s.described === source.described);
      if (!known) out.push(source);
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
const currentCall = new Scoped<ModuleCall | null>(null);
let callsStarted = 0;

export function currentModuleCall(): ModuleCall | null {
  return currentCall.current;
}

export function currentModulePath(): string | undefined {
  return currentCall.current?.path;
}

/** Runs `fn` as a call of `module`, named `name` by the module running now. */
export function withModuleCall<T>(name: string, module: CalledModule, fn: () => T): T {
  const parent = currentCall.current;
  return currentCall.run({ order: callsStarted++, path: parent === null ? name : `${parent.path}.${name}`, module, parent }, fn);
}
