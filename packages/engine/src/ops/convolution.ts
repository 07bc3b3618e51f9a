import { Node } from '../autograd/node.js';
import { allocate, type DType, scalarTypeName } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { gemmInto, rowMajor, transposed } from './gemm.js';
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

  constructor(inputShape: readonly number[], weightShape: readonly number[], params: Conv2dParams) {
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
   * Calls `f(row, col, index)` for every element of the unfolded input (im2col) of sample `n`,
   * group `g` that lies inside the input: `index` is its position in the input's values.
   */
  forEachPatchElement(n: number, g: number, f: (row: number, col: number, index: number) => void): void {
    const { stride, padding, dilation } = this.params;
    const channels = this.inChannels / this.groups;
    for (let c = 0; c < channels; c++) {
      const plane = (n * this.inChannels + g * channels + c) * this.height * this.width;
      for (let ki = 0; ki < this.kernelH; ki++) {
        for (let kj = 0; kj < this.kernelW; kj++) {
          const row = (c * this.kernelH + ki) * this.kernelW + kj;
          for (let oh = 0; oh < this.outH; oh++) {
            const ih = oh * stride[0] - padding[0] + ki * dilation[0];
            if (ih < 0 || ih >= this.height) continue;
            for (let ow = 0; ow < this.outW; ow++) {
              const iw = ow * stride[1] - padding[1] + kj * dilation[1];
              if (iw >= 0 && iw < this.width) f(row, oh * this.outW + ow, plane + ih * this.width + iw);
            }
          }
        }
      }
    }
  }

  /** The unfolded input of sample `n`, group `g`: `patch` rows by `outH * outW` columns, zero where padded. */
  unfold(input: ArrayLike<number>, n: number, g: number): Float64Array {
    const cols = this.outH * this.outW;
    const out = new Float64Array(this.patch * cols);
    this.forEachPatchElement(n, g, (row, col, index) => {
      out[row * cols + col] = input[index]!;
    });
    return out;
  }

  /** Adds unfolded values back onto the input positions they came from (col2im). */
  fold(unfolded: Float64Array, into: Float64Array, n: number, g: number): void {
    const cols = this.outH * this.outW;
    this.forEachPatchElement(n, g, (row, col, index) => {
      into[index]! += unfolded[row * cols + col]!;
    });
  }
}

function toDType(values: Float64Array, shape: readonly number[], like: Tensor): Tensor {
  const out = allocate(like.dtype, values.length);
  out.set(values);
  return fromValues(out, shape, like.dtype);
}

function forward(input: Tensor, weight: Tensor, bias: Tensor | null, geometry: ConvGeometry): Tensor {
  const x = contiguousValues(input);
  const w = contiguousValues(weight);
  const b = bias === null ? null : contiguousValues(bias);
  const { batch, groups, outChannels, patch } = geometry;
  const groupOut = outChannels / groups;
  const cols = geometry.outH * geometry.outW;
  const out = new Float64Array(batch * outChannels * cols);
  for (let n = 0; n < batch; n++) {
    for (let g = 0; g < groups; g++) {
      const unfolded = geometry.unfold(x, n, g);
      const offset = (n * outChannels + g * groupOut) * cols;
      gemmInto(out, offset, rowMajor(w, patch, g * groupOut * patch), rowMajor(unfolded, cols), groupOut, patch, cols);
    }
    if (b !== null) {
      for (let o = 0; o < outChannels; o++) {
        const start = (n * outChannels + o) * cols;
        for (let j = 0; j < cols; j++) out[start + j]! += b[o]!;
      }
    }
  }
  return toDType(out, geometry.outShape, input);
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
    const cols = geometry.outH * geometry.outW;
    const [needInput, needWeight, needBias] = [0, 1, 2].map((i) => this.needsInputGrad(i));
    const x = needWeight ? contiguousValues(input) : null;
    const w = needInput ? contiguousValues(weight) : null;
    const gInput = needInput ? new Float64Array(input.numel()) : null;
    const gWeight = needWeight ? new Float64Array(weight.numel()) : null;
    for (let n = 0; n < batch; n++) {
      for (let g = 0; g < groups; g++) {
        const gyOffset = (n * outChannels + g * groupOut) * cols;
        if (gInput !== null) {
          const unfolded = new Float64Array(patch * cols);
          // The group's weight block, transposed: patch x groupOut.
          const weightT = transposed(rowMajor(w!, patch, g * groupOut * patch));
          gemmInto(unfolded, 0, weightT, rowMajor(gy, cols, gyOffset), patch, groupOut, cols);
          geometry.fold(unfolded, gInput, n, g);
        }
        if (gWeight !== null) {
          const unfoldedT = transposed(rowMajor(geometry.unfold(x!, n, g), cols));
          gemmInto(gWeight, g * groupOut * patch, rowMajor(gy, cols, gyOffset), unfoldedT, groupOut, cols, patch);
        }
      }
    }
    return [
      gInput && toDType(gInput, input.shape, input),
      gWeight && toDType(gWeight, weight.shape, weight),
      needBias ? toDType(biasGradient(gy, batch, outChannels, cols), this.#biasShape, grad) : null,
    ];
  }
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
  const geometry = new ConvGeometry(input.shape, weight.shape, params);
  const out = forward(input, weight, bias, geometry);
  return recordOp('conv2d', [input, weight, bias], out, () => new ConvolutionBackward0(input, weight, bias, geometry));
}
