/**
 * `torch.nn.functional`, in camelCase: `F.relu`, `F.linear`, `F.conv2d`, `F.maxPool2d`,
 * `F.dropout`, `F.mseLoss`, `F.binaryCrossEntropy`, `F.nllLoss`, `F.crossEntropy`, ...
 * Each builds the graph PyTorch 1.13 builds for the same call.
 */
import { zeros } from '../creation.js';
import { allocate, castValue, isFloatingPoint, scalarTypeName } from '../dtype.js';
import { RuntimeError, ValueError, readOptions } from '../errors.js';
import { addmm } from '../ops/addmm.js';
import { embedding as embeddingOp } from '../ops/embedding.js';
import { type GeluApproximate, gelu as geluOp } from '../ops/gelu.js';
import { layerNorm as layerNormOp } from '../ops/layer-norm.js';
import { binaryCrossEntropy as binaryCrossEntropyOp } from '../ops/binary-cross-entropy.js';
import { convolution2d } from '../ops/convolution.js';
import { fromValues } from '../ops/kernels.js';
import type { Reduction } from '../ops/loss-reduction.js';
import { maxPool2dWithIndices } from '../ops/max-pool.js';
import { mseLoss as mseLossOp } from '../ops/mse-loss.js';
import { nllLoss as nllLossOp } from '../ops/nll-loss.js';
import { withCallerSource, withoutProvenance } from '../provenance.js';
import { rand } from '../random/index.js';
import { broadcastShapes, sameShape, torchSize } from '../shape.js';
import { Tensor, tensorArgument } from '../tensor.js';
import { warn } from '../warnings.js';
import { type IntOrPair, pair } from './pair.js';
import { crossEntropyWithProbabilities } from './probability-targets.js';

export type { Reduction };

const tensorArg = tensorArgument;

/** `_Reduction.get_enum`'s check. */
function checkReduction(reduction: unknown): Reduction {
  if (reduction === 'none' || reduction === 'mean' || reduction === 'sum') return reduction;
  throw new ValueError(`${String(reduction)} is not a valid value for reduction`);
}

// ---- activations -----------------------------------------------------------------------------

export const relu = (input: Tensor): Tensor => tensorArg(input, 'relu').relu();
export const sigmoid = (input: Tensor): Tensor => tensorArg(input, 'sigmoid').sigmoid();
export const tanh = (input: Tensor): Tensor => tensorArg(input, 'tanh').tanh();
export const softmax = (input: Tensor, dim: number): Tensor => tensorArg(input, 'softmax').softmax(dim);
export const logSoftmax = (input: Tensor, dim: number): Tensor => tensorArg(input, 'logSoftmax').logSoftmax(dim);

/** `F.gelu(input, approximate='none' | 'tanh')` (GeluBackward0). */
export const gelu = (input: Tensor, options: { approximate?: GeluApproximate } = {}): Tensor => geluOp(tensorArg(input, 'gelu'), options.approximate ?? 'none');

// ---- normalization and embedding ---------------------------------------------------------------

/** `F.layer_norm(input, normalized_shape, weight, bias, eps)` (NativeLayerNormBackward0). */
export function layerNorm(input: Tensor, normalizedShape: readonly number[], options: { weight?: Tensor | null; bias?: Tensor | null; eps?: number } = {}): Tensor {
  return layerNormOp(tensorArg(input, 'layerNorm'), normalizedShape, options.weight ?? null, options.bias ?? null, options.eps ?? 1e-5);
}

/** `F.embedding(input, weight, padding_idx)`: rows of weight at int64 indices (EmbeddingBackward0). */
export function embedding(input: Tensor, weight: Tensor, options: { paddingIdx?: number | null } = {}): Tensor {
  tensorArg(input, 'embedding');
  tensorArg(weight, 'embedding', 'weight');
  const rows = weight.shape[0] ?? 0;
  let paddingIdx = options.paddingIdx ?? -1;
  if (options.paddingIdx != null) {
    if (paddingIdx >= rows || paddingIdx < -rows) throw new ValueError('Padding_idx must be within num_embeddings');
    if (paddingIdx < 0) paddingIdx += rows;
  }
  return embeddingOp(input, weight, paddingIdx);
}

// ---- linear ----------------------------------------------------------------------------------

