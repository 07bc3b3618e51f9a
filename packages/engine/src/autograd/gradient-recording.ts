import { type SourceCaptureMode, getSourceCapture, setSourceCapture } from '../provenance.js';
import type { Storage } from '../dtype.js';
import { contiguousValues } from '../ops/strided.js';
import type { Tensor } from '../tensor.js';
import { describeValue } from '../errors.js';
import type { GradientStatsSnapshot } from '../snapshot/schema.js';
import type { Node } from './node.js';

/**
 * What one gradient tensor looked like (the snapshot's statistics). Sums and the maximum cover its
 * finite elements only, so a single NaN does not hide the size of the rest; `nan` and `inf` count the others.
 */
export type GradientStats = GradientStatsSnapshot;

/**
 * The elements in any order (statistics do not depend on it): a transposed or permuted tensor that
 * covers a block of its storage is read in place instead of copied.
 */
function elementsOf(t: Tensor): Storage {
  const dims = t.shape.map((size, d) => [size, t._strides[d]!] as const).filter(([size]) => size > 1).sort((a, b) => a[1] - b[1]);
  let expected = 1;
  for (const [size, stride] of dims) {
    if (stride !== expected) return contiguousValues(t);
    expected *= size;
  }
  return t._storage.subarray(t._offset, t._offset + t.numel());
}

export function gradientStats(grad: Tensor): GradientStats {
  const values = elementsOf(grad);
  const n = values.length;
  let sumSquares = 0;
  let sumAbs = 0;
  let maxAbs = 0;
  let zeros = 0;
  let nan = 0;
  let inf = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(values[i]!);
    // One comparison for the usual finite element; NaN fails every comparison.
    if (a < Infinity) {
      if (a === 0) zeros++;
      sumSquares += a * a;
      sumAbs += a;
      if (a > maxAbs) maxAbs = a;
    } else if (a === Infinity) inf++;
    else nan++;
  }
  const finite = n - nan - inf;
  return { numel: n, norm: Math.sqrt(sumSquares), maxAbs, meanAbs: finite > 0 ? sumAbs / finite : 0, zeros, nan, inf };
}

export function isFiniteStats(stats: GradientStats | null): boolean {
  return stats === null || (stats.nan === 0 && stats.inf === 0);
}

/** What the last backward pass that recorded saw at one node, in PyTorch's hook terms. */
export interface NodeGradients {
  /** Which recorded backward pass this is from (they count up). */
  readonly run: number;
  /** The gradient with respect to each output of the node (what came in); null where none did. */
  readonly gradOutputs: readonly (GradientStats | null)[];
  /** The gradient the node sent along each `nextFunctions` entry; null where it sent none. */
  readonly gradInputs: (GradientStats | null)[];
  /** Set on the node where a non-finite gradient was born: its gradOutputs were finite, these inputs' were not. */
  bornAt?: number[];
}

const recorded = new WeakMap<Node, NodeGradients>();
/** Optimizer steps taken while recording: |Δw| / |w| of each parameter's last one. */
const updateRatios = new WeakMap<Tensor, number>();
let runs = 0;
let scopes = 0;

/** What the last recorded backward pass saw at `node`, if it reached it. */
export function recordedGradients(node: Node): NodeGradients | undefined {
  return recorded.get(node);
}

export function recordedUpdateRatio(param: Tensor): number | undefined {
  return updateRatios.get(param);
}

/** Whether code runs inside `recordGradients(...)`. */
export function isRecordingGradients(): boolean {
  return scopes > 0;
}

/**
 * Runs `fn` recording gradient flow: every backward pass inside it keeps, per edge, the size of
 * the gradient that flowed along it and names the node where a NaN or Inf was born; every op made
 * inside it keeps its line of code (as `setSourceCapture('all')`, the default, does; a program that
 * set 'cuts' gets the lines back inside the scope), so that node's forward line is known, as
 * PyTorch's `detect_anomaly` keeps the forward trace. Optimizer steps inside it record
 * each parameter's update-to-weight ratio. `snapshot()` then writes it all into `gradients`.
 */
export function recordGradients<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new TypeError(`recordGradients(fn): expected a function to run, got ${describeValue(fn)}`);
  const previous: SourceCaptureMode = getSourceCapture();
  if (previous !== 'off') setSourceCapture('all');
  scopes++;
  try {
    const result = fn();
    if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
      throw new TypeError('recordGradients(fn): fn returned a Promise; recording applies to synchronous code only, so pass a function that does not await');
    }
    return result;
  } finally {
    scopes--;
    setSourceCapture(previous);
  }
}

/** One backward pass's recording; the engine calls it only when recording, so it costs nothing otherwise. */
export class BackwardRecorder {
  readonly #run = ++runs;
  #born = false;
  #current: NodeGradients | null = null;
  /** Statistics of the gradients sent this pass: a node fed by one edge receives that very tensor. */
  readonly #sent = new Map<Tensor, GradientStats>();

  #stats(grad: Tensor): GradientStats {
    return this.#sent.get(grad) ?? gradientStats(grad);
  }

  /** A node starts with these gradients for its outputs. */
  begin(node: Node, gradOutputs: readonly (Tensor | null | undefined)[]): void {
    const entry: NodeGradients = {
      run: this.#run,
      gradOutputs: Array.from(gradOutputs, (g) => (g ? this.#stats(g) : null)),
      gradInputs: node.nextFunctions.map(() => null),
    };
    recorded.set(node, entry);
    this.#current = entry;
  }

  /** The node sent `grad` along its `nextFunctions[index]` (after fitting it to the input's shape). */
  edge(index: number, grad: Tensor): void {
    const stats = gradientStats(grad);
    this.#sent.set(grad, stats);
    this.#current!.gradInputs[index] = stats;
  }

  /** The node is done: the first whose inputs' gradients went non-finite from finite outputs' is named. */
  end(): void {
    const entry = this.#current!;
    this.#current = null;
    if (this.#born || !entry.gradOutputs.every(isFiniteStats)) return;
    const bad = entry.gradInputs.flatMap((stats, i) => (isFiniteStats(stats) ? [] : [i]));
    if (bad.length === 0) return;
    entry.bornAt = bad;
    this.#born = true;
  }
}

/** Runs an optimizer's update of `param` and notes |Δw| / |w| (inside `recordGradients`). */
export function recordUpdate(param: Tensor, update: () => void): void {
  const before = Float64Array.from(contiguousValues(param));
  update();
  const after = contiguousValues(param);
  let change = 0;
  let size = 0;
  for (let i = 0; i < before.length; i++) {
    const d = after[i]! - before[i]!;
    change += d * d;
    size += before[i]! * before[i]!;
  }
  if (size > 0) updateRatios.set(param, Math.sqrt(change / size));
}
