import { Node } from '../autograd/node.js';
import { allocate, type DType, releaseStorage, scalarTypeName, type Storage } from '../dtype.js';
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
   * Between the input and its unfolded form for group `g` (im2col): `patch` rows by
   * `batch * outH * outW` columns, sample after sample, so one matrix product covers the batch.
   * Copies input elements into `unfolded` (its padded positions stay as they are: zero), or with
   * `fold` adds `unfolded` back onto the input positions its elements came from (col2im).
   */
  #im2col(input: Storage, unfolded: Storage, g: number, fold: boolean): void {
    const { stride, padding, dilation } = this.params;
    const [sh, sw] = stride;
    const channels = this.inChannels / this.groups;
    const cols = this.outH * this.outW;
    const rowLength = this.batch * cols;
    const { height, width, outH, outW, kernelH, kernelW } = this;
    for (let kj = 0; kj < kernelW; kj++) {
      // Output columns whose input column lies inside the input.
      const first = Math.max(0, Math.ceil((padding[1] - kj * dilation[1]) / sw));
      const end = Math.min(outW, Math.floor((width - 1 + padding[1] - kj * dilation[1]) / sw) + 1);
      const count = end - first;
      if (count <= 0) continue;
      for (let n = 0; n < this.batch; n++) {
        for (let c = 0; c < channels; c++) {
          const plane = (n * this.inChannels + g * channels + c) * height * width;
          for (let ki = 0; ki < kernelH; ki++) {
            const row = ((c * kernelH + ki) * kernelW + kj) * rowLength + n * cols;
            for (let oh = 0; oh < outH; oh++) {
              const ih = oh * sh - padding[0] + ki * dilation[0];
              if (ih < 0 || ih >= height) continue;
              const at = row + oh * outW + first;
              const from = plane + ih * width + first * sw - padding[1] + kj * dilation[1];
              if (fold) for (let i = 0; i < count; i++) input[from + i * sw]! += unfolded[at + i]!;
              else for (let i = 0; i < count; i++) unfolded[at + i] = input[from + i * sw]!;
            }
          }
        }
      }
    }
  }

  /** The unfolded input of group `g` for the whole batch, zero where padded. */
  unfold(input: Storage, g: number): Storage {
    const out = allocate(this.dtype, this.patch * this.batch * this.outH * this.outW);
    this.#im2col(input, out, g, false);
    return out;
  }

  /** Adds an unfolded gradient (as `unfold` lays it out) back onto the input's positions (col2im). */
  fold(unfolded: Storage, into: Storage, g: number): void {
    this.#im2col(into, unfolded, g, true);
  }

  /** Channels `o0 .. o0 + channels - 1` of `values` ([batch, outChannels, cols]) as one channels x (batch * cols) block. */
  channelsByBatch(values: Storage, o0: number, channels: number): Storage {
    const cols = this.outH * this.outW;
    const out = allocate(this.dtype, channels * this.batch * cols, false);
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
  const out = allocate(input.dtype, batch * outChannels * cols, false);
  const product = allocate(input.dtype, groupOut * batch * cols, false);
  for (let g = 0; g < groups; g++) {
    const unfolded = geometry.unfold(x, g);
    gemm(product, 0, rowMajor(w, patch, g * groupOut * patch), rowMajor(unfolded, batch * cols), groupOut, patch, batch * cols);
    releaseStorage(unfolded);
    for (let o = 0; o < groupOut; o++) {
      const channel = g * groupOut + o;
      for (let n = 0; n < batch; n++) {
        const from = (o * batch + n) * cols;
        out.set(product.subarray(from, from + cols), (n * outChannels + channel) * cols);
      }
    }
  }
  releaseStorage(product);
  if (b !== null) {
    for (let n = 0; n < batch; n++) {
      for (let o = 0; o < outChannels; o++) {
        const start = (n * outChannels + o) * cols;
        const shift = b[o]!;
        for (let j = start; j < start + cols; j++) out[j]! += shift;
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
        const unfolded = allocate(input.dtype, patch * width, false);
        // The group's weight block, transposed: patch x groupOut.
        const weightT = transposed(rowMajor(w!, patch, g * groupOut * patch));
        gemm(unfolded, 0, weightT, gyBlock, patch, groupOut, width);
        geometry.fold(unfolded, gInput, g);
        releaseStorage(unfolded);
      }
      if (gWeight !== null) {
        const unfoldedX = geometry.unfold(x!, g);
        gemm(gWeight, g * groupOut * patch, gyBlock, transposed(rowMajor(unfoldedX, width)), groupOut, width, patch);
        releaseStorage(unfoldedX);
      }
      releaseStorage(gyBlock.values);
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
