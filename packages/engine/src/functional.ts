import { pow as powOp } from './ops/arithmetic.js';
import { where as whereOp } from './ops/gather-scatter.js';
import { type Tensor, type TensorLike, tensorArgument } from './tensor.js';

/** The first argument of a `torch.*` function must be a tensor; say so plainly when it is not. */
const input = tensorArgument;

/** `torch.add(input, other, alpha=)`; a number `input` is not accepted, as in PyTorch. */
export const add = (a: Tensor, b: TensorLike, options?: { alpha?: number }): Tensor => input(a, 'add').add(b, options);
export const sub = (a: Tensor, b: TensorLike, options?: { alpha?: number }): Tensor => input(a, 'sub').sub(b, options);
/** `torch.rsub(input, other)` = `other - input`. */
export const rsub = (a: Tensor, b: TensorLike, options?: { alpha?: number }): Tensor => input(a, 'rsub').rsub(b, options);
export const mul = (a: Tensor, b: TensorLike): Tensor => input(a, 'mul').mul(b);
export const div = (a: Tensor, b: TensorLike): Tensor => input(a, 'div').div(b);
export const neg = (a: Tensor): Tensor => input(a, 'neg').neg();
export const reciprocal = (a: Tensor): Tensor => input(a, 'reciprocal').reciprocal();
export const exp = (a: Tensor): Tensor => input(a, 'exp').exp();
export const log = (a: Tensor): Tensor => input(a, 'log').log();
export const sqrt = (a: Tensor): Tensor => input(a, 'sqrt').sqrt();
export const abs = (a: Tensor): Tensor => input(a, 'abs').abs();
export const relu = (a: Tensor): Tensor => input(a, 'relu').relu();
export const sigmoid = (a: Tensor): Tensor => input(a, 'sigmoid').sigmoid();
export const tanh = (a: Tensor): Tensor => input(a, 'tanh').tanh();
export const sum = (a: Tensor, dim?: number | readonly number[], keepdim = false): Tensor => input(a, 'sum').sum(dim, keepdim);
export const mean = (a: Tensor, dim?: number | readonly number[], keepdim = false): Tensor => input(a, 'mean').mean(dim, keepdim);
export const argmax = (a: Tensor, dim?: number, keepdim = false): Tensor => input(a, 'argmax').argmax(dim, keepdim);
export const matmul = (a: Tensor, b: Tensor): Tensor => input(a, 'matmul').matmul(input(b, 'matmul', 'other'));
export const mm = (a: Tensor, b: Tensor): Tensor => input(a, 'mm').mm(input(b, 'mm', 'mat2'));
export const t = (a: Tensor): Tensor => input(a, 't').t();
export const transpose = (a: Tensor, dim0: number, dim1: number): Tensor => input(a, 'transpose').transpose(dim0, dim1);
export const reshape = (a: Tensor, shape: readonly number[]): Tensor => input(a, 'reshape').reshape(shape);
export const unsqueeze = (a: Tensor, dim: number): Tensor => input(a, 'unsqueeze').unsqueeze(dim);
export const squeeze = (a: Tensor, dim?: number): Tensor => input(a, 'squeeze').squeeze(dim);
export const flatten = (a: Tensor, startDim = 0, endDim = -1): Tensor => input(a, 'flatten').flatten(startDim, endDim);
export const softmax = (a: Tensor, dim: number): Tensor => input(a, 'softmax').softmax(dim);
export const logSoftmax = (a: Tensor, dim: number): Tensor => input(a, 'logSoftmax').logSoftmax(dim);
export const eq = (a: Tensor, b: TensorLike): Tensor => input(a, 'eq').eq(b);
export const ne = (a: Tensor, b: TensorLike): Tensor => input(a, 'ne').ne(b);
export const lt = (a: Tensor, b: TensorLike): Tensor => input(a, 'lt').lt(b);
export const le = (a: Tensor, b: TensorLike): Tensor => input(a, 'le').le(b);
export const gt = (a: Tensor, b: TensorLike): Tensor => input(a, 'gt').gt(b);
export const ge = (a: Tensor, b: TensorLike): Tensor => input(a, 'ge').ge(b);
export const logicalNot = (a: Tensor): Tensor => input(a, 'logicalNot').logicalNot();
export const logicalAnd = (a: Tensor, b: TensorLike): Tensor => input(a, 'logicalAnd').logicalAnd(b);
export const logicalOr = (a: Tensor, b: TensorLike): Tensor => input(a, 'logicalOr').logicalOr(b);
export const any = (a: Tensor, dim?: number, keepdim = false): Tensor => input(a, 'any').any(dim, keepdim);
export const all = (a: Tensor, dim?: number, keepdim = false): Tensor => input(a, 'all').all(dim, keepdim);
export const permute = (a: Tensor, dims: readonly number[]): Tensor => input(a, 'permute').permute(dims);
export const split = (a: Tensor, splitSize: number | readonly number[], dim = 0): Tensor[] => input(a, 'split').split(splitSize, dim);
export const chunk = (a: Tensor, chunks: number, dim = 0): Tensor[] => input(a, 'chunk').chunk(chunks, dim);
export const unbind = (a: Tensor, dim = 0): Tensor[] => input(a, 'unbind').unbind(dim);
export const triu = (a: Tensor, diagonal = 0): Tensor => input(a, 'triu').triu(diagonal);
export const tril = (a: Tensor, diagonal = 0): Tensor => input(a, 'tril').tril(diagonal);
export const bmm = (a: Tensor, b: Tensor): Tensor => input(a, 'bmm').bmm(input(b, 'bmm', 'mat2'));
export const indexSelect = (a: Tensor, dim: number, index: Tensor): Tensor => input(a, 'indexSelect').indexSelect(dim, index);
export const gather = (a: Tensor, dim: number, index: Tensor): Tensor => input(a, 'gather').gather(dim, index);
export const scatter = (a: Tensor, dim: number, index: Tensor, src: TensorLike): Tensor => input(a, 'scatter').scatter(dim, index, src);
export const maskedFill = (a: Tensor, mask: Tensor, value: TensorLike): Tensor => input(a, 'maskedFill').maskedFill(mask, value);
/** `torch.where(condition, x, y)`: x where the condition holds, else y (numbers allowed for either). */
export const where = (condition: Tensor, x: TensorLike, y: TensorLike): Tensor => whereOp(input(condition, 'where', 'condition'), x, y);
export { cat, stack } from './ops/join.js';
export { baddbmm } from './ops/bmm.js';
export { slice, Slice, type IndexItem } from './ops/indexing.js';

/** `torch.pow(input, exponent)`; a number base (`2 ** x`) gives PowBackward1 as in PyTorch. */
export function pow(base: TensorLike, exponent: TensorLike): Tensor {
  if (typeof base === 'number') return powOp(base, input(exponent, 'pow', 'exponent'));
  return input(base, 'pow').pow(exponent);
}
