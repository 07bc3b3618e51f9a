/** The broken chain, named and explained: findings, marks and legend on the reference scenarios. */
import { arange, noGrad, randn, tensor, zeros } from '@gradviz/engine';
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { describe, expect, it } from 'vitest';
import { diagnose, explain, type Finding, makeDot } from '../src/index.js';
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

  it(".to('float64') of randn(4, 1): the call named as written, the fix a creation that pastes", () => {
    const w = randn(4, 1, { requiresGrad: true }).to('float64');
    const [finding, ...rest] = makeDot(w.pow(2).sum(), { params: { w } }).diagnostics;
    expect(rest).toEqual([]);
    expect(finding!.text).toContain(".to('float64') on line");
    expect(finding!.code).toBe("randn(4, 1, { requiresGrad: true, dtype: 'float64' })");
    // The fix, run: w is the leaf, and its gradient arrives.
    const fixed = randn(4, 1, { requiresGrad: true, dtype: 'float64' });
    fixed.pow(2).sum().backward();
    expect([fixed.isLeaf, fixed.grad?.dtype]).toEqual([true, 'float64']);
  });

  it('w = w.sub(w.grad.mul(lr)): a hand-written step out of place, fixed in place under noGrad', () => {
    const x = randn(8, 2);
    let w = randn(2, 1, { requiresGrad: true });
    const lr = 0.1;
    x.matmul(w).pow(2).mean().backward();
    w = w.sub(w.grad!.mul(lr));
    const [finding, ...rest] = makeDot(x.matmul(w).pow(2).mean(), { params: { w } }).diagnostics;
    expect(rest).toEqual([]);
    expect(finding!.text).toMatch(/^w\.grad is null because w is not a leaf: SubBackward0 on line \d+ of diagnose\.test\.ts made a new w from the old one/);
    expect(finding!.code).toBe('noGrad(() => w.sub_(w.grad!.mul(lr)))');
    // The fix, run: w stays the leaf and gets its gradient each step.
    const fixed = randn(2, 1, { requiresGrad: true });
    for (let step = 0; step < 2; step++) {
      x.matmul(fixed).pow(2).mean().backward();
      noGrad(() => fixed.sub_(fixed.grad!.mul(lr)));
      expect([fixed.isLeaf, fixed.grad === null]).toEqual([true, false]);
      fixed.grad!.zero_();
    }
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
      expect(g.diagnostics[0]!.text).toMatch(/^a \(float32\) enters the graph through a copy to float64 \(ToCopyBackward0\) on line \d+ of translations\.ts; its gradient arrives, converted back to float32\.$/);
      const copyNode = g.diagnostics[0]!.nodes[0]!;
      expect(g.snapshot.nodes[copyNode]!.name).toBe('ToCopyBackward0');
      expect(g.graph.nodes.find((n) => n.id === `n${copyNode}`)!.badge).toBe('dtype copy');
    }
  });

  it('detach_cuts_chain: w is cut by detach(); its ghost box links to where its value entered', () => {
    const g = graphOf('detach_cuts_chain');
    expect(kinds(g.diagnostics)).toEqual(['detachedParam:w:error']);
    const finding = g.diagnostics[0]!;
    expect(finding.text).toMatch(/^w\.detach\(\) on line \d+ of translations\.ts cut the chain: the values of w enter AddBackward0 as a constant, so backward never reaches w and w\.grad stays null\.$/);
    expect(finding.fix).toBe('Use w itself instead of w.detach() where its gradient should flow.');
    expect(g.graph.nodes.find((n) => n.id === 'p:w')).toMatchObject({ kind: 'ghost', ghost: true, badge: 'cut by detach()' });
    expect(g.graph.edges).toContainEqual({ from: 'p:w', to: 'n1', kind: 'cut', arrow: true, style: 'dashed', broken: true });
    expect(g.explain('x')).toBe('x is a leaf of this graph that requires grad: backward fills x.grad.');
    expect(g.explain('w')).toBe(`${finding.text} Fix: ${finding.fix}`);
  });

  it('no_grad_cuts_chain: x was used under noGrad; its ghost links to MulBackward0', () => {
    const g = graphOf('no_grad_cuts_chain');
    expect(kinds(g.diagnostics)).toEqual(['noGradParam:x:error']);
    expect(g.diagnostics[0]!.text).toMatch(/^Under noGrad on line \d+ of translations\.ts, the values computed from x enter MulBackward0 as a constant, so backward never reaches x and x\.grad stays null\.$/);
    expect(g.graph.edges).toContainEqual({ from: 'p:x', to: 'n1', kind: 'cut', arrow: true, style: 'dashed', broken: true });
  });

  it('all_detached_backward_error: the output has no gradFn', () => {
    const g = graphOf('all_detached_backward_error');
    expect(kinds(g.diagnostics)).toEqual(['outputWithoutGrad::error', 'detachedParam:x:error']);
    expect(g.diagnostics[0]!.text).toBe(
      'output 0 has no gradFn: nothing that requires grad reaches it (it was computed from x, cut off from the graph), so backward() on it raises "element 0 of tensors does not require grad and does not have a grad_fn".',
    );
    expect(g.diagnostics[0]!.pytorch).toBe('element 0 of tensors does not require grad and does not have a grad_fn');
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
  it('a param made under noGrad from tensors that need no gradient simply does not require grad', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const offset = noGrad(() => zeros(2).add(1));
    const g = makeDot(w.mul(offset).sum(), { params: { w, offset } });
    expect(kinds(g.diagnostics)).toEqual(['paramNoGrad:offset:error']);
    expect(g.diagnostics[0]!.text).toBe('offset does not require grad and enters MulBackward0 as a constant: it gets no gradient.');
  });

  it('an int64 param: the fix makes it floating point, as requiresGrad_() would throw', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const steps = arange(2);
    const g = makeDot(w.add(steps).sum(), { params: { w, steps } });
    expect(kinds(g.diagnostics)).toEqual(['paramNoGrad:steps:error']);
    expect(g.diagnostics[0]!.fix).toBe("int64 tensors cannot require grad: make steps floating point (steps.float(), or dtype: 'float32' when you create it) if it is meant to be trained.");
    expect(() => steps.requiresGrad_()).toThrow();
  });

  it('a param cut both by detach() and under noGrad: one finding per cut, each with its own nodes', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const w = tensor([3, 4], { requiresGrad: true });
    const out = w.mul(x.detach()).add(noGrad(() => x.mul(2))).sum();
    const g = makeDot(out, { params: { x, w } });
    expect(kinds(g.diagnostics)).toEqual(['noGradParam:x:error', 'detachedParam:x:error']);
    const [noGradCut, detachCut] = g.diagnostics as [Finding, Finding];
    expect(noGradCut.nodes.map((n) => g.snapshot.nodes[n]!.name)).toEqual(['AddBackward0']);
    expect(noGradCut.text).toMatch(/^Under noGrad on line \d+ of diagnose\.test\.ts, the values computed from x enter AddBackward0 as a constant/);
    expect(detachCut.nodes.map((n) => g.snapshot.nodes[n]!.name)).toEqual(['MulBackward0']);
    expect(detachCut.text).toMatch(/^x\.detach\(\) on line \d+ of diagnose\.test\.ts cut the chain: the values of x enter MulBackward0 as a constant, so backward never reaches x and x\.grad stays null\.$/);
    // One ghost box says both, with an arrow to each node; explain() gives both.
    expect(g.graph.nodes.find((n) => n.id === 'p:x')).toMatchObject({ kind: 'ghost', badge: 'used under noGrad; cut by detach()' });
    expect(g.graph.edges.filter((e) => e.from === 'p:x').map((e) => e.to)).toEqual(noGradCut.nodes.concat(detachCut.nodes).map((n) => `n${n}`));
    expect(g.explain('x')).toBe(`${noGradCut.text} Fix: ${noGradCut.fix} ${detachCut.text} Fix: ${detachCut.fix}`);
  });

  it('a non-leaf param reached only through detach() is cut, not missing from the graph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(2);
    const g = makeDot(h.detach().mul(3).sum(), { params: { h } });
    expect(kinds(g.diagnostics)).toEqual(['outputWithoutGrad::error', 'detachedParam:h:error']);
    expect(g.diagnostics[1]!.text).toMatch(/^h\.detach\(\) on line \d+ of diagnose\.test\.ts cut the chain: the values of h reach the output, which has no gradFn, so backward never reaches h and h\.grad stays null\.$/);
    const viaNoGrad = makeDot(tensor([1], { requiresGrad: true }).mul(noGrad(() => h.add(1))).sum(), { params: { h } });
    expect(kinds(viaNoGrad.diagnostics)).toEqual(['noGradParam:h:error']);
  });

  it('in-place ops keep the cut: copy_ under noGrad, add_ of a detach()', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const w = tensor([3, 4], { requiresGrad: true });
    const copied = zeros(2);
    noGrad(() => copied.copy_(x.mul(2)));
    const viaCopy = makeDot(w.mul(copied).sum(), { params: { x, w } });
    expect(kinds(viaCopy.diagnostics)).toEqual(['noGradParam:x:error']);
    expect(viaCopy.diagnostics[0]!.text).toMatch(/^Under noGrad on line \d+ of diagnose\.test\.ts, the values computed from x enter MulBackward0 as a constant/);
    const added = zeros(2);
    added.add_(x.detach());
    const viaAdd = makeDot(w.mul(added).sum(), { params: { x, w } });
    expect(kinds(viaAdd.diagnostics)).toEqual(['detachedParam:x:error']);
    expect(viaAdd.diagnostics[0]!.text).toMatch(/^x\.detach\(\) on line \d+ of diagnose\.test\.ts cut the chain: the values of x enter MulBackward0 as a constant, so backward never reaches x and x\.grad stays null\.$/);
  });

  it('values copied out of the graph: tensor() of tensors, tolist(), and numpy() after detach()', () => {
    const a = tensor(2, { requiresGrad: true });
    const c = tensor(3, { requiresGrad: true });
    const w = tensor([1, 1], { requiresGrad: true });
    const viaTensor = makeDot(tensor([a, c]).mul(w).sum(), { params: { a, c, w } });
    // One call cut both: one finding, naming both.
    expect(kinds(viaTensor.diagnostics)).toEqual(['copiedParam:a,c:error']);
    expect(viaTensor.diagnostics[0]!.text).toMatch(
      /^tensor\(\[\.\.\.\]\) on line \d+ of diagnose\.test\.ts copied the values of a and c into a new tensor without a graph, whose values enter MulBackward0 as a constant: backward never reaches a and c, and a\.grad and c\.grad stay null\.$/,
    );
    expect(viaTensor.diagnostics[0]!.fix).toMatch(/^Join the tensors with stack\(\), which keeps the graph, instead of copying their values into tensor\(\): stack\(\[a, c\]\)\.$/);
    expect(viaTensor.diagnostics[0]!.code).toBe('stack([a, c])');
    expect(viaTensor.graph.nodes.find((n) => n.id === 'p:c')).toMatchObject({ badge: 'values copied' });
    expect(viaTensor.graph.nodes.find((n) => n.id === 'p:a')).toMatchObject({ badge: 'values copied' });
    const x = tensor([1, 2], { requiresGrad: true });
    const viaList = makeDot(tensor(x.tolist() as number[]).mul(w).sum(), { params: { x, w } });
    expect(kinds(viaList.diagnostics)).toEqual(['copiedParam:x:error']);
    expect(viaList.diagnostics[0]!.text).toMatch(/^x\.tolist\(\) took the values of x out of the graph as plain numbers, and tensor\(\) on line \d+ of diagnose\.test\.ts made a new tensor of them/);
    const rebuilt = tensor(x.detach().numpy());
    const viaNumpy = makeDot(rebuilt.mul(w).sum(), { params: { x, w } });
    expect(kinds(viaNumpy.diagnostics)).toEqual(['detachedParam:x:error']);
    expect(viaNumpy.diagnostics[0]!.text).toMatch(
      /^x\.detach\(\)\.numpy\(\) took the values of x out of the graph as plain numbers, and tensor\(\) on line \d+ of diagnose\.test\.ts made a new tensor of them, whose values enter MulBackward0 as a constant/,
    );
    expect(viaNumpy.diagnostics[0]!.fix).toBe('Compute with x itself: tensor ops keep the graph, while x.detach().numpy() gives plain numbers that carry no gradient.');
    const origin = viaNumpy.snapshot.tensors.find((t) => t.origin?.kind === 'created' && t.origin.via === 'numpy')!.origin!;
    expect(origin).toMatchObject({ kind: 'created', fn: 'tensor', via: 'numpy' });
  });

  it('a value used by thousands of ops: each node name once, the rest counted, a few arrows drawn', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const w = tensor([3, 4], { requiresGrad: true });
    const cut = x.detach();
    let out = w.mul(cut);
    for (let i = 1; i < 5000; i++) out = out.mul(cut);
    const g = makeDot(out.add(cut).sum(), { params: { x } });
    expect(kinds(g.diagnostics)).toEqual(['detachedParam:x:error']);
    expect(g.diagnostics[0]!.nodes).toHaveLength(5001);
    expect(g.diagnostics[0]!.text).toMatch(
      /^x\.detach\(\) on line \d+ of diagnose\.test\.ts cut the chain: the values of x enter AddBackward0, MulBackward0 and 4,999 more nodes as a constant, so backward never reaches x and x\.grad stays null\.$/,
    );
    expect(g.graph.edges.filter((e) => e.from === 'p:x')).toHaveLength(5);
    expect(g.graph.nodes.find((n) => n.id === 'p:x')!.details).toContainEqual(['cut arrows', 'drawn to 5 of the 5,001 boxes its value entered']);
  });

  it('a value that enters the same kind of node twice names it once and counts the other', () => {
    const bias = tensor([1, 2]);
    const w = tensor([3, 4], { requiresGrad: true });
    const g = makeDot(w.mul(bias).mul(bias).sum(), { params: { bias } });
    expect(g.diagnostics[0]!.text).toBe('bias does not require grad and enters MulBackward0 and 1 more node as a constant: it gets no gradient.');
  });

  it('reads a constant used by 40,000 ops in linear time', () => {
    const uses = 40_000;
    const snapshot: GraphSnapshot = {
      format: 'gradviz.graph',
      version: 1,
      outputs: [{ tensor: 0, gradFn: 0 }],
      tensors: [
        { id: 0, shape: [], dtype: 'float32', requiresGrad: true, isLeaf: false, gradFn: { name: 'MulBackward0', node: 0 } },
        { id: 1, shape: [], dtype: 'float32', requiresGrad: true, isLeaf: true },
        { id: 2, shape: [], dtype: 'float32', requiresGrad: false, isLeaf: true, cutSources: [{ tensor: 3, cut: 'detach', at: 2 }] },
        { id: 3, shape: [], dtype: 'float32', requiresGrad: true, isLeaf: true, params: ['x'] },
      ],
      // A chain of MulBackward0 nodes, each taking tensor 2 as a constant, down to w's AccumulateGrad.
      nodes: [
        ...Array.from({ length: uses }, (_, i) => ({ id: i, name: 'MulBackward0', next: [[i + 1, 0], [null, 0]] as const, constants: [null, { tensor: 2 }], saved: {} })),
        { id: uses, name: 'AccumulateGrad', next: [], variable: 1, saved: {} },
      ],
      params: [{ name: 'x', tensor: 3 }],
    };
    const start = performance.now();
    const findings = diagnose(snapshot);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(findings.map((f) => f.kind)).toEqual(['detachedParam']);
    expect(findings[0]!.nodes).toHaveLength(uses);
  });

  it('a param made under noGrad, and one that does not require grad', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const scale = noGrad(() => x.mul(0.5));
    const bias = tensor([0.1, 0.2]);
    const out = x.mul(scale).add(bias).sum();
    const g = makeDot(out, { params: { x, scale, bias } });
    // x gets its gradient through x.mul(), but not through scale, made from it under noGrad.
    expect(kinds(g.diagnostics)).toEqual(['paramMadeUnderNoGrad:scale:error', 'paramNoGrad:bias:error', 'partlyCutParam:x:warning']);
    expect(g.diagnostics[0]!.text).toMatch(/^scale was made under noGrad \(by mul\(\) on line \d+ of diagnose\.test\.ts\), so it does not require grad and enters MulBackward0 as a constant: it gets no gradient\.$/);
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
    expect(g.diagnostics[0]!.text).toMatch(
      /^scaled\.grad is null because scaled is not a leaf: MulBackward0 on line \d+ of diagnose\.test\.ts computed it, and backward passes through it to the float32 leaf behind it, which nothing names\.$/,
    );
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
    expect(explain(v, { name: 'v', outputs: v.detach().mul(2).sum() })).toMatch(/^output 0 has no gradFn: .* v\.detach\(\) on line \d+ of diagnose\.test\.ts cut the chain/);
  });

  it('explain() of something that is not a tensor says so in its own words', () => {
    expect(() => explain(5 as never)).toThrow(new TypeError('explain(): expected a Tensor, got 5'));
  });
});
