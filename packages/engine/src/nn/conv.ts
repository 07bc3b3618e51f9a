import type { DType } from '../dtype.js';
import { ValueError, intArgument, readOptions } from '../errors.js';
import type { Pair } from '../ops/convolution.js';
import type { Tensor } from '../tensor.js';
import { conv2d } from './functional.js';
import { Module } from './module.js';
import { type IntOrPair, pair } from './pair.js';
import { emptyParameter, type Parameter } from './parameter.js';
import { resetParameters } from './reset-parameters.js';
import { keywords, pyRepr } from './repr.js';

export interface Conv2dOptions {
  stride?: IntOrPair;
  padding?: IntOrPair;
  dilation?: IntOrPair;
  groups?: number;
  bias?: boolean;
  dtype?: DType;
}

/**
 * `nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias)`:
 * weight `[out, in / groups, kH, kW]`, bias `[out]`, initialized as PyTorch does
 * (ConvolutionBackward0, whose inputs are the input, the weight and the bias).
 */
export class Conv2d extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly dilation: Pair;
  readonly groups: number;
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  constructor(inChannels: number, outChannels: number, kernelSize: IntOrPair, options: Conv2dOptions = {}) {
    super();
    readOptions(options, 'Conv2d()', ['stride', 'padding', 'dilation', 'groups', 'bias', 'dtype'], '{ padding: 1 }');
    const { stride = 1, padding = 0, dilation = 1, groups = 1, bias = true, dtype } = options;
    intArgument(inChannels, 'Conv2d()', 'in_channels');
    intArgument(outChannels, 'Conv2d()', 'out_channels');
    if (!Number.isInteger(groups) || groups <= 0) throw new ValueError('groups must be a positive integer');
    if (inChannels % groups !== 0) throw new ValueError('in_channels must be divisible by groups');
    if (outChannels % groups !== 0) throw new ValueError('out_channels must be divisible by groups');
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = pair(kernelSize, 'kernelSize');
    this.stride = pair(stride, 'stride');
    this.padding = pair(padding, 'padding');
    this.dilation = pair(dilation, 'dilation');
    this.groups = groups;
    this.weight = this.registerParameter('weight', emptyParameter([outChannels, inChannels / groups, ...this.kernelSize], dtype, 'Conv2d'));
    this.bias = this.registerParameter('bias', bias ? emptyParameter([outChannels], dtype, 'Conv2d') : null);
    resetParameters(this.weight, this.bias);
  }

  override forward(input: Tensor): Tensor {
    return conv2d(input, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }

  /** As PyTorch writes it: only the settings that differ from their defaults after the stride. */
  override extraRepr(): string {
    const parts = [`${this.inChannels}, ${this.outChannels}`, keywords({ kernel_size: this.kernelSize, stride: this.stride })];
    if (this.padding.some((p) => p !== 0)) parts.push(`padding=${pyRepr(this.padding)}`);
    if (this.dilation.some((d) => d !== 1)) parts.push(`dilation=${pyRepr(this.dilation)}`);
    if (this.groups !== 1) parts.push(`groups=${this.groups}`);
    if (this.bias === null) parts.push('bias=False');
    return parts.join(', ');
  }
}
