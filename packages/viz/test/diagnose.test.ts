/** The broken chain, named and explained: findings, marks and legend on the reference scenarios. */
import { noGrad, tensor } from '@gradviz/engine';
import { describe, expect, it } from 'vitest';
import { explain, type Finding, makeDot } from '../src/index.js';
import { runScenario } from './support/scenarios.js';

function graphOf(id: string) {
  const { outputs, params } = runScenario(id);
  return makeDot(outputs, { params });
}

const kinds = (findings: readonly Finding[]) => findings.map((f) => `${f.kind}:${f.params.join(',')}:${f.severity}`);

describe('diagnosis of the reference scenarios', () => {
  it("blog_float_copy: x is not a leaf; the unnamed float64 leaf gets the gradient; the fix is the dtype at creation", () => {
    const g = graphOf('blog_float_copy');
    expect(kinds(g.diagnostics)).toEqual(['nonLeafParam:x:error']);
    const [finding] = g.diagnostics;
    expect(finding!.text).toMatch(/^x\.grad is null because x is not a leaf: \.float\(\) on line \d+ of translations\.ts made x a float32 copy \(ToCopyBackward0\) of a float64 tensor, and backward puts the gradient in the float64 leaf behind it, which nothing names\.$/);
    expect(finding!.fix).toContain("tensor(values, { requiresGrad: true, dtype: 'float32' })");
    expect(finding!.fix).toContain('.float() before .requiresGrad_()');
    expect(finding!.fix).toContain('x.retainGrad()');
    // The picture: x's own box hangs from ToCopyBackward0, flagged; the real leaf is marked.
    const x = g.graph.nodes.find((n) => n.id === 'p:x')!;
    expect(x).toMatchObject({ kind: 'param', broken: true, badge: 'not a leaf', lines: ['x', ' (17)'] });
    const toCopy = g.snapshot.nodes.findIndex((n) => n.name === 'ToCopyBackward0');
    expect(g.graph.edges).toContainEqual({ from: `n${toCopy}`, to: 'p:x', kind: 'param', arrow: true, style: 'dashed', broken: true });
    const leafId = g.snapshot.nodes.find((n) => n.name === 'AccumulateGrad')!.variable!;
    expect(g.graph.nodes.find((n) => n.id === `t${leafId}`)).toMatchObject({ receivesGrad: true, badge: 'gradient goes here; nothing names it' });
    expect(g.graph.legend).toEqual([{ text: finding!.text, fix: finding!.fix, severity: 'error' }]);
  });

  it('retain_grad: x.grad is filled, but x is still not the leaf an optimizer should get', () => {
    const g = graphOf('retain_grad');
    expect(kinds(g.diagnostics)).toEqual(['nonLeafParam:x:warning']);
    expect(g.diagnostics[0]!.text).toMatch(/^x is not a leaf — .* so although retainGrad\(\) fills x\.grad, an optimizer given x would update the copy/);
  });

  it('double_then_float and to_dtype: a leaf enters through a dtype copy; its gradient arrives', () => {
    for (const id of ['double_then_float', 'to_dtype']) {
      const g = graphOf(id);
      expect(kinds(g.diagnostics), id).toEqual(['dtypeCopy:a:info']);
      expect(g.diagnostics[0]!.text).toMatch(/^a \(float32\) enters the graph through a copy to float64 \(ToCopyBackward0\); its gradient arrives, converted back to float32\.$/);
      const copyNode = g.diagnostics[0]!.nodes[0]!;
      expect(g.snapshot.nodes[copyNode]!.name).toBe('ToCopyBackward0');
      expect(g.graph.nodes.find((n) => n.id === `n${copyNode}`)!.badge).toBe('dtype copy');
    }
  });

  it('detach_cuts_chain: w is cut by detach(); its ghost box links to where its value entered', () => {
    const g = graphOf('detach_cuts_chain');
    expect(kinds(g.diagnostics)).toEqual(['detachedParam:w:error']);
    const finding = g.diagnostics[0]!;
    expect(finding.text).toBe("w.detach() cut the chain: w's values enter AddBackward0 as a constant, so backward never reaches w and w.grad stays null.");
    expect(finding.fix).toBe('Use w itself instead of w.detach() where its gradient should flow.');
    expect(g.graph.nodes.find((n) => n.id === 'p:w')).toMatchObject({ kind: 'ghost', ghost: true, badge: 'cut by detach()' });
    expect(g.graph.edges).toContainEqual({ from: 'p:w', to: 'n1', kind: 'cut', arrow: true, style: 'dashed', broken: true });
    expect(g.explain('x')).toBe('x is a leaf of this graph that requires grad: backward fills x.grad.');
    expect(g.explain('w')).toBe(`${finding.text} Fix: ${finding.fix}`);
  });

  it('no_grad_cuts_chain: x was used under noGrad; its ghost links to MulBackward0', () => {
    const g = graphOf('no_grad_cuts_chain');
    expect(kinds(g.diagnostics)).toEqual(['noGradParam:x:error']);
    expect(g.diagnostics[0]!.text).toMatch(/^x was used under noGrad on line \d+ of translations\.ts: the result enters MulBackward0 as a constant, so backward never reaches x and x\.grad stays null\.$/);
    expect(g.graph.edges).toContainEqual({ from: 'p:x', to: 'n1', kind: 'cut', arrow: true, style: 'dashed', broken: true });
  });

  it('all_detached_backward_error: the output has no gradFn', () => {
    const g = graphOf('all_detached_backward_error');
    expect(kinds(g.diagnostics)).toEqual(['outputWithoutGrad::error', 'detachedParam:x:error']);
    expect(g.diagnostics[0]!.text).toBe('output 0 has no gradFn: nothing that requires grad reaches it (it was computed from x through detach()), so backward() on it raises.');
  });

  it('the fixed versions have no finding', () => {
    for (const id of ['blog_dtype_arg', 'float_on_float32_is_noop', 'linear_regression_book', 'two_outputs', 'reuse_same_leaf']) {
      const g = graphOf(id);
      expect(g.diagnostics, id).toEqual([]);
      expect(g.graph.legend, id).toEqual([]);
    }
  });
});

