import type { Tensor } from '../tensor.js';
import { gelu, relu, sigmoid, tanh } from './functional.js';
import { Module } from './module.js';

/** `nn.ReLU()`: max(x, 0) element-wise (ReluBackward0). */
export class ReLU extends Module {
  override forward(input: Tensor): Tensor {
    return relu(input);
  }
}

/** `nn.Sigmoid()`: 1 / (1 + exp(-x)) element-wise (SigmoidBackward0). */
export class Sigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return sigmoid(input);
  }
}

/** `nn.Tanh()` (TanhBackward0). */
export class Tanh extends Module {
  override forward(input: Tensor): Tensor {
    return tanh(input);
  }
}

/** `nn.GELU(approximate='none' | 'tanh')` (GeluBackward0). */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';

  constructor(options: { approximate?: 'none' | 'tanh' } = {}) {
    super();
    this.approximate = options.approximate ?? 'none';
  }

  override forward(input: Tensor): Tensor {
    return gelu(input, { approximate: this.approximate });
  }

  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}
