/**
 * Indexing, bool, batched matmul, joins, views written in place, embedding, layer norm, GELU,
 * multi-head attention and AdamW against what PyTorch 1.13 did for the same code:
 * `fixtures/breadth-reference.json`, written by `fixtures/breadth-reference.py`. Each case below is
 * a line-by-line translation (Python's `x[:, 1]` is `x.at(':', 1)`, `y[m] = 0` is `y.setAt(m, 0)`,
 * `a @ b` is `a.matmul(b)`); the runner compares nodes, edges, saved values, leaves, values,
 * gradients and errors, every case starting from `manualSeed(0)` as record.py does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  arange,
  baddbmm,
  bmm,
  cat,
  catchWarnings,
  F,
  manualSeed,
  nn,
  ones,
  optim,
  randn,
  stack,
  type Tensor,
  tensor,
  triu,
  where,
  zeros,
} from '../src/index.js';
import { type RecordedNumber, type Scenario } from './support/reference.js';
import { errorOf, expectClose, runScenario } from './support/scenario.js';

const reference = JSON.parse(readFileSync(new URL('./fixtures/breadth-reference.json', import.meta.url), 'utf8')) as {
  graphs: Scenario[];
  errors: { id: string; code: string; error: { type: string; message: string } }[];
  warnings: { id: string; code: string; warnings: string[] }[];
  values: { id: string; code: string; result: unknown }[];
  optimizers: { id: string; steps: { loss: number; weight: number[]; bias: number[] }[] }[];
};

const long = (values: number[] | number[][]) => tensor(values, { dtype: 'int64' });
/** Python's `a + b + c`: left to right. */
const total = (...terms: Tensor[]) => terms.reduce((acc, t) => acc.add(t));