describe('diagnosis beyond the reference scenarios', () => {
  it('a param made under noGrad, and one that does not require grad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const scale = noGrad(() => x.mul(0.5));
    const bias = tensor([0.1, 0.2]);
    const out = x.mul(scale).add(bias).sum();
    const g = makeDot(out, { params: { x, scale, bias } });
    expect(kinds(g.diagnostics)).toEqual(['paramMadeUnderNoGrad:scale:error', 'paramNoGrad:bias:error']);
    expect(g.diagnostics[0]!.text).toMatch(/^scale was made under noGrad \(by mul on line \d+ of diagnose\.test\.ts\), so it does not require grad and enters MulBackward0 as a constant: it gets no gradient\.$/);
    expect(g.diagnostics[1]!.text).toBe('bias does not require grad and enters AddBackward0 as a constant: it gets no gradient.');
    expect(g.diagnostics[1]!.fix).toBe('Create it with { requiresGrad: true }, or call bias.requiresGrad_() before using it.');
  });

  it('a param the outputs are not computed from', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const unused = tensor([3], { requiresGrad: true });
    const g = makeDot(x.sum(), { params: { x, unused } });
    expect(kinds(g.diagnostics)).toEqual(['paramNotInGraph:unused:error']);
    expect(g.graph.nodes.find((n) => n.id === 'p:unused')).toMatchObject({ kind: 'ghost', badge: 'not in the graph' });
  });

  it('a non-leaf param computed by an op', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const scaled = w.mul(2);
    const g = makeDot(scaled.pow(2).sum(), { params: { scaled } });
    expect(kinds(g.diagnostics)).toEqual(['nonLeafParam:scaled:error']);
    expect(g.diagnostics[0]!.text).toMatch(/^scaled\.grad is null because scaled is not a leaf: MulBackward0 computed it, and backward passes through it to the float32 leaf behind it, which nothing names\.$/);
  });

  it('every params name appears in the picture, even one torchviz overwrites', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    // torchviz relabels x's box as PowBackward0's saved `self`; gradviz adds a box for the name.
    const g = makeDot([x.mul(3).sum(), x.pow(2).mean()], { params: { x }, showSaved: true });
    expect(g.graph.nodes.find((n) => n.id === 'p:x')).toMatchObject({ kind: 'param', lines: ['x', ' (2)'] });
  });

  it('explain(tensor) says why .grad is or will be null', () => {
    const x = tensor(Float64Array.of(1, 2), { requiresGrad: true }).float();
    expect(explain(x)).toMatch(/^x\.grad is null because x is not a leaf: \.float\(\) on line \d+ of diagnose\.test\.ts made x a float32 copy/);
    const w = tensor([1], { requiresGrad: true });
    expect(explain(w, { name: 'w' })).toBe('w is a leaf that requires grad: backward from an output computed from w fills w.grad.');
    const v = tensor([1], { requiresGrad: true });
    expect(explain(v, { name: 'v', outputs: v.detach().mul(2).sum() })).toMatch(/^v\.detach\(\) cut the chain/);
  });
});
