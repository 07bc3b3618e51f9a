import type { Tensor } from '../tensor.js';
import { readOptions } from '../errors.js';
import { CLASS_LOSS_OPTIONS, type NllLossOptions, type Reduction, binaryCrossEntropy, crossEntropy, mseLoss, nllLoss } from './functional.js';
import { Module } from './module.js';

/** What every loss takes: how to reduce the element-wise losses ('mean' by default). */
abstract class Loss extends Module {
  /** The option names a loss takes; a subclass with more says so. */
  static readonly OPTIONS: readonly string[] = ['reduction'];
  readonly reduction: Reduction;

  constructor(options: { reduction?: Reduction } = {}) {
    super();
    readOptions(options, `${new.target.name}()`, (new.target as unknown as typeof Loss).OPTIONS, "{ reduction: 'sum' }");
    this.reduction = options.reduction ?? 'mean';
  }
}

/** `nn.MSELoss(reduction)`: mean squared error (MseLossBackward0). */
export class MSELoss extends Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

/** `nn.BCELoss(weight, reduction)`: binary cross entropy on probabilities (BinaryCrossEntropyBackward0). */
export class BCELoss extends Loss {
  static override readonly OPTIONS: readonly string[] = ['weight', 'reduction'];
  readonly weight: Tensor | null;

  constructor(options: { weight?: Tensor | null; reduction?: Reduction } = {}) {
    super(options);
    this.weight = options.weight ?? null;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** Losses over class scores: an optional weight per class, and a target class to ignore. */
abstract class ClassLoss extends Loss {
  static override readonly OPTIONS = CLASS_LOSS_OPTIONS;
  readonly weight: Tensor | null;
  readonly ignoreIndex: number;

  constructor(options: NllLossOptions = {}) {
    super(options);
    this.weight = options.weight ?? null;
    this.ignoreIndex = options.ignoreIndex ?? -100;
  }

  protected get options(): NllLossOptions {
    return { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction };
  }
}

/** `nn.NLLLoss(weight, ignore_index, reduction)` on log-probabilities and int64 class indices (NllLossBackward0). */
export class NLLLoss extends ClassLoss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, this.options);
  }
}

/** `nn.CrossEntropyLoss(weight, ignore_index, reduction)`: log_softmax then NLL (LogSoftmaxBackward0, NllLossBackward0). */
export class CrossEntropyLoss extends ClassLoss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, this.options);
  }
}