const graphCases: Record<string, () => Record<string, Tensor>> = {
  basic_indexing() {
    const x = randn(3, 4, { requiresGrad: true });
    const a = x.at(0);
    const b = x.at(':', 1);
    const c = x.at('1:3');
    const d = x.at('::2');
    const e = x.at(null);
    const f = x.at('...', -1);
    const g = x.at('-2:', '1:-1');
    const h = x.at(0, 1);
    const i = x.at(tensor(1, { dtype: 'int64' }));
    const z = total(a.sum(), b.mul(b).sum(), c.mean(), d.mul(3).sum(), e.sum(), f.sum(), g.sum(), h, i.sum());
    return { x, a, b, c, d, e, f, g, h, i, z };
  },
  ellipsis_alias() {
    const x = randn(2, 3, { requiresGrad: true });
    const y = x.at('...');
    const z = y.mul(2).sum();
    return { x, y, z };
  },
  mask_index() {
    const x = randn(3, 4, { requiresGrad: true });
    const m = x.gt(0);
    const y = x.at(m);
    const z = y.mul(y).sum();
    return { x, m, y, z };
  },
  tensor_index() {
    const x = randn(3, 4, { requiresGrad: true });
    const i = long([0, 2, 2]);
    const a = x.at(i);
    const b = x.at(':', [0, 3]);
    const c = x.at([0, 2], [1, 3]);
    const d = x.at('1:', long([[0, 1], [3, 3]]));
    const z = total(a.mul(a).sum(), b.sum(), c.mul(3).sum(), d.sum());
    return { x, i, a, b, c, d, z };
  },
  index_put_mask() {
    const x = randn(3, 4, { requiresGrad: true });
    const y = x.mul(1);
    y.setAt(x.gt(0), 0);
    const v = randn(2, { requiresGrad: true });
    y.setAt([0, 2], [1, 1], v);
    const z = y.mul(y).sum();
    return { x, y, v, z };
  },
  setitem_views() {
    const x = randn(3, 4, { requiresGrad: true });
    const v = randn(3, { requiresGrad: true });
    const y = x.mul(1);
    y.setAt(0, 5);
    y.setAt(':', 1, v);
    y.setAt(2, '2:', tensor([1.0, 2.0]));
    const z = y.mul(y).sum();
    return { x, v, y, z };
  },
  inplace_through_view() {
    const a = randn(2, 3, { requiresGrad: true });
    const b = a.mul(1);
    const v = b.at(0);
    v.mul_(2);
    const w = b.t();
    w.at(1).add_(ones(2));
    const z = b.mul(b).sum().add(v.sum());
    return { a, b, v, w, z };
  },
  view_base_without_grad() {
    const w = randn(3, { requiresGrad: true });
    const a = zeros(2, 3);
    a.setAt(1, w);
    const z = a.mul(a).sum();
    return { w, a, z };
  },
  view_of_leaf_inplace_error() {
    const a = randn(3, { requiresGrad: true });
    a.at(':2').mul_(2);
    return { a };
  },
  leaf_moved_error() {
    const x = ones(3, { requiresGrad: true });
    const y = x.mul(2).sum();
    x.requiresGrad_(false);
    const w = ones(3, { requiresGrad: true });
    x.add_(w);
    return { x, y, w };
  },
  modified_by_inplace_error() {
    const a = randn(2, 3, { requiresGrad: true });
    const b = a.sigmoid();
    b.setAt(0, 3);
    const z = b.sum();
    return { a, b, z };
  },
  split_view_inplace_error() {
    const a = randn(4, { requiresGrad: true }).mul(1);
    const [p, q] = a.split(2);
    p!.mul_(2);
    return { a, p: p!, q: q! };
  },
  bool_ops() {
    const x = tensor([[1.0, -2.0, 3.0], [0.0, 5.0, -1.0]]);
    const gt = x.gt(0);
    const lt = x.lt(0);
    const ge = x.ge(0);
    const le = x.le(1);
    const eq = x.eq(0);
    const ne = x.ne(0);
    const nt = gt.logicalNot();
    const an = gt.logicalAnd(ge);
    const orr = lt.logicalOr(eq);
    const anyall = stack([gt.any(), gt.all(), x.gt(-5).all()]);
    const anydim = gt.any(1);
    const alldim = ge.all(0, true);
    const count = gt.sum();
    const bsum = gt.add(ge);
    const bmul = gt.mul(ge);
    const bint = gt.add(1);
    const bfloat = gt.mul(1.5);
    const li = tensor([1, 2, 3], { dtype: 'int64' }).gt(1.5);
    const t = tensor([true, false]);
    return { x, gt, lt, ge, le, eq, ne, nt, an, orr, anyall, anydim, alldim, count, bsum, bmul, bint, bfloat, li, t };
  },
  integral_results_have_no_grad() {
    const x = randn(3, { requiresGrad: true });
    const l = x.long();
    const b = x.to('bool');
    const y = x.mul(2).long();
    const s = x.gt(0).sum();
    return { x, l, b, y, s };
  },
  tensor_of_tensors() {
    const a = tensor(2.0, { requiresGrad: true });
    const c = tensor(3.0, { requiresGrad: true });
    const t = tensor([a, c]);
    const t2 = tensor([[a, 1.5], [c, a]]);
    const z = t.mul(a).sum().add(t2.sum());
    return { a, c, t, t2, z };
  },
  cat_stack() {
    const a = randn(2, 3, { requiresGrad: true });
    const b = randn(2, 2, { requiresGrad: true });
    const c = randn(2, 3);
    const y = cat([a, b, c], 1);
    const s = stack([a, c], -1);
    const z = total(y.mul(y).sum(), s.mul(2).sum(), cat([a, c], -2).sum());
    return { a, b, c, y, s, z };
  },
  split_chunk_unbind() {
    const x = randn(4, 5, { requiresGrad: true });
    const [p, q, r] = x.split(2, 1) as [Tensor, Tensor, Tensor];
    const [u, w] = x.split([1, 3], 0) as [Tensor, Tensor];
    const [c1, c2] = x.chunk(2, -1) as [Tensor, Tensor];
    const rows = x.unbind(0);
    const z = total(p.mul(p).sum(), r.sum(), w.mul(3).sum(), c2.sum(), rows[1]!.sum(), rows[3]!.mul(rows[3]!).sum());
    return { x, p, q, r, u, w, c1, c2, z };
  },
  permute_transpose() {
    const x = randn(2, 3, 4, { requiresGrad: true });
    const p = x.permute(2, 0, 1);
    const q = x.permute(-1, -3, 1);
    const t = x.transpose(0, 2);
    const z = total(p.mul(arange(0, 24, { dtype: 'float32' }).reshape(4, 2, 3)).sum(), q.sum(), t.mul(t).sum());
    return { x, p, q, t, z };
  },
  triu_tril() {
    const x = randn(2, 3, 3, { requiresGrad: true });
    const z = total(x.triu(1).mul(2).sum(), x.tril().mul(x.tril()).sum(), x.tril(-1).sum());
    return { x, z };
  },
  matmul_batched() {
    const a = randn(2, 3, 4, { requiresGrad: true });
    const b = randn(2, 4, 5, { requiresGrad: true });
    const c = randn(4, 5, { requiresGrad: true });
    const y = a.matmul(b);
    const z = y.mul(y).sum().add(a.matmul(c).sum());
    return { a, b, c, y, z };
  },
  matmul_broadcast() {
    const a = randn(2, 1, 3, 4, { requiresGrad: true });
    const b = randn(5, 4, 6, { requiresGrad: true });
    const y = a.matmul(b);
    const z = y.mul(y).sum();
    return { a, b, y, z };
  },
  matmul_matrix_batch() {
    const a = randn(3, 4, { requiresGrad: true });
    const b = randn(2, 4, 5, { requiresGrad: true });
    const v = randn(4, { requiresGrad: true });
    const z = total(a.matmul(b).sum(), v.matmul(b).sum(), b.transpose(-1, -2).matmul(v).sum());
    return { a, b, v, z };
  },
  matmul_transposed_batch() {
    const a = randn(2, 4, 3, { requiresGrad: true });
    const c = randn(4, 5, { requiresGrad: true });
    const y = a.transpose(-1, -2).matmul(c);
    const z = y.mul(y).sum();
    return { a, c, y, z };
  },
  bmm_baddbmm() {
    const a = randn(2, 3, 4, { requiresGrad: true });
    const b = randn(2, 4, 5);
    const m = randn(1, 3, 5, { requiresGrad: true });
    const y = bmm(a, b);
    const w = baddbmm(m, a, b, { alpha: 0.5 });
    const z = y.mul(y).sum().add(w.mul(w).sum());
    return { a, b, m, y, w, z };
  },
  gather_scatter_select() {
    const x = randn(3, 4, { requiresGrad: true });
    const src = randn(3, 2, { requiresGrad: true });
    const idx = long([[0, 3], [1, 1], [2, 0]]);
    const g = x.gather(1, idx);
    const s = x.scatter(1, idx, src);
    const s1 = x.scatter(0, long([[2, 0, 1, 0]]), 1.5);
    const i = x.indexSelect(1, long([3, 0, 3]));
    const z = total(g.mul(g).sum(), s.mul(s).sum(), s1.sum(), i.mul(2).sum());
    return { x, src, idx, g, s, s1, i, z };
  },
  masked_fill_where() {
    const x = randn(3, 4, { requiresGrad: true });
    const y = randn(3, 4, { requiresGrad: true });
    const v = tensor(0.5, { requiresGrad: true });
    const m = x.gt(0);
    const a = x.maskedFill(m, 0.0);
    const b = x.maskedFill(m.logicalNot(), Number.NEGATIVE_INFINITY).softmax(-1);
    const c = y.maskedFill(m.at(0), v);
    const w = where(m, x, y);
    const w2 = where(m, x, 0.0);
    const z = total(a.mul(a).sum(), b.mul(arange(0, 12, { dtype: 'float32' }).reshape(3, 4)).sum(), c.sum(), w.mul(w).sum(), w2.sum());
    return { x, y, v, m, a, b, c, w, w2, z };
  },
  masked_fill_inplace() {
    const x = randn(2, 3, { requiresGrad: true });
    const y = x.mul(1);
    y.maskedFill_(y.lt(0), 0);
    const z = y.mul(y).sum();
    return { x, y, z };
  },
  softmax_dims() {
    const x = randn(2, 3, 4, { requiresGrad: true });
    const z = total(x.softmax(0).mul(x).sum(), x.logSoftmax(1).mul(2).sum(), x.softmax(-1).at('...', 0).sum());
    return { x, z };
  },
  embedding_layer_norm_gelu() {
    const emb = new nn.Embedding(6, 4);
    const ln = new nn.LayerNorm(4);
    const [w, lw, lb] = [emb.weight, ln.weight!, ln.bias!];
    const idx = long([[0, 5, 2], [2, 2, 1]]);
    const h = emb.forward(idx);
    const y = F.gelu(ln.forward(h));
    const y2 = F.gelu(h, { approximate: 'tanh' });
    const z = y.mul(y).sum().add(y2.sum());
    return { w, lw, lb, idx, h, y, y2, z };
  },
  embedding_padding_layer_norm_no_affine() {
    const emb = new nn.Embedding(5, 3, { paddingIdx: 0 });
    const w = emb.weight;
    const h = emb.forward(long([0, 4, 0, 2]));
    const y = F.layerNorm(h, [3]);
    const z = y.mul(arange(0, 12, { dtype: 'float32' }).reshape(4, 3)).sum();
    return { w, h, y, z };
  },
  multihead_attention() {
    const mha = new nn.MultiheadAttention(8, 2, { batchFirst: true });
    const [wi, bi, wo, bo] = [mha.inProjWeight, mha.inProjBias!, mha.outProj.weight, mha.outProj.bias!];
    const x = randn(2, 4, 8, { requiresGrad: true });
    const mask = triu(ones([4, 4], { dtype: 'bool' }), 1);
    const [out, att] = mha.forward(x, x, x, { attnMask: mask });
    const z = out.mul(out).sum().add(att!.mul(att!).sum());
    return { wi, bi, wo, bo, x, mask, out, att: att!, z };
  },
  multihead_attention_cross_dropout() {
    const mha = new nn.MultiheadAttention(6, 3, { dropout: 0.25 });
    const [wi, bi, wo, bo] = [mha.inProjWeight, mha.inProjBias!, mha.outProj.weight, mha.outProj.bias!];
    const q = randn(3, 2, 6, { requiresGrad: true });
    const kv = randn(5, 2, 6);
    const pad = tensor([[false, false, false, true, true], [false, false, false, false, false]]);
    const [out, att] = mha.forward(q, kv, kv, { keyPaddingMask: pad, averageAttnWeights: false });
    const z = out.mul(out).sum().add(att!.sum());
    return { wi, bi, wo, bo, q, kv, pad, out, att: att!, z };
  },
};

