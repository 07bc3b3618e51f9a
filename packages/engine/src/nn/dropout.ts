import { ValueError, argumentTypeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { dropout } from './functional.js';
import { Module } from './module.js';
import { keywords } from './repr.js';

/** `nn.Dropout(p)`: drops elements with probability p while training; after `eval()` it passes the input through. */
export class Dropout extends Module {
  readonly p: number;

  constructor(p = 0.5) {
    super();
    if (typeof p !== 'number') throw argumentTypeError('Dropout()', 'p', 'float', p);
    if (!(p >= 0 && p <= 1)) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
    this.p = p;
  }

  override forward(input: Tensor): Tensor {
    return dropout(input, this.p, this.training);
  }

  override extraRepr(): string {
    return keywords({ p: this.p, inplace: false });
  }
}
