import { Node } from '../autograd/node.js';
import { allocate, type DType, scalarTypeName, type Storage } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { gemm, rowMajor, transposed } from '../kernels/gemm.js';
import { fromValues } from './kernels.js';
import { recordOp } from './record.js';
import { contiguousValues } from './strided.js';

export type Pair = readonly [number, number];

export interface Conv2dParams {
  readonly stride: Pair;
  readonly padding: Pair;
  readonly dilation: Pair;
  readonly groups: number;
}

/** Sizes of one batched 2-D convolution, and the helpers that walk its windows. */
class ConvGeometry {
  readonly batch: number;
  readonly inChannels: number;
  readonly height: number;
  readonly width: number;
  readonly outChannels: number;
  readonly kernelH: number;
  readonly kernelW: number;
  readonly outH: number;
  readonly outW: number;
  readonly groups: number;
  /** Rows of the unfolded input per group: input channels of a group times the kernel area. */
  readonly patch: number;
  readonly params: Conv2dParams;
  readonly dtype: DType;

  constructor(inputShape: readonly number[], weightShape: readonly number[], params: Conv2dParams, dtype: DType) {
    this.dtype = dtype;
    [this.batch, this.inChannels, this.height, this.width] = inputShape as [number, number, number, number];
    [this.outChannels, , this.kernelH, this.kernelW] = weightShape as [number, number, number, number];
    this.params = params;
    this.groups = params.groups;
    const { stride, padding, dilation } = params;
    this.outH = Math.floor((this.height + 2 * padding[0] - dilation[0] * (this.kernelH - 1) - 1) / stride[0]) + 1;
    this.outW = Math.floor((this.width + 2 * padding[1] - dilation[1] * (this.kernelW - 1) - 1) / stride[1]) + 1;
    this.patch = (this.inChannels / this.groups) * this.kernelH * this.kernelW;
  }

  get outShape(): number[] {
    return [this.batch, this.outChannels, this.outH, this.outW];
  }

  /**
   * Walks the unfolded input (im2col) of sample `n`, group `g`, one run of output columns at a
   * time: `f(at, from, count, step)` says that unfolded elements `at .. at + count - 1` (in a
   * block whose rows are `rowLength` long) come from input elements `from, from + step, ...`.
   * Positions in the padding are not visited.
   */
  forEachRun(n: number, g: number, rowLength: number, f: (at: number, from: number, count: number, step: number) => void): void {
    const { stride, padding, dilation } = this.params;
    const channels = this.inChannels / this.groups;
    // Output columns whose input column lies inside the input, for each kernel column kj.
    const firstOw = (kj: number) => Math.max(0, Math.ceil((padding[1] - kj * dilation[1]) / stride[1]));
    const endOw = (kj: number) => Math.min(this.outW, Math.floor((this.width - 1 + padding[1] - kj * dilation[1]) / stride[1]) + 1);
    for (let c = 0; c < channels; c++) {
      const plane = (n * this.inChannels + g * channels + c) * this.height * this.width;
      for (let ki = 0; ki < this.kernelH; ki++) {
        for (let kj = 0; kj < this.kernelW; kj++) {
          const row = (c * this.kernelH + ki) * this.kernelW + kj;
          const [first, end] = [firstOw(kj), endOw(kj)];
          if (first >= end) continue;
          for (let oh = 0; oh < this.outH; oh++) {
            const ih = oh * stride[0] - padding[0] + ki * dilation[0];
            if (ih < 0 || ih >= this.height) continue;
            const iw = first * stride[1] - padding[1] + kj * dilation[1];
            f(row * rowLength + oh * this.outW + first, plane + ih * this.width + iw, end - first, stride[1]);
          }
        }
      }
    }
  }

  /**
   * The unfolded input of group `g` for the whole batch: `patch` rows by `batch * outH * outW`
   * columns (sample after sample), zero where padded, so one matrix product covers the batch.
   */
  unfold(input: Storage, g: number): Storage {
    const cols = this.outH * this.outW;
    const rowLength = this.batch * cols;
    const out = allocate(this.dtype, this.patch * rowLength);
    for (let n = 0; n < this.batch; n++) {
      this.forEachRun(n, g, rowLength, (at, from, count, step) => {
        for (let i = 0; i < count; i++) out[n * cols + at + i] = input[from + i * step]!;
      });
    }
    return out;
  }