/** PyTorch sums float32 products in float32, gradviz in float64: a sum of O(1) terms differs by about 1e-6. */
const TOLERANCE = { relative: 1e-5, absolute: 2e-6 };

describe('graphs, values, gradients and errors match PyTorch 1.13 (fixtures/breadth-reference.json)', () => {
  for (const scenario of reference.graphs) {
    it(scenario.id, () => {
      const translation = graphCases[scenario.id];
      expect(translation, `no translation for ${scenario.id}`).toBeDefined();
      manualSeed(0);
      runScenario(scenario, () => catchWarnings(translation!).result, TOLERANCE);
    });
  }
});

const errorCases: Record<string, () => unknown> = {
  too_many_indices: () => randn(2, 3).at(0, 1, 2),
  index_out_of_range: () => randn(2, 3).at(5),
  mask_shape: () => randn(3, 4).at(tensor([true, false])),
  tensor_index_out_of_range: () => randn(3, 4).at(long([0, 7])),
  float_index: () => randn(3).at(tensor([0.0, 1.0])),
  float_number_index: () => arange(0, 3, { dtype: 'float32' }).at(1.5),
  negative_step: () => arange(0, 3, { dtype: 'float32' }).at('::-1'),
  zero_step: () => arange(0, 3, { dtype: 'float32' }).at('::0'),
  zero_dim_index: () => tensor(3.0).at(0),
  cat_sizes: () => cat([randn(2, 3), randn(3, 3)], 1),
  cat_empty: () => cat([]),
  stack_sizes: () => stack([randn(2, 3), randn(3)]),
  split_sizes: () => randn(5).split([2, 2]),
  matmul_batched_mismatch: () => randn(2, 3, 4).matmul(randn(2, 5, 6)),
  bmm_not_3d: () => bmm(randn(3, 4), randn(4, 5)),
  embedding_float_indices: () => F.embedding(tensor([0.0, 1.0]), randn(3, 2)),
  embedding_out_of_range: () => F.embedding(long([0, 3]), randn(3, 2)),
  where_long_condition: () => where(long([1, 0]), randn(2), randn(2)),
  bool_sub: () => tensor([true]).sub(tensor([false])),
  bool_neg: () => tensor([true]).neg(),
  bool_mean: () => tensor([true, false]).mean(),
  numpy_requires_grad: () => randn(2, { requiresGrad: true }).numpy(),
  tensor_of_vectors: () => tensor([tensor([1.0, 2.0]), tensor([3.0, 4.0])] as unknown as Tensor[]),
  layer_norm_shape: () => F.layerNorm(randn(2, 3), [4]),
  gather_rank: () => randn(3, 4).gather(1, long([0, 1])),
  permute_length: () => randn(2, 3).permute(0),
  triu_1d: () => randn(3).triu(),
};

