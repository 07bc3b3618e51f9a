import { Node } from '../autograd/node.js';
import { allocate, releaseStorage } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import type { Pair } from './convolution.js';
import { fromValues } from './kernels.js';
import { recordOp } from './record.js';
import { contiguousValues } from './strided.js';

export interface MaxPool2dParams {
  readonly kernelSize: Pair;
  /** As the caller gave it: empty means the kernel size (and is saved empty, as PyTorch does). */
  readonly stride: readonly number[];
  readonly padding: Pair;
  readonly dilation: Pair;
  readonly ceilMode: boolean;
}

/** PyTorch's `pooling_output_shape`, with its check on the padding. */
function outputSize(input: number, kernel: number, pad: number, stride: number, dilation: number, ceilMode: boolean): number {
  if (pad > kernel / 2) throw new RuntimeError(`pad should be at most half of kernel size, but got pad=${pad} and kernel_size=${kernel}`);
  let size = Math.floor((input + 2 * pad - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  // With ceil mode the last window must start inside the input or its left padding.
  if (ceilMode && (size - 1) * stride >= input + pad) size--;
  return size;
}

export class MaxPool2DWithIndicesBackward0 extends Node {
  constructor(self: Tensor, indices: Tensor, params: MaxPool2dParams) {
    super();
    this.saveValue('ceil_mode', { type: 'bool', value: params.ceilMode });
    this.saveInts('dilation', params.dilation);
    this.saveInts('kernel_size', params.kernelSize);
    this.saveInts('padding', params.padding);
    this.saveOutput('result1', indices);
    this.saveTensor('self', self);
    this.saveInts('stride', params.stride);
  }

  name(): string {
    return 'MaxPool2DWithIndicesBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const self = this.savedTensor('self');
    const indices = contiguousValues(this.savedTensor('result1'));
    const g = contiguousValues(grad);
    const [height, width] = self.shape.slice(-2) as [number, number];
    const outPlane = grad.shape.at(-1)! * grad.shape.at(-2)!;
    const out = allocate('float64', self.numel()) as Float64Array;
    // Each output element sends its gradient to the input element it took the maximum from.
    for (let i = 0; i < g.length; i++) out[Math.floor(i / outPlane) * height * width + indices[i]!]! += g[i]!;
    const values = allocate(grad.dtype, out.length, false);
    values.set(out);
    releaseStorage(out);
    return [fromValues(values, self.shape, grad.dtype)];
  }
}

/**
 * `torch.max_pool2d_with_indices` on `[C, H, W]` or `[N, C, H, W]`: the maxima and, for each,
 * the flat index of its input element within its `H x W` plane (int64).
 */
export function maxPool2dWithIndices(input: Tensor, params: MaxPool2dParams): { output: Tensor; indices: Tensor } {
  if (input.ndim !== 3 && input.ndim !== 4) throw new RuntimeError('non-empty 3D or 4D (batch mode) tensor expected for input');
  const { kernelSize, padding, dilation, ceilMode } = params;
  const stride = params.stride.length === 0 ? kernelSize : (params.stride as Pair);
  if (stride.some((s) => s === 0)) throw new RuntimeError('stride should not be zero');
  if (kernelSize.some((k) => k <= 0)) {
    throw new RuntimeError(`kernel size should be greater than zero, but got kH: ${kernelSize[0]} kW: ${kernelSize[1]}`);
  }
  if (dilation.some((d) => d <= 0)) {
    throw new RuntimeError(`dilation should be greater than zero, but got dilationH: ${dilation[0]} dilationW: ${dilation[1]}`);
  }
  const [height, width] = input.shape.slice(-2) as [number, number];
  const planes = input.numel() / (height * width);
  const outH = outputSize(height, kernelSize[0], padding[0], stride[0], dilation[0], ceilMode);
  const outW = outputSize(width, kernelSize[1], padding[1], stride[1], dilation[1], ceilMode);
  if (outH < 1 || outW < 1) {
    throw new RuntimeError(
      `Given input size: (${input.shape.at(-3)}x${height}x${width}). Calculated output size: (${input.shape.at(-3)}x${outH}x${outW}). Output size is too small`,
    );
  }
  const x = contiguousValues(input);
  const values = allocate(input.dtype, planes * outH * outW, false);
  const indices = allocate('int64', values.length, false);
  const [kh, kw] = kernelSize;
  const [sh, sw] = stride;
  const [ph, pw] = padding;
  const [dh, dw] = dilation;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const plane = p * height * width;
    for (let oh = 0; oh < outH; oh++) {
      let h0 = oh * sh - ph;
      const h1 = Math.min(h0 + (kh - 1) * dh + 1, height);
      while (h0 < 0) h0 += dh;
      for (let ow = 0; ow < outW; ow++, o++) {
        let w0 = ow * sw - pw;
        const w1 = Math.min(w0 + (kw - 1) * dw + 1, width);
        while (w0 < 0) w0 += dw;
        let best = h0 * width + w0;
        let max = Number.NEGATIVE_INFINITY;
        for (let h = h0; h < h1; h += dh) {
          for (let w = w0; w < w1; w += dw) {
            const value = x[plane + h * width + w]!;
            // NaN wins, as in PyTorch.
            if (value > max || Number.isNaN(value)) {
              max = value;
              best = h * width + w;
            }
          }
        }
        values[o] = max;
        indices[o] = best;
      }
    }
  }
  const shape = [...input.shape.slice(0, -2), outH, outW];
  const indexTensor = fromValues(indices, shape, 'int64');
  const output = recordOp('maxPool2d', [input], fromValues(values, shape, input.dtype), () => new MaxPool2DWithIndicesBackward0(input, indexTensor, params));
  return { output, indices: indexTensor };
}
