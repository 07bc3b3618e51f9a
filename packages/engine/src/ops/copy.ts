import { Node } from '../autograd/node.js';
import { allocate, type DType, isFloatingPoint } from '../dtype.js';
import { captureSource, isRecordingProvenance, mergeCutSources } from '../provenance.js';
import { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';
import { connectNode, markWithoutGraph, needsGraph, newCutSource } from './record.js';
import { contiguousValues, convertValues } from './strided.js';

export class ToCopyBackward0 extends Node {
  readonly #dtype: DType;

  constructor(inputDType: DType) {
    super();
    this.#dtype = inputDType;
  }

  name(): string {
    return 'ToCopyBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [grad.to(this.#dtype)];
  }
}

/**
 * `.to(dtype)`: the same tensor when the dtype already matches (still a leaf), otherwise a copy.
 * On a tensor that requires grad the copy is a non-leaf whose `gradFn` is ToCopyBackward0 — the
 * seed's case: `tensor(float64Values, { requiresGrad: true }).float()`.
 */
export function to(t: Tensor, dtype: DType, method = 'to'): Tensor {
  if (t.dtype === dtype) return t;
  const out = fromValues(convertValues(contiguousValues(t), dtype), t.shape, dtype);
  // An integral or bool copy is not differentiable: PyTorch gives it no grad_fn.
  if (needsGraph([t]) && isFloatingPoint(dtype)) connectNode(new ToCopyBackward0(t.dtype), [t], out, 'to');
  else markWithoutGraph('to', [t], out);
  if (isRecordingProvenance()) {
    out._origin = { kind: 'dtypeCopy', of: new WeakRef(t), from: t.dtype, to: dtype, method };
    out._source = captureSource('cut');
  }
  return out;
}

/**
 * `detach()`: the same storage, out of the graph. `shareVersion: false` gives PyTorch's `.data`,
 * which has a version counter of its own.
 */
export function detach(t: Tensor, options: { shareVersion?: boolean } = {}): Tensor {
  const data = options.shareVersion === false;
  const out = new Tensor(t._storage, t.shape, t.dtype, t._strides, t._offset, data ? undefined : t._version);
  if (isRecordingProvenance()) {
    out._origin = data ? { kind: 'detach', of: new WeakRef(t), data } : { kind: 'detach', of: new WeakRef(t) };
    out._cutSources = t.requiresGrad ? [newCutSource(t, 'detach', out, data ? { via: 'data' } : {})] : mergeCutSources([t._cutSources]);
    out._source = captureSource('cut');
  }
  return out;
}

export class CloneBackward0 extends Node {
  name(): string {
    return 'CloneBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [grad];
  }
}

/** A contiguous copy that stays in the graph. */
export function clone(t: Tensor): Tensor {
  const values = allocate(t.dtype, t.numel(), false);
  values.set(contiguousValues(t));
  const out = fromValues(values, t.shape, t.dtype);
  if (needsGraph([t])) connectNode(new CloneBackward0(), [t], out, 'clone');
  else markWithoutGraph('clone', [t], out);
  return out;
}
