/** Analytic gradients of every differentiable op equal central finite differences in float64. */
import { describe, expect, it } from 'vitest';
import * as torch from '../src/index.js';
import type { Tensor } from '../src/index.js';
import { gradcheck, leaf64, seededValues } from './support/gradcheck.js';

const values = seededValues(42);
const random = (shape: number[], low = -1, high = 1) => leaf64(shape, values(shape.reduce((a, b) => a * b, 1), low, high));
const positive = (shape: number[]) => random(shape, 0.5, 2);
/** A fixed weight for ops whose output would otherwise be summed symmetrically. */
const weight = (shape: number[]) => random(shape).detach();
const w32 = weight([3, 2]);
const w432 = weight([4, 3, 2]);
const w6 = weight([6]);
const w233 = weight([2, 3, 3]);
const w3 = weight([3]);
const w423 = weight([4, 2, 3]);
const w23 = weight([2, 3]);
const w212 = weight([2, 12]);

type Case = [name: string, f: (...xs: Tensor[]) => Tensor, inputs: () => Tensor[]];

const cases: Case[] = [
  ['add', (a, b) => a.add(b), () => [random([2, 3]), random([2, 3])]],
  ['add alpha, broadcast row', (a, b) => a.add(b, { alpha: 2.5 }), () => [random([2, 3]), random([3])]],
  ['add broadcast column and scalar tensor', (a, b, c) => a.add(b).add(c), () => [random([2, 3]), random([2, 1]), random([])]],
  ['add number', (a) => a.add(2), () => [random([4])]],
  ['sub broadcast', (a, b) => a.sub(b, { alpha: 3 }), () => [random([3, 1]), random([1, 4])]],
  ['rsub tensor', (a, b) => a.rsub(b), () => [random([2, 3]), random([3])]],
  ['rsub number', (a) => a.rsub(1), () => [random([3])]],
  ['mul broadcast', (a, b) => a.mul(b), () => [random([2, 3]), random([2, 1])]],
  ['mul same tensor twice', (a) => a.mul(a), () => [random([3])]],
  ['div', (a, b) => a.div(b), () => [random([2, 3]), positive([2, 3])]],
  ['div broadcast', (a, b) => a.div(b), () => [random([2, 3]), positive([3])]],
  ['rdiv', (a) => a.rdiv(3), () => [positive([3])]],
  ['neg', (a) => a.neg(), () => [random([3])]],
  ['reciprocal', (a) => a.reciprocal(), () => [positive([3])]],
  ['pow number', (a) => a.pow(3), () => [random([2, 2])]],
  ['pow fractional', (a) => a.pow(0.5), () => [positive([3])]],
  ['pow zero', (a) => a.pow(0), () => [random([3])]],
  ['pow tensor', (a, b) => a.pow(b), () => [positive([3]), random([3])]],
  ['pow tensor broadcast', (a, b) => a.pow(b), () => [positive([2, 3]), random([3])]],
  ['pow number base', (b) => torch.pow(2, b), () => [random([3])]],
  ['exp', (a) => a.exp(), () => [random([3])]],
  ['log', (a) => a.log(), () => [positive([3])]],
  ['sqrt', (a) => a.sqrt(), () => [positive([3])]],
  ['abs', (a) => a.abs(), () => [random([4], 0.2, 1)]],
  ['relu', (a) => a.relu(), () => [leaf64([4], Float64Array.of(-1, -0.3, 0.4, 2))]],
  ['sigmoid', (a) => a.sigmoid(), () => [random([3])]],
  ['tanh', (a) => a.tanh(), () => [random([3])]],
  ['sum', (a) => a.sum(), () => [random([2, 3])]],
  ['sum dim', (a) => a.sum(1), () => [random([2, 3])]],
  ['sum dims keepdim', (a) => a.sum([0, 2], true), () => [random([2, 3, 2])]],
  ['sum negative dim', (a) => a.sum(-1), () => [random([2, 3])]],
  ['mean', (a) => a.mean(), () => [random([2, 3])]],
  ['mean dim', (a) => a.mean(0), () => [random([2, 3])]],
  ['mean dim keepdim', (a) => a.mean(1, true), () => [random([2, 3])]],
  ['mm', (a, b) => a.mm(b), () => [random([2, 3]), random([3, 4])]],
  ['matmul transposed', (a, b) => a.matmul(b.t()), () => [random([3, 2]), random([2, 2])]],
  ['matmul matrix-vector', (a, b) => a.matmul(b), () => [random([2, 3]), random([3])]],
  ['matmul vector-matrix', (a, b) => a.matmul(b), () => [random([3]), random([3, 2])]],
  ['matmul dot', (a, b) => a.matmul(b), () => [random([3]), random([3])]],
  ['t', (a) => a.t().mul(w32), () => [random([2, 3])]],
  ['transpose', (a) => a.transpose(0, 2).mul(w432), () => [random([2, 3, 4])]],
  ['view', (a) => a.view(6).mul(w6), () => [random([2, 3])]],
  ['reshape copy of a transpose', (a) => a.t().reshape(6).mul(w6), () => [random([2, 3])]],
  ['unsqueeze', (a) => a.unsqueeze(1).mul(w233), () => [random([2, 3])]],
  ['squeeze', (a) => a.squeeze().mul(w3), () => [random([1, 3, 1])]],
  ['expand', (a) => a.expand(4, 2, 3).mul(w423), () => [random([2, 3])]],
  ['expand singleton', (a) => a.expand(2, 3).mul(w23), () => [random([2, 1])]],
  ['flatten', (a) => a.flatten(1).mul(w212), () => [random([2, 3, 4])]],
  ['softmax', (a) => a.softmax(1), () => [random([2, 4])]],
  ['softmax dim 0', (a) => a.softmax(0), () => [random([3, 2])]],
  ['logSoftmax', (a) => a.logSoftmax(-1), () => [random([2, 4])]],
  ['clone', (a) => a.clone().mul(a), () => [random([3])]],
  ['in-place mul_ on a non-leaf', (a, b) => a.mul(1).mul_(b), () => [random([3]), random([3])]],
  ['in-place add_ and sub_ on a non-leaf', (a, b) => a.mul(3).add_(b, { alpha: 2 }).sub_(b.exp()), () => [random([3]), random([3])]],
  ['in-place div_ on a non-leaf', (a, b) => a.mul(2).div_(b), () => [random([3]), positive([3])]],
  ['float64 to float32 to float64', (a) => a.float().double().mul(a), () => [random([3])]],
  // Indexing and views written in place.
  ['select and slices', (a) => a.at(1).mul(w3).sum().add(a.at(':', '1:').sum()).add(a.at('::2', -1).mul(2)), () => [random([3, 3])]],
  ['None, ellipsis', (a) => a.at(null, '...', 0).mul(w23.at('...', '1:').reshape(1, 2, 2).sum(-1)), () => [random([2, 3])]],
  ['bool mask index', (a) => a.at(w23.gt(0)).pow(2), () => [random([2, 3])]],
  ['integer tensor indices, repeated', (a) => a.at(torch.tensor([1, 0, 1], { dtype: 'int64' }), [2, 2, 0]).mul(w3), () => [random([2, 3])]],
  ['setAt a slice and a mask', (a, b) => a.mul(1).setAt(':', 0, b).setAt(w23.lt(-0.2), 0).mul(a), () => [random([2, 3]), random([2])]],
  ['in-place mul_ through a view (CopySlices)', (a, b) => { const y = a.mul(1); y.at(1).mul_(b); y.t().at(0).add_(b.at(0)); return y.mul(w23); }, () => [random([2, 3]), random([3])]],
  ['masked_fill_ through a view', (a) => { const y = a.mul(2); y.at(0).maskedFill_(w3.gt(0), 0.5); return y.pow(2); }, () => [random([2, 3])]],
  ['indexSelect', (a) => a.indexSelect(1, torch.tensor([2, 0, 2], { dtype: 'int64' })).mul(w23), () => [random([2, 3])]],
  ['gather', (a) => a.gather(1, torch.tensor([[2, 2], [0, 1]], { dtype: 'int64' })).pow(2), () => [random([2, 3])]],
  ['scatter tensor and number', (a, b) => a.scatter(1, torch.tensor([[2], [0]], { dtype: 'int64' }), b).scatter(0, torch.tensor([[1, 0, 1]], { dtype: 'int64' }), 0.5).mul(w23), () => [random([2, 3]), random([2, 1])]],
  ['maskedFill number and tensor', (a, b) => a.maskedFill(w23.gt(0), 2).mul(a).maskedFill(w3.lt(0), b), () => [random([2, 3]), random([])]],
  ['where', (a, b) => torch.where(w23.gt(0), a, b).mul(w23), () => [random([2, 3]), random([3])]],
  // Joins, splits and shapes.
  ['cat', (a, b) => torch.cat([a, b, a], 1).mul(torch.cat([w23, w23.at(':', ':1'), w23], 1)), () => [random([2, 3]), random([2, 1])]],
  ['stack', (a, b) => torch.stack([a, b], -1).mul(w23.unsqueeze(-1)), () => [random([2, 3]), random([2, 3])]],
  ['split, chunk, unbind (outputs left unused)', (a) => { const [p, , r] = a.split(1, 1); const [c] = a.chunk(2, 0); return p!.mul(r!).sum().add(c!.pow(2).sum()).add(a.unbind(1)[1]!.mul(3).sum()); }, () => [random([2, 3])]],
  ['split with sizes', (a) => { const [p, q] = a.split([1, 2], 1); return p!.mul(q!.sum(1, true)); }, () => [random([2, 3])]],
  ['permute', (a) => a.permute(2, 0, 1).mul(w432.permute(0, 2, 1).reshape(4, 2, 3)), () => [random([2, 3, 4])]],
  ['triu, tril', (a) => a.triu(1).mul(3).add(a.tril(-1).mul(a)), () => [random([2, 3, 3])]],
  // Batched products.
  ['matmul batched (bmm)', (a, b) => a.matmul(b), () => [random([2, 3, 4]), random([2, 4, 2])]],
  ['matmul broadcast batch', (a, b) => a.matmul(b), () => [random([2, 1, 2, 3]), random([3, 3, 2])]],
  ['matmul folded, matrix and vector', (a, b, c) => a.matmul(b).sum(-1).add(b.transpose(-1, -2).matmul(c).sum(-1).sum()), () => [random([2, 3, 4]), random([4, 2]), random([4])]],
  ['matmul matrix @ batch', (a, b) => a.matmul(b), () => [random([3, 4]), random([2, 4, 2])]],
  ['baddbmm', (m, a, b) => torch.baddbmm(m, a, b, { alpha: 0.5, beta: 2 }), () => [random([1, 3, 2]), random([2, 3, 4]), random([2, 4, 2])]],
  // Layers.
  ['gelu', (a) => torch.F.gelu(a), () => [random([6], -3, 3)]],
  ['gelu tanh', (a) => torch.F.gelu(a, { approximate: 'tanh' }), () => [random([6], -3, 3)]],
  ['layerNorm with weight and bias', (a, w, b) => torch.F.layerNorm(a, [4], { weight: w, bias: b }).mul(w432.reshape(2, 3, 4)), () => [random([2, 3, 4]), random([4]), random([4])]],
  ['layerNorm over two dims, no affine', (a) => torch.F.layerNorm(a, [3, 4]).mul(w432.reshape(2, 3, 4)), () => [random([2, 3, 4])]],
  ['embedding, a row used twice', (w) => torch.F.embedding(torch.tensor([[0, 2], [2, 1]], { dtype: 'int64' }), w).pow(2), () => [random([3, 2])]],
  ['softmax and logSoftmax over a middle dim', (a) => a.softmax(1).mul(w432.reshape(2, 3, 4)).add(a.logSoftmax(-2)), () => [random([2, 3, 4])]],
  [
    'multi-head attention forward',
    (x, wi, bi, wo, bo) => torch.F.multiHeadAttentionForward(x, x, x, 4, 2, wi, bi, 0, wo, bo, { attnMask: torch.triu(torch.ones([3, 3], { dtype: 'bool' }), 1) })[0],
    () => [random([3, 2, 4]), random([12, 4]), random([12]), random([4, 4]), random([4])],
  ],
];

describe('gradcheck (float64, central differences)', () => {
  for (const [name, f, inputs] of cases) {
    it(name, () => {
      const xs = inputs();
      expect(() => gradcheck(f, xs, name.includes('float32') ? { atol: 1e-3, eps: 1e-3 } : {})).not.toThrow();
    });
  }

  it('refuses backward through a saved result modified in place, as PyTorch does', () => {
    const [a, b] = [random([3]), random([3])];
    const e = a.exp().add_(b);
    expect(() => e.sum().backward()).toThrow(/which is output 0 of ExpBackward0, is at version 1; expected version 0 instead/);
  });

  it('catches a wrong gradient (the check itself can fail)', () => {
    const x = random([3]);
    // A function whose recorded graph (x * 2) disagrees with its value (x * 3).
    const wrong = (a: Tensor) => a.mul(2).add(torch.noGrad(() => a.mul(1)));
    expect(() => gradcheck(wrong, [x])).toThrow(/gradcheck: input 0/);
  });
});
