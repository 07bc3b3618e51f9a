/**
 * `torch.nn.init`: in-place initializations that draw from the random module exactly as
 * PyTorch 1.13 does, so `manualSeed(s)` then a layer gives PyTorch's weights for the same seed.
 */
import { noGrad } from '../autograd/grad-mode.js';
import { ValueError } from '../errors.js';
import { normal_ as fillNormal, uniform_ as fillUniform } from '../random/index.js';
import type { Tensor } from '../tensor.js';
import { warn } from '../warnings.js';

export type Nonlinearity = 'linear' | 'conv2d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu';

/** `calculate_gain(nonlinearity, param)`. */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear':
    case 'conv2d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5.0 / 3;
    case 'relu':
      return Math.sqrt(2.0);
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      return Math.sqrt(2.0 / (1 + slope ** 2));
    }
    default:
      throw new ValueError(`Unsupported nonlinearity ${String(nonlinearity)}`);
  }
}

/** `_calculate_fan_in_and_fan_out`: inputs and outputs per unit, times the kernel's area. */
export function calculateFanInAndFanOut(t: Tensor): { fanIn: number; fanOut: number } {
  if (t.ndim < 2) throw new ValueError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  const receptiveField = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: t.shape[1]! * receptiveField, fanOut: t.shape[0]! * receptiveField };
}

/** `init.uniform_(tensor, a, b)`: runs without recording, as PyTorch's init functions do. */
export function uniform_(t: Tensor, a = 0, b = 1): Tensor {
  return noGrad(() => fillUniform(t, a, b));
}

/** `init.kaiming_uniform_(tensor, a, mode, nonlinearity)`: U(-bound, bound) with bound = gain * sqrt(3 / fan). */
export function kaimingUniform_(
  t: Tensor,
  options: { a?: number; mode?: 'fan_in' | 'fan_out'; nonlinearity?: Nonlinearity } = {},
): Tensor {
  const { a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu' } = options;
  if (t.shape.includes(0)) {
    warn('Initializing zero-element tensors is a no-op');
    return t;
  }
  const fans = calculateFanInAndFanOut(t);
  const fan = mode === 'fan_in' ? fans.fanIn : fans.fanOut;
  // Same operations in the same order as PyTorch, so the bound is the same double.
  const std = calculateGain(nonlinearity, a) / Math.sqrt(fan);
  const bound = Math.sqrt(3.0) * std;
  return uniform_(t, -bound, bound);
}


/** `init.normal_(tensor, mean, std)`, without recording. */
export function normal_(t: Tensor, mean = 0, std = 1): Tensor {
  return noGrad(() => fillNormal(t, mean, std));
}

/** `init.constant_(tensor, value)`, without recording. */
export function constant_(t: Tensor, value: number): Tensor {
  return noGrad(() => t.fill_(value));
}

/** `init.xavier_uniform_(tensor, gain)`: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)). */
export function xavierUniform_(t: Tensor, gain = 1): Tensor {
  const { fanIn, fanOut } = calculateFanInAndFanOut(t);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(t, -a, a);
}
