import { ValueError, readOptions } from '../errors.js';
import { addScaled, momentumUpdate } from '../kernels/optim.js';
import { contiguousValues } from '../ops/strided.js';
import type { Tensor } from '../tensor.js';
import { Optimizer, type ParamGroup, type ParamsArgument, rounding, valuesOf, writeParam, zerosLikeParam } from './optimizer.js';

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

export interface SGDState {
  /** The running velocity, made from the first gradient (none while momentum is 0). */
  momentumBuffer: Tensor;
}

/**
 * `torch.optim.SGD` of PyTorch 1.13 (`_single_tensor_sgd`): with weight decay `g += wd * p`; with
 * momentum `buf = momentum * buf + (1 - dampening) * g` (the first buf is g itself), and g = buf,
 * or `g + momentum * buf` with Nesterov; then `p -= lr * g`. Each step rounds as PyTorch's does.
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  constructor(params: ParamsArgument<SGDOptions>, options: Partial<SGDOptions> & { lr: number }) {
    readOptions(options, 'SGD()', ['lr', 'momentum', 'dampening', 'weightDecay', 'nesterov', 'maximize'], '{ lr: 0.1, momentum: 0.9 }');
    const defaults: SGDOptions = { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...options };
    if (typeof defaults.lr !== 'number' || defaults.lr < 0) throw new ValueError(`Invalid learning rate: ${defaults.lr}`);
    if (defaults.momentum < 0) throw new ValueError(`Invalid momentum value: ${defaults.momentum}`);
    if (defaults.weightDecay < 0) throw new ValueError(`Invalid weight_decay value: ${defaults.weightDecay}`);
    if (defaults.nesterov && (defaults.momentum <= 0 || defaults.dampening !== 0)) {
      throw new ValueError('Nesterov momentum requires a momentum and zero dampening');
    }
    super(params, defaults);
  }

  protected update(param: Tensor, grad: Tensor, group: ParamGroup<SGDOptions>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    const r = rounding(param.dtype);
    const single = param.dtype === 'float32';
    // Python numbers enter PyTorch's float32 kernels rounded to float32. Every result below is
    // stored into an array of the parameter's dtype, which rounds it as `r` would.
    const [decay, mu, keep, step] = [r(weightDecay), r(momentum), r(1 - dampening), r(-lr)];
    // Updated in place when the parameter is contiguous (one version bump, as `param.add_`).
    const inPlace = param.isContiguous();
    const p = inPlace ? param._storage.subarray(param._offset, param._offset + param.numel()) : valuesOf(param);
    let d = contiguousValues(grad);
    // The gradient's own values are only read; a copy when they are changed on the way.
    if (maximize || weightDecay !== 0 || nesterov) d = d.slice();
    if (maximize) for (let i = 0; i < d.length; i++) d[i] = -d[i]!;
    if (weightDecay !== 0) addScaled(d, p, decay);
    if (momentum !== 0) {
      const state = this.state.get(param);
      let buf: Tensor;
      if (state === undefined) {
        buf = zerosLikeParam(param);
        buf._storage.set(d);
        this.state.set(param, { momentumBuffer: buf });
      } else {
        buf = state.momentumBuffer;
        const b = buf._storage;
        momentumUpdate(b, d, mu, keep, single);
        buf._version.value++;
      }
      const b = buf._storage;
      if (nesterov) addScaled(d, b, mu);
      else d = b;
    }
    addScaled(p, d, step);
    if (inPlace) param._version.value++;
    else writeParam(param, p);
  }
}
