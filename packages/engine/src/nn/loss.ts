import type { Tensor } from '../tensor.js';
import { readOptions } from '../errors.js';
import { CLASS_LOSS_OPTIONS, type NllLossOptions, type Reduction, binaryCrossEntropy, crossEntropy, mseLoss, nllLoss } from './functional.js';
import { Module } from './module.js';

/** What every loss takes: how to reduce the element-wise losses ('mean' by default); `known` are the options of the subclass. */
abstract class Loss extends Module {
  readonly reduction: Reduction;

  constructor(options: { reduction?: Reduction } = {}, known: readonly string[] = ['reduction']) {
    super();
    readOptions(options, `${new.target.name}()`, known, "{ reduction: 'sum' }");
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
  readonly weight: Tensor | null;

  constructor(options: { weight?: Tensor | null; reduction?: Reduction } = {}) {
    super(options, ['weight', 'reduction']);
    this.weight = options.weight ?? null;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** Losses over class scores: an optional weight per class, and a target class to ignore. */
abstract class ClassLoss extends Loss {
  readonly weight: Tensor | null;
  readonly ignoreIndex: number;

  constructor(options: NllLossOptions = {}) {
    super(options, CLASS_LOSS_OPTIONS);
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
