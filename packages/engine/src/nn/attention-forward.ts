/**
 * `F.multi_head_attention_forward` of PyTorch 1.13, line by line, for packed in-projection weights
 * (kdim = vdim = embed_dim), without bias_k/bias_v, zero attention or static keys: the same ops in
 * the same order, so the graph has PyTorch's nodes.
 */
import { zerosLike } from '../creation.js';
import { isFloatingPoint } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { baddbmm, bmm } from '../ops/bmm.js';
import { wrapNumber } from '../ops/kernels.js';
import type { Tensor } from '../tensor.js';
import { dropout, linear } from './functional.js';

export interface MultiHeadAttentionOptions {
  training?: boolean;
  /** `[N, S]` (or `[S]` unbatched): true (or -inf) where a key is padding. */
  keyPaddingMask?: Tensor | null;
  needWeights?: boolean;
  /** `[L, S]` or `[N * heads, L, S]`: true where attention is not allowed, or a float mask added to the scores. */
  attnMask?: Tensor | null;
  averageAttnWeights?: boolean;
}

/** `_in_projection_packed`: one linear when q, k and v are the same tensor, else the weight split as PyTorch splits it. */
function inProjectionPacked(q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: Tensor | null): Tensor[] {
  const E = q.shape.at(-1)!;
  if (k === v) {
    if (q === k) return linear(q, w, b).chunk(3, -1);
    const [wQ, wKV] = w.split([E, E * 2]);
    const [bQ, bKV] = b === null ? [null, null] : b.split([E, E * 2]);
    return [linear(q, wQ!, bQ), ...linear(k, wKV!, bKV).chunk(2, -1)];
  }
  const [wQ, wK, wV] = w.chunk(3);
  const [bQ, bK, bV] = b === null ? [null, null, null] : b.chunk(3);
  return [linear(q, wQ!, bQ), linear(k, wK!, bK), linear(v, wV!, bV)];
}

export function multiHeadAttentionForward(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  embedDimToCheck: number,
  numHeads: number,
  inProjWeight: Tensor,
  inProjBias: Tensor | null,
  dropoutP: number,
  outProjWeight: Tensor,
  outProjBias: Tensor | null,
  options: MultiHeadAttentionOptions = {},
): [Tensor, Tensor | null] {
  const { training = true, needWeights = true, averageAttnWeights = true } = options;
  let keyPaddingMask = options.keyPaddingMask ?? null;
  let attnMask = options.attnMask ?? null;
  const isBatched = query.ndim === 3;
  if (!isBatched && query.ndim !== 2) {
    throw new RuntimeError(`query should be unbatched 2D or batched 3D tensor but received ${query.ndim}-D query tensor`);
  }
  if (!isBatched) {
    [query, key, value] = [query.unsqueeze(1), key === query ? query.unsqueeze(1) : key.unsqueeze(1), value.unsqueeze(1)];
    if (keyPaddingMask !== null) keyPaddingMask = keyPaddingMask.unsqueeze(0);
  }
  const [tgtLen, bsz, embedDim] = query.shape as [number, number, number];
  if (embedDim !== embedDimToCheck) throw new RuntimeError(`was expecting embedding dimension of ${embedDimToCheck}, but got ${embedDim}`);
  const headDim = Math.floor(embedDim / numHeads);
  if (headDim * numHeads !== embedDim) throw new RuntimeError(`embed_dim ${embedDim} not divisible by num_heads ${numHeads}`);
  let [q, k, v] = inProjectionPacked(query, key, value, inProjWeight, inProjBias) as [Tensor, Tensor, Tensor];
  if (attnMask !== null) {
    if (!isFloatingPoint(attnMask.dtype) && attnMask.dtype !== 'bool') {
      throw new RuntimeError(`Only float, byte, and bool types are supported for attn_mask, not torch.${attnMask.dtype}`);
    }
    const srcLen = key.shape[0]!;
    if (attnMask.ndim === 2) {
      if (attnMask.shape[0] !== tgtLen || attnMask.shape[1] !== srcLen) {
        throw new RuntimeError(`The shape of the 2D attn_mask is torch.Size([${attnMask.shape.join(', ')}]), but should be (${tgtLen}, ${srcLen}).`);
      }
      attnMask = attnMask.unsqueeze(0);
    } else if (attnMask.ndim === 3) {
      if (attnMask.shape[0] !== bsz * numHeads || attnMask.shape[1] !== tgtLen || attnMask.shape[2] !== srcLen) {
        throw new RuntimeError(`The shape of the 3D attn_mask is torch.Size([${attnMask.shape.join(', ')}]), but should be (${bsz * numHeads}, ${tgtLen}, ${srcLen}).`);
      }
    } else throw new RuntimeError(`attn_mask's dimension ${attnMask.ndim} is not supported`);
  }
  q = q.contiguous().view(tgtLen, bsz * numHeads, headDim).transpose(0, 1);
  k = k.contiguous().view(k.shape[0]!, bsz * numHeads, headDim).transpose(0, 1);
  v = v.contiguous().view(v.shape[0]!, bsz * numHeads, headDim).transpose(0, 1);
  const srcLen = k.shape[1]!;
  if (keyPaddingMask !== null) {
    if (keyPaddingMask.shape[0] !== bsz || keyPaddingMask.shape[1] !== srcLen) {
      throw new RuntimeError(`expecting key_padding_mask shape of (${bsz}, ${srcLen}), but got torch.Size([${keyPaddingMask.shape.join(', ')}])`);
    }
    keyPaddingMask = keyPaddingMask.view(bsz, 1, 1, srcLen).expand(-1, numHeads, -1, -1).reshape(bsz * numHeads, 1, srcLen);
    if (attnMask === null) attnMask = keyPaddingMask;
    else if (attnMask.dtype === 'bool') attnMask = attnMask.logicalOr(keyPaddingMask);
    else attnMask = attnMask.maskedFill(keyPaddingMask, Number.NEGATIVE_INFINITY);
  }
  if (attnMask !== null && attnMask.dtype === 'bool') {
    const newAttnMask = zerosLike(attnMask, { dtype: q.dtype });
    newAttnMask.maskedFill_(attnMask, Number.NEGATIVE_INFINITY);
    attnMask = newAttnMask;
  }
  const p = training ? dropoutP : 0;
  const E = q.shape[2]!;
  // Python's `q / math.sqrt(E)`: a float even when the root is whole.
  const qScaled = q.div(wrapNumber(Math.sqrt(E), true));
  let attnOutputWeights = attnMask !== null ? baddbmm(attnMask, qScaled, k.transpose(-2, -1)) : bmm(qScaled, k.transpose(-2, -1));
  attnOutputWeights = attnOutputWeights.softmax(-1);
  if (p > 0) attnOutputWeights = dropout(attnOutputWeights, p);
  let attnOutput = bmm(attnOutputWeights, v);
  attnOutput = attnOutput.transpose(0, 1).contiguous().view(tgtLen * bsz, embedDim);
  attnOutput = linear(attnOutput, outProjWeight, outProjBias);
  attnOutput = attnOutput.view(tgtLen, bsz, attnOutput.shape[1]!);
  if (!needWeights) return [isBatched ? attnOutput : attnOutput.squeeze(1), null];
  let weights = attnOutputWeights.view(bsz, numHeads, tgtLen, srcLen);
  if (averageAttnWeights) weights = weights.sum(1).div(numHeads);
  if (!isBatched) return [attnOutput.squeeze(1), weights.squeeze(0)];
  return [attnOutput, weights];
}
