/** `F.gelu(x, approximate)`: x Φ(x), or its tanh approximation (GeluBackward0, saving `approximate` and `self`). */
import { Node } from '../autograd/node.js';
import { isFloatingPoint, scalarTypeName } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { map, zip } from './kernels.js';
import { recordOp } from './record.js';

export type GeluApproximate = 'none' | 'tanh';

/** erf(x) to float64 precision: the series 2/√π e^{-x²} Σ (2x²)^n x / (1·3···(2n+1)), all terms positive. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  if (Math.abs(x) >= 6) return Math.sign(x);
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x2) * sum;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

function geluValue(x: number, approximate: GeluApproximate): number {
  if (approximate === 'tanh') return 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
  return 0.5 * x * (1 + erf(x / Math.SQRT2));
}

function geluDerivative(x: number, approximate: GeluApproximate): number {
  if (approximate === 'tanh') {
    const inner = SQRT_2_OVER_PI * (x + 0.044715 * x * x * x);
    const t = Math.tanh(inner);
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x);
  }
  return 0.5 * (1 + erf(x / Math.SQRT2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

class GeluBackward0 extends Node {
  readonly #approximate: GeluApproximate;

  constructor(self: Tensor, approximate: GeluApproximate) {
    super();
    this.#approximate = approximate;
    this.saveValue('approximate', { type: 'string', value: approximate });
    this.saveTensor('self', self);
  }

  name(): string {
    return 'GeluBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const approximate = this.#approximate;
    return [zip(grad, this.savedTensor('self'), grad.dtype, (g, x) => g * geluDerivative(x, approximate))];
  }
}

export function gelu(t: Tensor, approximate: GeluApproximate = 'none'): Tensor {
  if (approximate !== 'none' && approximate !== 'tanh') throw new RuntimeError(`approximate argument must be either none or tanh.`);
  if (!isFloatingPoint(t.dtype)) throw new RuntimeError(`"GeluKernelImpl" not implemented for '${scalarTypeName(t.dtype)}'`);
  return recordOp('gelu', [t], map(t, t.dtype, (x) => geluValue(x, approximate)), () => new GeluBackward0(t, approximate));
}