/** `F.linear(input, weight, bias)`: `input @ weight.T + bias`, with the nodes PyTorch 1.13 makes for each input rank. */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  tensorArg(input, 'linear');
  const weightT = tensorArg(weight, 'linear', 'weight').t();
  if (bias !== null && input.ndim === 2) return addmm(bias, input, weightT);
  if (bias !== null && input.ndim === 3 && input.isContiguous()) {
    const [batch, rows, k] = input.shape as [number, number, number];
    const out = addmm(bias, input.view(batch * rows, k), weightT);
    return out.view(batch, rows, out.shape[1]!);
  }
  // PyTorch adds the bias in place (`output.add_(bias)`): AddBackward0 either way.
  const product = input.matmul(weightT);
  return bias === null ? product : product.add(bias);
}

// ---- dropout ---------------------------------------------------------------------------------

/**
 * `F.dropout(input, p, training)`: zeroes each element with probability p and scales the rest by
 * 1/(1-p). The mask is PyTorch's: one float64 uniform per element (its `bernoulli_`), so the same
 * seed drops the same elements. Outside training (or with p = 0) the input itself comes back.
 */
export function dropout(input: Tensor, p = 0.5, training = true): Tensor {
  tensorArg(input, 'dropout');
  if (!(p >= 0 && p <= 1)) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (p === 0 || !training || input.numel() === 0) return input;
  if (p === 1) return input.mul(zeros([], { dtype: input.dtype }));
  const keep = 1 - p;
  // bernoulli_(1 - p), then div_(1 - p), in the input's dtype.
  const scale = castValue(1 / castValue(keep, input.dtype), input.dtype);
  // The draws are internal: no line of the user's to record for them.
  const uniforms = withoutProvenance(() => rand([...input.shape], { dtype: 'float64' }))._storage;
  const noise = allocate(input.dtype, uniforms.length);
  for (let i = 0; i < noise.length; i++) noise[i] = uniforms[i]! < keep ? scale : 0;
  return input.mul(fromValues(noise, input.shape, input.dtype));
}

// ---- convolution and pooling -----------------------------------------------------------------

export interface Conv2dOptions {
  stride?: IntOrPair;
  padding?: IntOrPair;
  dilation?: IntOrPair;
  groups?: number;
}

/** `F.conv2d(input, weight, bias, stride, padding, dilation, groups)` on `[N, C, H, W]` or unbatched `[C, H, W]`. */
export function conv2d(input: Tensor, weight: Tensor, bias: Tensor | null = null, options: Conv2dOptions = {}): Tensor {
  readOptions(options, 'conv2d()', ['stride', 'padding', 'dilation', 'groups'], '{ padding: 1 }');
  tensorArg(input, 'conv2d');
  tensorArg(weight, 'conv2d', 'weight');
  const { stride = 1, padding = 0, dilation = 1, groups = 1 } = options;
  if (input.ndim !== 3 && input.ndim !== 4) {
    throw new RuntimeError(`Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [${input.shape.join(', ')}]`);
  }
  const params = { stride: pair(stride, 'stride'), padding: pair(padding, 'padding'), dilation: pair(dilation, 'dilation'), groups };
  if (input.ndim === 4) return convolution2d(input, weight, bias, params);
  return convolution2d(input.unsqueeze(0), weight, bias, params).squeeze(0);
}

export const MAX_POOL_OPTIONS: readonly string[] = ['stride', 'padding', 'dilation', 'ceilMode'];

export interface MaxPool2dOptions {
  /** Defaults to the kernel size. */
  stride?: IntOrPair;
  padding?: IntOrPair;
  dilation?: IntOrPair;
  ceilMode?: boolean;
}

/** `F.max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode)` (MaxPool2DWithIndicesBackward0). */
export function maxPool2d(input: Tensor, kernelSize: IntOrPair, options: MaxPool2dOptions = {}): Tensor {
  readOptions(options, 'maxPool2d()', MAX_POOL_OPTIONS, '{ stride: 2 }');
  tensorArg(input, 'maxPool2d');
  const { stride, padding = 0, dilation = 1, ceilMode = false } = options;
  return maxPool2dWithIndices(input, {
    kernelSize: pair(kernelSize, 'kernelSize'),
    // PyTorch passes an omitted stride on as an empty list, and saves it so.
    stride: stride === undefined ? [] : pair(stride, 'stride'),
    padding: pair(padding, 'padding'),
    dilation: pair(dilation, 'dilation'),
    ceilMode,
  }).output;
}

// ---- losses ----------------------------------------------------------------------------------

