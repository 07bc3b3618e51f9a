import type { DType } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { type MultiHeadAttentionOptions, multiHeadAttentionForward } from './attention-forward.js';
import { constant_, xavierUniform_ } from './init.js';
import { Linear } from './linear.js';
import { Module } from './module.js';
import { emptyParameter, type Parameter } from './parameter.js';

export interface MultiheadAttentionOptions {
  /** Dropout on the attention weights while training (default 0). */
  dropout?: number;
  bias?: boolean;
  /** Inputs and output as `[batch, seq, feature]` instead of `[seq, batch, feature]`. */
  batchFirst?: boolean;
  dtype?: DType;
}

/** PyTorch's name for the attention's output projection: a Linear under another class name (as its repr shows). */
export class NonDynamicallyQuantizableLinear extends Linear {}

export type MultiheadAttentionCall = Pick<MultiHeadAttentionOptions, 'keyPaddingMask' | 'needWeights' | 'attnMask' | 'averageAttnWeights'>;

/**
 * `nn.MultiheadAttention(embed_dim, num_heads, dropout, bias, batch_first)` as PyTorch 1.13
 * computes it in training (its non-fast path): packed `in_proj_weight` `[3E, E]` (xavier uniform),
 * `in_proj_bias` and `out_proj.bias` zero, `out_proj` a Linear. `forward` returns
 * `[output, weights]`, weights averaged over heads unless asked otherwise (null with
 * `needWeights: false`). kdim/vdim, add_bias_kv and add_zero_attn are not supported.
 */
export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly numHeads: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly headDim: number;
  readonly inProjWeight: Parameter;
  readonly inProjBias: Parameter | null;
  readonly outProj: NonDynamicallyQuantizableLinear;

  constructor(embedDim: number, numHeads: number, options: MultiheadAttentionOptions = {}) {
    super();
    const { dropout = 0, bias = true, batchFirst = false, dtype } = options;
    this.embedDim = embedDim;
    this.numHeads = numHeads;
    this.dropout = dropout;
    this.batchFirst = batchFirst;
    this.headDim = Math.floor(embedDim / numHeads);
    if (this.headDim * numHeads !== embedDim) throw new RuntimeError('embed_dim must be divisible by num_heads');
    // Created, then initialized, in PyTorch's order, so the same seed gives the same weights.
    this.inProjWeight = this.registerParameter('in_proj_weight', emptyParameter([3 * embedDim, embedDim], dtype, 'MultiheadAttention'));
    this.inProjBias = this.registerParameter('in_proj_bias', bias ? emptyParameter([3 * embedDim], dtype, 'MultiheadAttention') : null);
    this.outProj = this.registerModule('out_proj', new NonDynamicallyQuantizableLinear(embedDim, embedDim, { bias, dtype }));
    xavierUniform_(this.inProjWeight);
    if (this.inProjBias !== null) {
      constant_(this.inProjBias, 0);
      constant_(this.outProj.bias!, 0);
    }
  }

  override forward(query: Tensor, key: Tensor, value: Tensor, options: MultiheadAttentionCall = {}): [Tensor, Tensor | null] {
    const isBatched = query.ndim === 3;
    let [q, k, v] = [query, key, value];
    if (this.batchFirst && isBatched) {
      // Transposed once per distinct tensor, as PyTorch keeps `query is key` true for self-attention.
      q = query.transpose(1, 0);
      k = key === query ? q : key.transpose(1, 0);
      v = value === key ? k : value === query ? q : value.transpose(1, 0);
    }
    const [output, weights] = multiHeadAttentionForward(q, k, v, this.embedDim, this.numHeads, this.inProjWeight, this.inProjBias, this.dropout, this.outProj.weight, this.outProj.bias, {
      ...options,
      training: this.training,
    });
    return [this.batchFirst && isBatched ? output.transpose(1, 0) : output, weights];
  }
}
