import { Node } from '../autograd/node.js';
import { allocate, isFloatingPoint, scalarTypeName } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';
import { recordOp } from './record.js';
import { contiguousValues, forEachLine } from './strided.js';

/** Softmax or log-softmax along `dim`, computed stably (the line's max subtracted first). */
function softmaxValues(t: Tensor, dim: number, log: boolean): Tensor {
  if (!isFloatingPoint(t.dtype)) {
    const kernel = `${log ? 'log_' : ''}softmax${dim === t.ndim - 1 ? '_lastdim' : ''}_kernel_impl`;
    throw new RuntimeError(`"${kernel}" not implemented for '${scalarTypeName(t.dtype)}'`);
  }
  const x = contiguousValues(t);
  const dtype = t.dtype;
  const out = allocate(dtype, x.length);
  forEachLine(t.shape, dim, (start, stride, length) => {
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < length; k++) max = Math.max(max, x[start + k * stride]!);
    let total = 0;
    for (let k = 0; k < length; k++) total += Math.exp(x[start + k * stride]! - max);
    const logTotal = Math.log(total);
    for (let k = 0; k < length; k++) {
      const shifted = x[start + k * stride]! - max;
      out[start + k * stride] = log ? shifted - logTotal : Math.exp(shifted) / total;
    }
  });
  return fromValues(out, t.shape, dtype);
}

class SoftmaxFamilyBackward extends Node {
  readonly #log: boolean;
  readonly #dim: number;

  constructor(log: boolean, given: number, dim: number, result: Tensor) {
    super();
    this.#log = log;
    this.#dim = dim;
    this.saveInt('dim', given);
    this.saveOutput('result', result);
  }

  name(): string {
    return this.#log ? 'LogSoftmaxBackward0' : 'SoftmaxBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const y = contiguousValues(this.savedTensor('result'));
    const g = contiguousValues(grad);
    const out = allocate(grad.dtype, g.length);
    forEachLine(grad.shape, this.#dim, (start, stride, length) => {
      let dot = 0;
      for (let k = 0; k < length; k++) {
        const i = start + k * stride;
        dot += this.#log ? g[i]! : g[i]! * y[i]!;
      }
      for (let k = 0; k < length; k++) {
        const i = start + k * stride;
        // log-softmax: g - exp(y) * sum(g); softmax: (g - sum(g * y)) * y.
        out[i] = this.#log ? g[i]! - Math.exp(y[i]!) * dot : (g[i]! - dot) * y[i]!;
      }
    });
    return [fromValues(out, grad.shape, grad.dtype)];
  }
}

export function softmax(t: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, t.ndim);
  return recordOp('softmax', [t], softmaxValues(t, d, false), (result) => new SoftmaxFamilyBackward(false, dim, d, result));
}

export function logSoftmax(t: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, t.ndim);
  return recordOp('logSoftmax', [t], softmaxValues(t, d, true), (result) => new SoftmaxFamilyBackward(true, dim, d, result));
}