  /** Adds an unfolded gradient (as `unfold` lays it out) back onto the input positions it came from (col2im). */
  fold(unfolded: Storage, into: Storage, g: number): void {
    const cols = this.outH * this.outW;
    const rowLength = this.batch * cols;
    for (let n = 0; n < this.batch; n++) {
      this.forEachRun(n, g, rowLength, (at, from, count, step) => {
        for (let i = 0; i < count; i++) into[from + i * step]! += unfolded[n * cols + at + i]!;
      });
    }
  }

  /** Channels `o0 .. o0 + channels - 1` of `values` ([batch, outChannels, cols]) as one channels x (batch * cols) block. */
  channelsByBatch(values: Storage, o0: number, channels: number): Storage {
    const cols = this.outH * this.outW;
    const out = allocate(this.dtype, channels * this.batch * cols);
    for (let n = 0; n < this.batch; n++) {
      for (let o = 0; o < channels; o++) {
        const from = (n * this.outChannels + o0 + o) * cols;
        out.set(values.subarray(from, from + cols), (o * this.batch + n) * cols);
      }
    }
    return out;
  }
}

function forward(input: Tensor, weight: Tensor, bias: Tensor | null, geometry: ConvGeometry): Tensor {
  const x = contiguousValues(input);
  const w = contiguousValues(weight);
  const b = bias === null ? null : contiguousValues(bias);
  const { batch, groups, outChannels, patch } = geometry;
  const groupOut = outChannels / groups;
  const cols = geometry.outH * geometry.outW;
  const out = allocate(input.dtype, batch * outChannels * cols);
  const product = allocate(input.dtype, groupOut * batch * cols);
  for (let g = 0; g < groups; g++) {
    gemm(product, 0, rowMajor(w, patch, g * groupOut * patch), rowMajor(geometry.unfold(x, g), batch * cols), groupOut, patch, batch * cols);
    for (let o = 0; o < groupOut; o++) {
      const channel = g * groupOut + o;
      const shift = b === null ? 0 : b[channel]!;
      for (let n = 0; n < batch; n++) {
        const from = (o * batch + n) * cols;
        const to = (n * outChannels + channel) * cols;
        for (let j = 0; j < cols; j++) out[to + j] = product[from + j]! + shift;
      }
    }
  }
  return fromValues(out, geometry.outShape, input.dtype);
}

/** PyTorch's node for every convolution: gradients of input, weight and bias, in that order. */
export class ConvolutionBackward0 extends Node {
  readonly #geometry: ConvGeometry;
  readonly #biasShape: readonly number[];

  constructor(input: Tensor, weight: Tensor, bias: Tensor | null, geometry: ConvGeometry) {
    super();
    this.#geometry = geometry;
    this.#biasShape = bias?.shape ?? [0];
    const { stride, padding, dilation, groups } = geometry.params;
    this.saveInts('bias_sym_sizes_opt', this.#biasShape);
    this.saveInts('dilation', dilation);
    this.saveInt('groups', groups);
    this.saveTensor('input', input);
    this.saveInts('output_padding', [0, 0]);
    this.saveInts('padding', padding);
    this.saveInts('stride', stride);
    this.saveValue('transposed', { type: 'bool', value: false });
    this.saveTensor('weight', weight);
  }

  name(): string {
    return 'ConvolutionBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const input = this.savedTensor('input');
    const weight = this.savedTensor('weight');
    const gy = contiguousValues(grad);
    const geometry = this.#geometry;
    const { batch, groups, outChannels, patch } = geometry;
    const groupOut = outChannels / groups;
    const width = batch * geometry.outH * geometry.outW;
    const [needInput, needWeight, needBias] = [0, 1, 2].map((i) => this.needsInputGrad(i));
    const x = needWeight ? contiguousValues(input) : null;
    const w = needInput ? contiguousValues(weight) : null;
    const gInput = needInput ? allocate(input.dtype, input.numel()) : null;
    const gWeight = needWeight ? allocate(weight.dtype, weight.numel()) : null;
    for (let g = 0; g < groups; g++) {
      // The group's output gradient as groupOut x (batch * cols), the layout of the forward product.
      const gyBlock = rowMajor(geometry.channelsByBatch(gy, g * groupOut, groupOut), width);
      if (gInput !== null) {
        const unfolded = allocate(input.dtype, patch * width);
        // The group's weight block, transposed: patch x groupOut.
        const weightT = transposed(rowMajor(w!, patch, g * groupOut * patch));
        gemm(unfolded, 0, weightT, gyBlock, patch, groupOut, width);
        geometry.fold(unfolded, gInput, g);
      }
      if (gWeight !== null) {
        const unfoldedT = transposed(rowMajor(geometry.unfold(x!, g), width));
        gemm(gWeight, g * groupOut * patch, gyBlock, unfoldedT, groupOut, width, patch);
      }
    }
    const biasSums = needBias ? biasGradient(gy, batch, outChannels, geometry.outH * geometry.outW) : null;
    return [
      gInput && fromValues(gInput, input.shape, input.dtype),
      gWeight && fromValues(gWeight, weight.shape, weight.dtype),
      biasSums && fromValues(inDType(biasSums, grad.dtype), this.#biasShape, grad.dtype),
    ];
  }
}

/** Sums made in float64, stored in `dtype`. */
function inDType(values: Float64Array, dtype: DType): Storage {
  const out = allocate(dtype, values.length);
  out.set(values);
  return out;
}

function biasGradient(gy: ArrayLike<number>, batch: number, channels: number, cols: number): Float64Array {
  const out = new Float64Array(channels);
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < channels; o++) {
      const start = (n * channels + o) * cols;
      for (let j = 0; j < cols; j++) out[o]! += gy[start + j]!;
    }
  }
  return out;
}

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** The C++ type names PyTorch's convolution checks print. */
const C_TYPE_NAMES: Record<DType, string> = { float32: 'float', float64: 'double', int64: 'long int', bool: 'bool' };