describe("bad input raises PyTorch's error class and text", () => {
  for (const { id, error } of reference.errors) {
    it(id, () => {
      const run = errorCases[id];
      expect(run, `no translation for ${id}`).toBeDefined();
      expect(errorOf(() => run!())).toEqual(error);
    });
  }
});

describe('warnings as PyTorch gives them', () => {
  const warningCases: Record<string, () => unknown> = {
    tensor_of_tensor: () => tensor(tensor([1.0, 2.0], { requiresGrad: true })),
  };
  for (const { id, warnings } of reference.warnings) {
    it(id, () => {
      expect(catchWarnings(warningCases[id]!).warnings.map((w) => w.message)).toEqual(warnings);
    });
  }
});

describe('values out of the graph as PyTorch gives them', () => {
  /** What NumPy's dtype is, for each typed array numpy() returns: int64 values come as float64 numbers, exact to 2^53. */
  const NUMPY_DTYPE: Record<string, string> = { float32: 'Float32Array', int64: 'Float64Array', bool: 'Uint8Array' };
  const asRecorded = (value: unknown): unknown => {
    if (!ArrayBuffer.isView(value)) return value;
    const array = value as Float32Array | Float64Array | Uint8Array;
    return { type: array.constructor.name, values: Array.from(array, (v) => (array instanceof Uint8Array ? v !== 0 : v)) };
  };
  const valueCases: Record<string, () => unknown> = {
    item_of_matrix: () => tensor([[7.0]]).item(),
    item_of_bool: () => tensor([1.0, 2.0]).gt(0).all().item(),
    tolist_bool: () => tensor([[1.0, -1.0]]).gt(0).tolist(),
    tolist_long: () => long([[3, 4], [5, 6]]).tolist(),
    tolist_scalar: () => tensor(2.5).tolist(),
    numpy_float: () => tensor([1.5, 2.0]).numpy(),
    numpy_long: () => long([3, 4]).numpy(),
    numpy_bool: () => tensor([1.0, -1.0]).gt(0).numpy(),
    numpy_transposed: () => arange(0, 6, { dtype: 'float32' }).reshape(2, 3).t().numpy(),
  };
  for (const { id, result } of reference.values) {
    it(id, () => {
      const recorded = result as { numpy_dtype?: string; values?: unknown[] };
      const want = recorded?.numpy_dtype ? { type: NUMPY_DTYPE[recorded.numpy_dtype], values: recorded.values } : result;
      expect(asRecorded(valueCases[id]!())).toEqual(want);
    });
  }
});

describe('AdamW steps as PyTorch 1.13 does', () => {
  it('adamw', () => {
    const recorded = reference.optimizers.find((o) => o.id === 'adamw')!;
    manualSeed(0);
    const model = new nn.Linear(3, 2);
    const X = randn(6, 3);
    const Y = randn(6, 2);
    const opt = new optim.AdamW(model.parameters(), { lr: 0.05, betas: [0.8, 0.95], weightDecay: 0.1 });
    for (const step of recorded.steps) {
      opt.zeroGrad();
      const loss = model.forward(X).sub(Y).pow(2).mean();
      loss.backward();
      opt.step();
      expectClose([loss.item()], [step.loss as RecordedNumber], 'loss', TOLERANCE);
      expectClose(model.weight.toTypedArray(), step.weight, 'weight', TOLERANCE);
      expectClose(model.bias!.toTypedArray(), step.bias, 'bias', TOLERANCE);
    }
  });
});
