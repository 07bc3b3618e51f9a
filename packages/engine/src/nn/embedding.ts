import { noGrad } from '../autograd/grad-mode.js';
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { embedding } from './functional.js';
import { normal_ } from './init.js';
import { Module } from './module.js';
import { emptyParameter, type Parameter } from './parameter.js';

export interface EmbeddingOptions {
  /** The row that gets no gradient and starts at zero (negative counts from the end). */
  paddingIdx?: number | null;
  dtype?: DType;
}

/**
 * `nn.Embedding(num_embeddings, embedding_dim, padding_idx)`: a `[num, dim]` weight drawn from
 * N(0, 1) as PyTorch draws it (the padding row zeroed); forward picks rows by int64 indices.
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  readonly weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    const given = options.paddingIdx ?? null;
    this.paddingIdx = given === null ? null : given < 0 ? given + numEmbeddings : given;
    this.weight = this.registerParameter('weight', emptyParameter([numEmbeddings, embeddingDim], options.dtype, 'Embedding'));
    normal_(this.weight);
    const padding = this.paddingIdx;
    if (padding !== null) noGrad(() => this.weight.at(padding).fill_(0));
  }

  override forward(input: Tensor): Tensor {
    return embedding(input, this.weight, { paddingIdx: this.paddingIdx });
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === null ? '' : `, padding_idx=${this.paddingIdx}`}`;
  }
}