/** PyTorch's `check_shape_forward`, with its messages. */
function checkShapes(input: Tensor, weight: Tensor, bias: Tensor | null, params: Conv2dParams): void {
  const { stride, padding, dilation, groups } = params;
  if (bias !== null && bias.dtype !== input.dtype) {
    throw new RuntimeError(`Input type (${C_TYPE_NAMES[input.dtype]}) and bias type (${C_TYPE_NAMES[bias.dtype]}) should be the same`);
  }
  if (padding.some((p) => p < 0)) throw new RuntimeError('negative padding is not supported');
  if (stride.some((s) => s <= 0)) throw new RuntimeError('non-positive stride is not supported');
  if (weight.ndim !== input.ndim) {
    throw new RuntimeError(
      `Expected ${weight.ndim}-dimensional input for ${weight.ndim}-dimensional weight ${shapeText(weight.shape)}, but got ${input.ndim}-dimensional input of size ${shapeText(input.shape)} instead`,
    );
  }
  const [outChannels, groupChannels, kh, kw] = weight.shape as [number, number, number, number];
  if (outChannels < groups || outChannels % groups !== 0) {
    throw new RuntimeError(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size ${shapeText(weight.shape)} instead`);
  }
  if (input.shape[1] !== groupChannels * groups) {
    throw new RuntimeError(
      `Given groups=${groups}, weight of size ${shapeText(weight.shape)}, expected input${shapeText(input.shape)} to have ${groupChannels * groups} channels, but got ${input.shape[1]} channels instead`,
    );
  }
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== outChannels)) {
    throw new RuntimeError(
      `Given weight of size ${shapeText(weight.shape)}, expected bias to be 1-dimensional with ${outChannels} elements, but got bias of size ${shapeText(bias.shape)} instead`,
    );
  }
  const padded = [input.shape[2]! + 2 * padding[0], input.shape[3]! + 2 * padding[1]];
  const kernel = [dilation[0] * (kh - 1) + 1, dilation[1] * (kw - 1) + 1];
  if (padded[0]! < kernel[0]! || padded[1]! < kernel[1]!) {
    throw new RuntimeError(
      `Calculated padded input size per channel: (${padded.join(' x ')}). Kernel size: (${kernel.join(' x ')}). Kernel size can't be greater than actual input size`,
    );
  }
  if (weight.dtype !== input.dtype) {
    throw new RuntimeError(`expected scalar type ${scalarTypeName(input.dtype)} but found ${scalarTypeName(weight.dtype)}`);
  }
}

/**
 * `torch.convolution` for a batched 2-D input `[N, C, H, W]` (PyTorch's ConvolutionBackward0).
 * `bias` null means no bias: its `next_functions` entry is then `(None, 0)`.
 */
export function convolution2d(input: Tensor, weight: Tensor, bias: Tensor | null, params: Conv2dParams): Tensor {
  checkShapes(input, weight, bias, params);
  const geometry = new ConvGeometry(input.shape, weight.shape, params, input.dtype);
  const out = forward(input, weight, bias, geometry);
  return recordOp('conv2d', [input, weight, bias], out, () => new ConvolutionBackward0(input, weight, bias, geometry));
}
