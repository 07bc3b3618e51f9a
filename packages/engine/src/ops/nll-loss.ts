import { Node } from '../autograd/node.js';
import { allocate, scalarTypeName } from '../dtype.js';
import { IndexError, RuntimeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { fromValues } from './kernels.js';
import { type Reduction, reductionEnum } from './loss-reduction.js';
import { recordOp } from './record.js';
import { contiguousValues } from './strided.js';

export interface NllLossOptions {
  readonly weight: Tensor | null;
  readonly reduction: Reduction;
  readonly ignoreIndex: number;
}

/** The rows of an NLL problem: `rows` samples of `classes` log-probabilities, one target each. */
interface Rows {
  readonly rows: number;
  readonly classes: number;
  readonly target: ArrayLike<number>;
  readonly weight: ArrayLike<number> | null;
  readonly ignoreIndex: number;
}

function rowsOf(input: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number): Rows {
  return {
    rows: input.ndim === 1 ? 1 : input.shape[0]!,
    classes: input.shape.at(-1)!,
    target: contiguousValues(target),
    weight: weight && contiguousValues(weight),
    ignoreIndex,
  };
}

/** The weight of row `i`'s target class, or null when its target is ignored. */
function rowWeight(r: Rows, i: number): number | null {
  const t = r.target[i]!;
  if (t === r.ignoreIndex) return null;
  return r.weight ? r.weight[t]! : 1;
}

export class NllLossBackward0 extends Node {
  readonly #options: NllLossOptions;

  constructor(self: Tensor, target: Tensor, totalWeight: Tensor, options: NllLossOptions) {
    super();
    this.#options = options;
    this.saveInt('ignore_index', options.ignoreIndex);
    this.saveInt('reduction', reductionEnum(options.reduction));
    this.saveTensor('self', self);
    this.saveTensor('target', target);
    this.saveOutput('total_weight', totalWeight);
    if (options.weight) this.saveTensor('weight', options.weight);
    else this.saveNone('weight');
  }

  name(): string {
    return 'NllLossBackward0';
  }

  apply(grad: Tensor): (Tensor | null)[] {
    const { reduction, ignoreIndex } = this.#options;
    const self = this.savedTensor('self');
    const weight = this.#options.weight === null ? null : this.savedTensor('weight');
    const r = rowsOf(self, this.savedTensor('target'), weight, ignoreIndex);
    const g = contiguousValues(grad);
    const totalWeight = this.savedTensor('total_weight').item();
    const out = allocate(grad.dtype, self.numel());
    for (let i = 0; i < r.rows; i++) {
      const w = rowWeight(r, i);
      if (w === null) continue;
      // Per-row gradients for 'none' on a batch; one shared gradient otherwise.
      const gi = reduction === 'none' && self.ndim === 2 ? g[i]! : reduction === 'mean' ? g[0]! / totalWeight : g[0]!;
      out[i * r.classes + r.target[i]!] = -w * gi;
    }
    return [fromValues(out, self.shape, grad.dtype)];
  }
}

/** PyTorch's checks of `nll_loss`, in its order, with its messages. */
function check(input: Tensor, target: Tensor, weight: Tensor | null): void {
  if (input.ndim < 1 || input.ndim > 2) throw new RuntimeError('input tensor should be 1D or 2D');
  if (target.ndim > 1) throw new RuntimeError('0D or 1D target tensor expected, multi-target not supported');
  const noBatchDim = input.ndim === 1 && target.ndim === 0;
  if (!noBatchDim && input.shape[0] !== target.shape[0]) {
    throw new RuntimeError(`size mismatch (got input: [${input.shape.join(', ')}], target: [${target.shape.join(', ')}])`);
  }
  const classes = input.shape.at(-1)!;
  if (weight && (weight.ndim !== 1 || weight.numel() !== classes)) {
    throw new RuntimeError(
      `weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: [${weight.shape.join(', ')}]`,
    );
  }
  if (target.dtype !== 'int64') {
    // PyTorch's first line, then what was expected and received.
    throw new RuntimeError(
      `expected scalar type Long but found ${scalarTypeName(target.dtype)}\nThe target must hold class indices: an int64 tensor of shape [${target.shape.join(', ')}] with values in [0, ${classes}); got ${target.dtype}.`,
    );
  }
}

/**
 * `torch._C._nn.nll_loss`: minus the input at each row's target class, weighted, reduced.
 * Input `[N, C]` with target `[N]`, or `[C]` with a 0-dim target. `total_weight` is the sum of the
 * weights of the rows not ignored (what 'mean' divides by); PyTorch saves it for backward.
 */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions): Tensor {
  check(input, target, options.weight);
  const { reduction, weight, ignoreIndex } = options;
  const x = contiguousValues(input);
  const r = rowsOf(input, target, weight, ignoreIndex);
  const perRow = new Float64Array(r.rows);
  let total = 0;
  let totalWeight = 0;
  for (let i = 0; i < r.rows; i++) {
    const t = r.target[i]!;
    if (t === ignoreIndex) continue;
    if (t < 0 || t >= r.classes) {
      throw new IndexError(`Target ${t} is out of bounds.\nClass indices must be in [0, ${r.classes}) for an input of shape [${input.shape.join(', ')}].`);
    }
    const w = rowWeight(r, i)!;
    perRow[i] = -x[i * r.classes + t]! * w;
    total += perRow[i]!;
    totalWeight += w;
  }
  const batchedNone = reduction === 'none' && input.ndim === 2;
  const values = allocate(input.dtype, batchedNone ? r.rows : 1);
  if (batchedNone) values.set(perRow);
  else values[0] = reduction === 'mean' ? total / totalWeight : total;
  const totalWeightTensor = fromValues(allocate(input.dtype, 1).fill(batchedNone ? 0 : totalWeight), [], input.dtype);
  const out = fromValues(values, batchedNone ? [r.rows] : [], input.dtype);
  return recordOp('nllLoss', [input], out, () => new NllLossBackward0(input, target, totalWeightTensor, options));
}
