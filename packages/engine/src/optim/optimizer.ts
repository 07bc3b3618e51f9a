import { enableGrad, noGrad } from '../autograd/grad-mode.js';
import { allocate, type DType, legacyTypeName, type Storage } from '../dtype.js';
import { ValueError, describeValue } from '../errors.js';
import { fromValues } from '../ops/kernels.js';
import { contiguousValues } from '../ops/strided.js';
import { zeroGrads } from '../nn/zero-grad.js';
import { isRecordingGradients, recordUpdate } from '../autograd/gradient-recording.js';
import { withoutProvenance } from '../provenance.js';
import { Tensor } from '../tensor.js';
import { warn } from '../warnings.js';

/** A group of parameters with its own settings (PyTorch's `param_groups` entries). */
export type ParamGroup<O> = O & { params: Tensor[] };

/** What an optimizer is given: tensors (`model.parameters()`), or groups of them with their own settings. */
export type ParamsArgument<O> = Iterable<Tensor> | Iterable<{ params: Iterable<Tensor> | Tensor } & Partial<O>>;

/** Rounds a JS number to what one element of `dtype` holds, so each step rounds as PyTorch's kernels do. */
export function rounding(dtype: DType): (x: number) => number {
  return dtype === 'float32' ? Math.fround : (x) => x;
}

/**
 * `torch.optim.Optimizer`: holds parameter groups and per-parameter state; `step()` updates every
 * parameter that has a gradient, in place and without recording, as PyTorch's optimizers do.
 */
export abstract class Optimizer<O extends object, S> {
  readonly defaults: O;
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state, such as SGD's `momentumBuffer` or Adam's `expAvg`. */
  readonly state = new Map<Tensor, S>();

  constructor(params: ParamsArgument<O>, defaults: O) {
    this.defaults = defaults;
    if (params instanceof Tensor || params === null || typeof params !== 'object' || !(Symbol.iterator in params)) {
      const what = params instanceof Tensor ? legacyTypeName(params.dtype) : describeValue(params);
      throw new TypeError(`params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${what}`);
    }
    const list = [...params] as unknown[];
    if (list.length === 0) throw new ValueError('optimizer got an empty parameter list');
    const groups = list[0] instanceof Tensor || Array.isArray(list[0]) ? [{ params: list }] : list;
    for (const group of groups) this.addParamGroup(group as { params: Iterable<Tensor> | Tensor } & Partial<O>);
  }

  /** `add_param_group`: settings the group leaves out come from the defaults. */
  addParamGroup(group: { params: Iterable<Tensor> | Tensor } & Partial<O>): void {
    const params = group.params instanceof Tensor ? [group.params] : [...(group.params as Iterable<unknown>)];
    for (const p of params) {
      if (!(p instanceof Tensor)) {
        const hint = Array.isArray(p) ? ' (pass model.parameters(); namedParameters() gives [name, tensor] pairs)' : '';
        throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${describeValue(p)}${hint}`);
      }
      if (!p.isLeaf && !p.retainsGrad) throw new ValueError("can't optimize a non-leaf Tensor");
    }
    const tensors = params as Tensor[];
    if (new Set(tensors).size !== tensors.length) {
      warn(
        'optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information',
      );
    }
    const taken = new Set(this.paramGroups.flatMap((g) => g.params));
    if (tensors.some((p) => taken.has(p))) throw new ValueError('some parameters appear in more than one parameter group');
    this.paramGroups.push({ ...this.defaults, ...group, params: tensors });
  }

  /** `zero_grad(set_to_none=False)`: zeroes the gradient of every parameter (or drops it). */
  zeroGrad(setToNone = false): void {
    zeroGrads(
      this.paramGroups.flatMap((g) => g.params),
      setToNone,
    );
  }

  /** One update of every parameter that has a gradient; `closure` recomputes and returns the loss. */
  step(closure?: () => Tensor): Tensor | undefined {
    const loss = closure === undefined ? undefined : enableGrad(closure);
    noGrad(() =>
      withoutProvenance(() => {
        for (const group of this.paramGroups) {
          for (const param of group.params) {
            const grad = param.grad;
            if (grad === null) continue;
            if (isRecordingGradients()) recordUpdate(param, () => this.update(param, grad, group));
            else this.update(param, grad, group);
          }
        }
      }),
    );
    return loss;
  }

  /** The update of one parameter by its gradient, with its group's settings. */
  protected abstract update(param: Tensor, grad: Tensor, group: ParamGroup<O>): void;
}

/** A parameter's elements as a fresh row-major array of its dtype, to compute the update in. */
export function valuesOf(t: Tensor): Storage {
  return contiguousValues(t).slice();
}

/** Writes row-major `values` into the parameter in place, with one version bump as `param.add_` makes. */
export function writeParam(param: Tensor, values: Storage): void {
  if (!param.isContiguous()) {
    param.copy_(fromValues(values, param.shape, param.dtype));
    return;
  }
  param._storage.set(values, param._offset);
  param._version.value++;
}

/** A zero-filled state buffer shaped like the parameter (PyTorch's `zeros_like(p)`). */
export function zerosLikeParam(param: Tensor): Tensor {
  return fromValues(allocate(param.dtype, param.numel()), param.shape, param.dtype);
}
