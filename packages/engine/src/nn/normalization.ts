import { ones, zeros } from '../creation.js';
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { layerNorm } from './functional.js';
import { Module } from './module.js';
import { Parameter } from './parameter.js';
import { pyRepr } from './repr.js';

export interface LayerNormOptions {
  eps?: number;
  elementwiseAffine?: boolean;
  dtype?: DType;
}

/** `nn.LayerNorm(normalized_shape, eps, elementwise_affine)`: weight ones and bias zeros over the last dims. */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  readonly weight: Parameter | null;
  readonly bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    const { eps = 1e-5, elementwiseAffine = true, dtype = 'float32' } = options;
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = eps;
    this.elementwiseAffine = elementwiseAffine;
    const shape = [...this.normalizedShape];
    this.weight = this.registerParameter('weight', elementwiseAffine ? new Parameter(ones(shape, { dtype })) : null);
    this.bias = this.registerParameter('bias', elementwiseAffine ? new Parameter(zeros(shape, { dtype })) : null);
  }

  override forward(input: Tensor): Tensor {
    return layerNorm(input, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    const eps = Number.isInteger(this.eps) ? `${this.eps}.0` : this.eps.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
    return `${pyRepr(this.normalizedShape)}, eps=${eps}, elementwise_affine=${pyRepr(this.elementwiseAffine)}`;
  }
}
