import { type Tensor, noGrad, tensor } from '../../src/index.js';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
}

/** A seeded float64 vector generator (mulberry32), so failures reproduce. */
export function seededValues(seed: number): (n: number, low?: number, high?: number) => Float64Array {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n, low = -1, high = 1) => Float64Array.from({ length: n }, () => low + (high - low) * next());
}

/** A float64 leaf that requires grad, with the given shape and values. */
export function leaf64(shape: readonly number[], values: Float64Array): Tensor {
  return tensor(values, { dtype: 'float64' }).reshape([...shape]).detach().requiresGrad_();
}

/**
 * `torch.autograd.gradcheck`: the analytic gradient of `sum(f(inputs) * v)` for a fixed random `v`
 * equals central finite differences, element by element. Returns the worst mismatch for messages.
 */
export function gradcheck(f: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], options: GradcheckOptions = {}): void {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3 } = options;
  const output = f(...inputs);
  const v = tensor(seededValues(7)(output.numel()), { dtype: 'float64' }).reshape([...output.shape]);
  const objective = (out: Tensor) => out.to('float64').mul(v).sum();
  inputs.forEach((t) => {
    t.grad = null;
  });
  objective(output).backward();
  inputs.forEach((input, k) => {
    const analytic = input.grad?.toTypedArray() ?? new Float64Array(input.numel());
    const storage = input._storage;
    const offsets = input.contiguous() === input ? null : 'strided';
    if (offsets) throw new Error('gradcheck inputs must be contiguous');
    for (let i = 0; i < input.numel(); i++) {
      const index = input._offset + i;
      const original = storage[index]!;
      const at = (value: number) => {
        storage[index] = value;
        return noGrad(() => objective(f(...inputs)).item());
      };
      const numeric = (at(original + eps) - at(original - eps)) / (2 * eps);
      storage[index] = original;
      const a = analytic[i]!;
      if (!(Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric))) {
        throw new Error(`gradcheck: input ${k} element ${i}: analytic ${a} vs numeric ${numeric}`);
      }
    }
  });
}