/** `F.mse_loss`: broadcasts input and target (with PyTorch's warning when their sizes differ). */
export function mseLoss(input: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  readOptions(options, 'mseLoss()', ['reduction'], "{ reduction: 'sum' }");
  tensorArg(input, 'mseLoss');
  tensorArg(target, 'mseLoss', 'target');
  const reduction = checkReduction(options.reduction ?? 'mean');
  if (sameShape(input.shape, target.shape)) return mseLossOp(input, target, reduction);
  warn(
    `Using a target size (${torchSize(target.shape)}) that is different to the input size (${torchSize(input.shape)}). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`,
  );
  // torch.broadcast_tensors: only the operands whose shape differs are expanded.
  const shape = broadcastShapes(input.shape, target.shape);
  const fit = (t: Tensor) => (sameShape(t.shape, shape) ? t : t.expand(shape));
  return mseLossOp(fit(input), fit(target), reduction);
}

/** `F.binary_cross_entropy(input, target, weight, reduction)` on probabilities (after a sigmoid). */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: { weight?: Tensor | null; reduction?: Reduction } = {}): Tensor {
  readOptions(options, 'binaryCrossEntropy()', ['weight', 'reduction'], "{ reduction: 'sum' }");
  tensorArg(input, 'binaryCrossEntropy');
  tensorArg(target, 'binaryCrossEntropy', 'target');
  const reduction = checkReduction(options.reduction ?? 'mean');
  if (!sameShape(input.shape, target.shape)) {
    throw new ValueError(
      `Using a target size (${torchSize(target.shape)}) that is different to the input size (${torchSize(input.shape)}) is deprecated. Please ensure they have the same size.`,
    );
  }
  const weight = options.weight ?? null;
  const expanded = weight === null ? null : weight.expand(broadcastShapes(target.shape, weight.shape));
  return binaryCrossEntropyOp(input, target, expanded, reduction);
}

export const CLASS_LOSS_OPTIONS: readonly string[] = ['weight', 'ignoreIndex', 'reduction'];

export interface NllLossOptions {
  weight?: Tensor | null;
  /** Rows whose target is this class contribute nothing (default -100). */
  ignoreIndex?: number;
  reduction?: Reduction;
}

/** `F.nll_loss(input, target, ...)`: input `[N, C]` of log-probabilities and int64 class indices `[N]`, or `[C]` and a 0-dim target. */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  readOptions(options, 'nllLoss()', CLASS_LOSS_OPTIONS, "{ reduction: 'sum' }");
  tensorArg(input, 'nllLoss');
  tensorArg(target, 'nllLoss', 'target');
  const reduction = checkReduction(options.reduction ?? 'mean');
  // nll_loss_nd's checks come first, with its ValueErrors.
  if (input.ndim < 1) throw new ValueError(`Expected 1 or more dimensions (got ${input.ndim})`);
  if (input.ndim !== 1 && input.shape[0] !== (target.shape[0] ?? 0)) {
    throw new ValueError(`Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0] ?? 0}).`);
  }
  if (input.ndim > 2) {
    throw new RuntimeError(
      `gradviz: nll_loss on inputs of more than 2 dimensions (PyTorch's NllLoss2dBackward0) is not supported; got input of size [${input.shape.join(', ')}]; reshape it to [N, C]`,
    );
  }
  return nllLossOp(input, target, { weight: options.weight ?? null, reduction, ignoreIndex: options.ignoreIndex ?? -100 });
}

/**
 * `F.cross_entropy(input, target, ...)`: `log_softmax` over the class dim, then `nll_loss`
 * (LogSoftmaxBackward0, NllLossBackward0). A float target shaped like the input holds class
 * probabilities instead of class indices, as in PyTorch.
 */
export function crossEntropy(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  // Several ops, one line of the user's: captured once.
  return withCallerSource(crossEntropy, () => crossEntropyOf(input, target, options));
}

function crossEntropyOf(input: Tensor, target: Tensor, options: NllLossOptions): Tensor {
  readOptions(options, 'crossEntropy()', CLASS_LOSS_OPTIONS, "{ reduction: 'sum' }");
  tensorArg(input, 'crossEntropy');
  tensorArg(target, 'crossEntropy', 'target');
  const reduction = checkReduction(options.reduction ?? 'mean');
  const classDim = input.ndim === 1 ? 0 : 1;
  if (sameShape(input.shape, target.shape)) {
    if (!isFloatingPoint(target.dtype)) {
      throw new RuntimeError(`Expected floating point type for target with class probabilities, got ${scalarTypeName(target.dtype)}`);
    }
    if ((options.ignoreIndex ?? -100) >= 0) throw new RuntimeError('ignore_index is not supported for floating point target');
    return crossEntropyWithProbabilities(input, target, options.weight ?? null, reduction, classDim);
  }
  return nllLoss(input.logSoftmax(classDim), target, { ...options, reduction });
}

export { multiHeadAttentionForward, type MultiHeadAttentionOptions } from './attention-forward.js';
