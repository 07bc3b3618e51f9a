import type { Tensor } from '../tensor.js';
import { Module } from './module.js';
import { keywords } from './repr.js';

/** `nn.Flatten(start_dim=1, end_dim=-1)`: keeps the batch dim, flattens the rest (a view: ViewBackward0). */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor(startDim = 1, endDim = -1) {
    super();
    this.startDim = startDim;
    this.endDim = endDim;
  }

  override forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return keywords({ start_dim: this.startDim, end_dim: this.endDim });
  }
}
