import type { Tensor } from '../tensor.js';
import { relu, sigmoid, tanh } from './functional.js';
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
