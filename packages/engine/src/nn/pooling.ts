import type { Tensor } from '../tensor.js';
import { argumentTypeError, readOptions } from '../errors.js';
import { MAX_POOL_OPTIONS, maxPool2d } from './functional.js';
import { Module } from './module.js';
import { type IntOrPair, pair } from './pair.js';
import { keywords } from './repr.js';

export interface MaxPool2dOptions {
  /** Defaults to the kernel size. */
  stride?: IntOrPair;
  padding?: IntOrPair;
  dilation?: IntOrPair;
  ceilMode?: boolean;
}

/** `nn.MaxPool2d(kernel_size, stride, padding, dilation, ceil_mode)` (MaxPool2DWithIndicesBackward0). */
export class MaxPool2d extends Module {
  readonly kernelSize: IntOrPair;
  readonly stride: IntOrPair;
  readonly padding: IntOrPair;
  readonly dilation: IntOrPair;
  readonly ceilMode: boolean;

  constructor(kernelSize: IntOrPair, options: MaxPool2dOptions = {}) {
    super();
    readOptions(options, 'MaxPool2d()', MAX_POOL_OPTIONS, '{ stride: 2 }');
    // Checked here, kept as given: the description shows them as they were written.
    for (const [name, value] of Object.entries({ kernelSize, stride: options.stride ?? kernelSize, padding: options.padding ?? 0, dilation: options.dilation ?? 1 })) pair(value, name);
    if (options.ceilMode !== undefined && typeof options.ceilMode !== 'boolean') throw argumentTypeError('MaxPool2d()', 'ceilMode', 'bool', options.ceilMode);
    this.kernelSize = kernelSize;
    // Unlike F.maxPool2d, the module passes its stride on explicitly (and so it is saved as given).
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    this.ceilMode = options.ceilMode ?? false;
  }

  override forward(input: Tensor): Tensor {
    return maxPool2d(input, this.kernelSize, { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode });
  }

  override extraRepr(): string {
    return keywords({ kernel_size: this.kernelSize, stride: this.stride, padding: this.padding, dilation: this.dilation, ceil_mode: this.ceilMode });
  }
}
