import { Node } from '../autograd/node.js';
import type { BinaryOp, UnaryOp } from '../kernels/elementwise.js';
import type { Tensor } from '../tensor.js';
import { binary, floatResultType, map, unary } from './kernels.js';
import { OverwriteBackward } from './inplace.js';
import { recordOp } from './record.js';

/** The kernel op that makes the input's gradient from the incoming gradient and the saved tensor. */
type Derivative = BinaryOp;

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
    return [binary(this.#derivative, grad, this.savedTensor(this.#savedName), grad.dtype)];
  }
}

function unaryOp(
  op: string,
  node: string,
  input: Tensor,
  f: UnaryOp,
  savedName: 'self' | 'result',
  derivative: Derivative,
  dtype = floatResultType(input),
): Tensor {
  const out = unary(f, input, dtype);
  return recordOp(op, [input], out, (result) =>
    new UnaryBackward(node, savedName, savedName === 'result' ? result : input, derivative),
  );
}

export function exp(t: Tensor): Tensor {
  return unaryOp('exp', 'ExpBackward0', t, 'exp', 'result', 'mul');
}

export function log(t: Tensor): Tensor {
  return unaryOp('log', 'LogBackward0', t, 'log', 'self', 'div');
}

export function sqrt(t: Tensor): Tensor {
  return unaryOp('sqrt', 'SqrtBackward0', t, 'sqrt', 'result', 'sqrtBackward');
}

export function abs(t: Tensor): Tensor {
  return unaryOp('abs', 'AbsBackward0', t, 'abs', 'self', 'absBackward', t.dtype);
}

export function relu(t: Tensor): Tensor {
  // threshold_backward zeroes the gradient where the result is <= 0.
  return unaryOp('relu', 'ReluBackward0', t, 'relu', 'result', 'reluBackward', t.dtype);
}

export function sigmoid(t: Tensor): Tensor {
  return unaryOp('sigmoid', 'SigmoidBackward0', t, 'sigmoid', 'result', 'sigmoidBackward');
}

export function tanh(t: Tensor): Tensor {
  return unaryOp('tanh', 'TanhBackward0', t, 'tanh', 'result', 'tanhBackward');
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
