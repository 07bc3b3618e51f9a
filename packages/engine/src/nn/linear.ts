import type { DType } from '../dtype.js';
import { intArgument, readOptions } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { linear } from './functional.js';
import { Module } from './module.js';
import { emptyParameter, type Parameter } from './parameter.js';
import { resetParameters } from './reset-parameters.js';
import { keywords } from './repr.js';

export interface LinearOptions {
  bias?: boolean;
  dtype?: DType;
}

/**
 * `nn.Linear(in_features, out_features, bias)`: `y = x W^T + b`, with W `[out, in]` and b `[out]`
 * initialized as PyTorch does (so `manualSeed` gives PyTorch's values). On a batch of rows it is
 * AddmmBackward0 with TBackward0 on the weight; without bias, MmBackward0.
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly weight: Parameter;
  readonly bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    readOptions(options, 'Linear()', ['bias', 'dtype'], '{ bias: false }');
    const { bias = true, dtype } = options;
    this.inFeatures = intArgument(inFeatures, 'Linear()', 'in_features');
    this.outFeatures = intArgument(outFeatures, 'Linear()', 'out_features');
    this.weight = this.registerParameter('weight', emptyParameter([outFeatures, inFeatures], dtype, 'Linear'));
    this.bias = this.registerParameter('bias', bias ? emptyParameter([outFeatures], dtype, 'Linear') : null);
    resetParameters(this.weight, this.bias);
  }

  override forward(input: Tensor): Tensor {
    return linear(input, this.weight, this.bias);
  }

  override extraRepr(): string {
    return keywords({ in_features: this.inFeatures, out_features: this.outFeatures, bias: this.bias !== null });
  }
}
