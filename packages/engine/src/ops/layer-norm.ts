/** `F.layer_norm`: normalizes over the last dims, then weight and bias (NativeLayerNormBackward0). */
import { Node } from '../autograd/node.js';
import { allocate, type Storage } from '../dtype.js';
import { RuntimeError, describeValue } from '../errors.js';
import { numel, type Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';
import { connectNode, markWithoutGraph, needsGraph } from './record.js';
import { contiguousValues } from './strided.js';

class NativeLayerNormBackward0 extends Node {
  readonly #width: number;

  constructor(input: Tensor, normalizedShape: Shape, weight: Tensor | null, bias: Tensor | null, mean: Tensor, rstd: Tensor) {
    super();
    this.#width = numel(normalizedShape);
    if (bias === null) this.saveNone('bias');
    else this.saveTensor('bias', bias);
    this.saveTensor('input', input);
    this.saveInts('normalized_shape', normalizedShape);
    this.saveOutput('result1', mean);
    this.saveOutput('result2', rstd);
    if (weight === null) this.saveNone('weight');
    else this.saveTensor('weight', weight);
  }

  name(): string {
    return 'NativeLayerNormBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const width = this.#width;
    const x = contiguousValues(this.savedTensor('input'));
    const mean = contiguousValues(this.savedTensor('result1'));
    const rstd = contiguousValues(this.savedTensor('result2'));
    const saved = this.saved;
    const w = saved.weight ? contiguousValues(saved.weight as Tensor) : null;
    const g = contiguousValues(grad);
    const rows = g.length / Math.max(width, 1);
    const dx = allocate(grad.dtype, g.length);
    const dw = new Float64Array(width);
    const db = new Float64Array(width);
    for (let r = 0; r < rows; r++) {
      let meanGw = 0;
      let meanGwXhat = 0;
      for (let j = 0; j < width; j++) {
        const i = r * width + j;
        const xhat = (x[i]! - mean[r]!) * rstd[r]!;
        const gw = g[i]! * (w ? w[j]! : 1);
        meanGw += gw;
        meanGwXhat += gw * xhat;
        dw[j]! += g[i]! * xhat;
        db[j]! += g[i]!;
      }
      meanGw /= width;
      meanGwXhat /= width;
      for (let j = 0; j < width; j++) {
        const i = r * width + j;
        const xhat = (x[i]! - mean[r]!) * rstd[r]!;
        dx[i] = rstd[r]! * (g[i]! * (w ? w[j]! : 1) - meanGw - xhat * meanGwXhat);
      }
    }
    const paramGrad = (values: Float64Array, shape: Shape) => fromValues(convert(values, grad.dtype), shape, grad.dtype);
    const shape = this.inputMetadata[1]?.shape ?? this.inputMetadata[2]?.shape ?? [width];
    return [
      this.needsInputGrad(0) ? fromValues(dx, grad.shape, grad.dtype) : null,
      this.needsInputGrad(1) ? paramGrad(dw, shape) : null,
      this.needsInputGrad(2) ? paramGrad(db, shape) : null,
    ];
  }
}

function convert(values: Float64Array, dtype: Tensor['dtype']): Storage {
  const out = allocate(dtype, values.length);
  out.set(values);
  return out;
}

/** `F.layer_norm(input, normalized_shape, weight, bias, eps)`: (x - mean) / sqrt(var + eps) over the last dims, biased variance. */
export function layerNorm(input: Tensor, normalizedShape: readonly number[], weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5): Tensor {
  if (!Array.isArray(normalizedShape) || normalizedShape.some((d) => typeof d !== 'number' || !Number.isInteger(d))) {
    throw new TypeError(`layerNorm(): normalizedShape must be an array of sizes such as [32], got ${describeValue(normalizedShape)}`);
  }
  const k = normalizedShape.length;
  const tail = input.shape.slice(input.ndim - k);
  if (k === 0 || input.ndim < k || tail.some((d, i) => d !== normalizedShape[i])) {
    throw new RuntimeError(
      `Given normalized_shape=[${normalizedShape.join(', ')}], expected input with shape [*, ${normalizedShape.join(', ')}], but got input of size[${input.shape.join(', ')}]`,
    );
  }
  for (const [name, p] of [['weight', weight], ['bias', bias]] as const) {
    if (p !== null && (p.ndim !== k || p.shape.some((d, i) => d !== normalizedShape[i]))) {
      throw new RuntimeError(`Expected ${name} to be of same shape as normalized_shape, but got ${name} of shape [${p.shape.join(', ')}] and normalized_shape = [${normalizedShape.join(', ')}]`);
    }
  }
  const width = numel(normalizedShape);
  const x = contiguousValues(input);
  const rows = x.length / Math.max(width, 1);
  const w = weight ? contiguousValues(weight) : null;
  const b = bias ? contiguousValues(bias) : null;
  const out = allocate(input.dtype, x.length);
  const means = allocate(input.dtype, rows);
  const rstds = allocate(input.dtype, rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < width; j++) sum += x[r * width + j]!;
    const mean = sum / width;
    let squares = 0;
    for (let j = 0; j < width; j++) squares += (x[r * width + j]! - mean) ** 2;
    const rstd = 1 / Math.sqrt(squares / width + eps);
    means[r] = mean;
    rstds[r] = rstd;
    for (let j = 0; j < width; j++) {
      const i = r * width + j;
      out[i] = (x[i]! - mean) * rstd * (w ? w[j]! : 1) + (b ? b[j]! : 0);
    }
  }
  const statsShape = [...input.shape.slice(0, input.ndim - k), ...normalizedShape.map(() => 1)];
  const result = fromValues(out, input.shape, input.dtype);
  const inputs = [input, weight, bias];
  if (needsGraph(inputs)) {
    const [mean, rstd] = [fromValues(means, statsShape, input.dtype), fromValues(rstds, statsShape, input.dtype)];
    connectNode(new NativeLayerNormBackward0(input, normalizedShape, weight, bias, mean, rstd), inputs, result, 'layer_norm');
  } else markWithoutGraph('layer_norm', inputs, result);
  return result;
}
