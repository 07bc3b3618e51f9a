import { allocate } from '../dtype.js';
import { ValueError, readOptions } from '../errors.js';
import { adamMoments, adamStep } from '../kernels/optim.js';
import { contiguousValues } from '../ops/strided.js';
import type { Tensor } from '../tensor.js';
import { Optimizer, type ParamGroup, type ParamsArgument, rounding, valuesOf, writeParam, zerosLikeParam } from './optimizer.js';

export interface AdamOptions {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

export interface AdamState {
  /** Steps taken so far. */
  step: number;
  /** Running mean of the gradient. */
  expAvg: Tensor;
  /** Running mean of the squared gradient. */
  expAvgSq: Tensor;
  /** With amsgrad: the largest `expAvgSq` seen. */
  maxExpAvgSq?: Tensor;
}

/**
 * `torch.optim.Adam` of PyTorch 1.13 (`_single_tensor_adam`): moving averages m and v of the
 * gradient and its square, bias-corrected, then `p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)`.
 * Each step rounds as PyTorch's in-place ops do.
 */
export class Adam extends Optimizer<AdamOptions, AdamState> {
  /** AdamW's decay: the parameter shrinks by `lr * weightDecay` before the step, instead of decay added to the gradient. */
  protected get decoupledWeightDecay(): boolean {
    return false;
  }

  constructor(params: ParamsArgument<AdamOptions>, options: Partial<AdamOptions> = {}, defaultWeightDecay = 0) {
    readOptions(options, `${new.target.name}()`, ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize'], '{ lr: 0.001 }');
    const defaults: AdamOptions = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: defaultWeightDecay, amsgrad: false, maximize: false, ...options };
    const [beta1, beta2] = defaults.betas;
    if (!(defaults.lr >= 0)) throw new ValueError(`Invalid learning rate: ${defaults.lr}`);
    if (!(defaults.eps >= 0)) throw new ValueError(`Invalid epsilon value: ${defaults.eps}`);
    if (!(beta1 >= 0 && beta1 < 1)) throw new ValueError(`Invalid beta parameter at index 0: ${beta1}`);
    if (!(beta2 >= 0 && beta2 < 1)) throw new ValueError(`Invalid beta parameter at index 1: ${beta2}`);
    if (!(defaults.weightDecay >= 0)) throw new ValueError(`Invalid weight_decay value: ${defaults.weightDecay}`);
    super(params, defaults);
  }

  protected update(param: Tensor, grad: Tensor, group: ParamGroup<AdamOptions>): void {
    const { lr, betas, eps, weightDecay, amsgrad, maximize } = group;
    const [beta1, beta2] = betas;
    const r = rounding(param.dtype);
    const state = this.#stateOf(param, amsgrad);
    state.step += 1;
    // Python numbers enter PyTorch's float32 kernels rounded to float32.
    const [b1, b2, keep1, keep2, decay, epsilon] = [beta1, beta2, 1 - beta1, 1 - beta2, weightDecay, eps].map(r) as number[];
    let p = contiguousValues(param);
    const g = valuesOf(grad);
    if (maximize) for (let i = 0; i < g.length; i++) g[i] = -g[i]!;
    if (this.decoupledWeightDecay) {
      // param.mul_(1 - lr * weight_decay), its own in-place op (and version bump) in PyTorch.
      const scale = r(1 - lr * weightDecay);
      const shrunk = p.slice();
      for (let i = 0; i < shrunk.length; i++) shrunk[i] = r(shrunk[i]! * scale);
      writeParam(param, shrunk);
      p = shrunk;
    } else if (weightDecay !== 0) for (let i = 0; i < g.length; i++) g[i] = r(g[i]! + p[i]! * decay!);
    const m = state.expAvg._storage;
    const v = state.expAvgSq._storage;
    adamMoments(m, v, g, b1!, keep1!, b2!, keep2!, param.dtype === 'float32');
    const stepSize = r(-lr / (1 - beta1 ** state.step));
    const correction2Sqrt = r(Math.sqrt(1 - beta2 ** state.step));
    const vMax = state.maxExpAvgSq?._storage;
    if (vMax) for (let i = 0; i < v.length; i++) vMax[i] = Math.max(vMax[i]!, v[i]!);
    const second = vMax ?? v;
    const next = allocate(param.dtype, p.length);
    adamStep(next, p, m, second, stepSize, correction2Sqrt, epsilon!, param.dtype === 'float32');
    for (const buffer of [state.expAvg, state.expAvgSq, state.maxExpAvgSq]) if (buffer) buffer._version.value++;
    writeParam(param, next);
  }

  #stateOf(param: Tensor, amsgrad: boolean): AdamState {
    let state = this.state.get(param);
    if (state === undefined) {
      state = { step: 0, expAvg: zerosLikeParam(param), expAvgSq: zerosLikeParam(param), ...(amsgrad ? { maxExpAvgSq: zerosLikeParam(param) } : {}) };
      this.state.set(param, state);
    }
    return state;
  }
}

/**
 * `torch.optim.AdamW` of PyTorch 1.13 (`_single_tensor_adamw`): Adam with decoupled weight decay
 * (default 1e-2): `p *= 1 - lr * weight_decay`, then Adam's step without decay in the gradient.
 */
export class AdamW extends Adam {
  protected override get decoupledWeightDecay(): boolean {
    return true;
  }

  constructor(params: ParamsArgument<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, options, 1e-2);
  }
}
