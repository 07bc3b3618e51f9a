import { intArgument } from '../errors.js';
import { type Tensor, tensorArgument } from '../tensor.js';
import { Module } from './module.js';
import { keywords } from './repr.js';

/** `nn.Flatten(start_dim=1, end_dim=-1)`: keeps the batch dim, flattens the rest (a view: ViewBackward0). */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor(startDim = 1, endDim = -1) {
    super();
    this.startDim = intArgument(startDim, 'Flatten()', 'start_dim');
    this.endDim = intArgument(endDim, 'Flatten()', 'end_dim');
  }

  override forward(input: Tensor): Tensor {
    return tensorArgument(input, 'flatten').flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return keywords({ start_dim: this.startDim, end_dim: this.endDim });
  }
}
