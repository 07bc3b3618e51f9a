import { Node } from '../autograd/node.js';
import type { Tensor } from '../tensor.js';
import { floatResultType, map, zip } from './kernels.js';
import { OverwriteBackward } from './inplace.js';
import { recordOp } from './record.js';

type Derivative = (grad: number, saved: number) => number;

/** A unary op whose backward reads one saved tensor: its input (`self`) or its output (`result`). */
class UnaryBackward extends Node {
  readonly #name: string;
  readonly #savedName: 'self' | 'result';
  readonly #derivative: Derivative;

  constructor(name: string, savedName: 'self' | 'result', saved: Tensor, derivative: Derivative) {
    super();
    this.#name = name;
    this.#savedName = savedName;
    this.#derivative = derivative;
    if (savedName === 'result') this.saveOutput('result', saved);
    else this.saveTensor('self', saved);
  }

  name(): string {
    return this.#name;
  }

  apply(grad: Tensor): (Tensor | null)[] {
    return [zip(grad, this.savedTensor(this.#savedName), grad.dtype, this.#derivative)];
  }
}

function unaryOp(
  op: string,
  node: string,
  input: Tensor,
  f: (x: number) => number,
  savedName: 'self' | 'result',
  derivative: Derivative,
  dtype = floatResultType(input),
): Tensor {
  const out = map(input, dtype, f);
  return recordOp(op, [input], out, (result) =>
    new UnaryBackward(node, savedName, savedName === 'result' ? result : input, derivative),
  );
}

export function exp(t: Tensor): Tensor {
  return unaryOp('exp', 'ExpBackward0', t, Math.exp, 'result', (g, r) => g * r);
}

export function log(t: Tensor): Tensor {
  return unaryOp('log', 'LogBackward0', t, Math.log, 'self', (g, x) => g / x);
}

export function sqrt(t: Tensor): Tensor {
  return unaryOp('sqrt', 'SqrtBackward0', t, Math.sqrt, 'result', (g, r) => g / (2 * r));
}

export function abs(t: Tensor): Tensor {
  return unaryOp('abs', 'AbsBackward0', t, Math.abs, 'self', (g, x) => g * Math.sign(x), t.dtype);
}

export function relu(t: Tensor): Tensor {
  // `x < 0 ? 0 : x` keeps NaN (and -0), as PyTorch's clamp does; threshold_backward zeroes where result <= 0.
  return unaryOp('relu', 'ReluBackward0', t, (x) => (x < 0 ? 0 : x), 'result', (g, r) => (r <= 0 ? 0 : g), t.dtype);
}

export function sigmoid(t: Tensor): Tensor {
  return unaryOp('sigmoid', 'SigmoidBackward0', t, (x) => 1 / (1 + Math.exp(-x)), 'result', (g, r) => g * (1 - r) * r);
}

export function tanh(t: Tensor): Tensor {
  return unaryOp('tanh', 'TanhBackward0', t, Math.tanh, 'result', (g, r) => g * (1 - r * r));
}

/** `round()`: to the nearest whole number, halves to even, as PyTorch rounds; its gradient is zero. */
export function round(t: Tensor): Tensor {
  const halfToEven = (x: number) => {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  };
  // A step function: its gradient is zero everywhere it has one (PyTorch saves nothing).
  return recordOp('round', [t], map(t, t.dtype, halfToEven), () => new OverwriteBackward('RoundBackward0'));
}
