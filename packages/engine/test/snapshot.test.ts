/** The snapshot: plain JSON, identities of saved tensors, and the provenance that explains a cut. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { F, type GraphSnapshot, nn, noGrad, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, snapshot, tensor, zeros } from '../src/index.js';

const thisFile = new URL(import.meta.url).pathname;

/** The 1-based line of this file that contains `text`. */
function lineOf(text: string): number {
  return readFileSync(thisFile, 'utf8').split('\n').findIndex((l) => l.includes(text) && !l.includes('lineOf')) + 1;
}

function tensorNamed(graph: GraphSnapshot, name: string) {
  const param = graph.params.find((p) => p.name === name)!;
  return graph.tensors[param.tensor]!;
}

describe('snapshot', () => {
  it('is versioned plain JSON', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const graph = snapshot(x.mul(2).sum(), { params: { x } });
    expect(graph.format).toBe(SNAPSHOT_FORMAT);
    expect(graph.version).toBe(SNAPSHOT_VERSION);
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
  });

  it("names the seed's non-leaf x, the node that made it, the float64 leaf behind it and the line", () => {
    const x = tensor(Float64Array.of(-2, -1.75), { requiresGrad: true }).float();
    const line = lineOf('Float64Array.of(-2, -1.75)');
    const z = x.pow(2).mul(2).add(2).sum();
    const graph = snapshot(z, { params: { x } });
    const named = tensorNamed(graph, 'x');
    expect(named).toMatchObject({ isLeaf: false, dtype: 'float32', gradFn: { name: 'ToCopyBackward0', node: 4 }, params: ['x'] });
    expect(named.origin).toMatchObject({ kind: 'dtypeCopy', from: 'float64', to: 'float32', source: { file: thisFile, line } });
    const origin = named.origin as { of: number };
    const accumulate = graph.nodes[5]!;
    expect(accumulate.name).toBe('AccumulateGrad');
    expect(accumulate.variable).toBe(origin.of);
    expect(graph.tensors[origin.of]).toMatchObject({ isLeaf: true, dtype: 'float64', origin: { kind: 'created', fn: 'tensor' } });
    expect(graph.tensors[origin.of]!.params).toBeUndefined();
  });

  it('gives a saved input the identity of the input, and a saved result one of its own', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const e = x.mul(x).exp();
    const graph = snapshot(e.sum());
    const exp = graph.nodes.find((n) => n.name === 'ExpBackward0')!;
    const mul = graph.nodes.find((n) => n.name === 'MulBackward0')!;
    const leafId = graph.nodes.find((n) => n.name === 'AccumulateGrad')!.variable;
    expect(mul.saved.self).toEqual({ type: 'tensor', tensor: leafId });
    expect(mul.saved.other).toEqual({ type: 'tensor', tensor: leafId });
    const result = exp.saved.result as { tensor: number };
    expect(result.tensor).not.toBe(leafId);
    expect(graph.tensors[result.tensor]!.shape).toEqual([2]);
  });

  it('records what a null input was: a number, or a tensor cut by detach()', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const w = tensor([3, 4], { requiresGrad: true });
    const z = x.mul(2).add(w.detach().mul(3)).sum();
    const graph = snapshot(z, { params: { x, w } });
    const add = graph.nodes[1]!;
    expect(add.name).toBe('AddBackward0');
    expect(add.next[1]).toEqual([null, 0]);
    const constant = add.constants![1] as { tensor: number };
    const entered = graph.tensors[constant.tensor]!;
    expect(entered.origin).toMatchObject({ kind: 'op', op: 'mul' });
    const wId = graph.params.find((p) => p.name === 'w')!.tensor;
    expect(entered.cutSources).toHaveLength(1);
    expect(entered.cutSources![0]).toMatchObject({ tensor: wId, cut: 'detach' });
    expect(graph.tensors[entered.cutSources![0]!.at]!.origin).toMatchObject({ kind: 'detach', of: wId });
    expect(graph.nodes[2]!.constants).toEqual([null, { number: 2 }]);
  });

  it('records a tensor made under noGrad from one that needed a gradient', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const w = tensor([0.5, -0.5], { requiresGrad: true });
    const h = noGrad(() => x.mul(2));
    const graph = snapshot(h.mul(w).sum(), { params: { x, w } });
    const mul = graph.nodes[1]!;
    const hId = (mul.constants![0] as { tensor: number }).tensor;
    const xId = graph.params.find((p) => p.name === 'x')!.tensor;
    expect(graph.tensors[hId]).toMatchObject({
      requiresGrad: false,
      origin: { kind: 'noGrad', op: 'mul', source: { file: thisFile } },
      cutSources: [{ tensor: xId, cut: 'noGrad', at: hId }],
    });
  });

  it('keeps the line of a tensor cut off by detach() after it is gone', () => {
    const l1 = new nn.Linear(4, 3);
    const h = F.relu(l1.forward(zeros(2, 4))).detach(); // relu's result is held by nothing
    const graph = snapshot(h.mul(tensor([1, 2, 3], { requiresGrad: true })).sum(), { params: l1.namedParameters() });
    const cut = graph.tensors.flatMap((t) => t.cutSources ?? [])[0]!;
    expect(graph.tensors[cut.tensor]!.origin).toMatchObject({ kind: 'op', op: 'relu', source: { file: thisFile, line: lineOf('F.relu(l1.forward') } });
  });

  it('takes params as [name, tensor] pairs and keeps every name of a tensor', () => {
    const w = tensor([1], { requiresGrad: true });
    const graph = snapshot(w.mul(2), { params: [['a', w], ['b', w]] });
    expect(graph.tensors[graph.params[0]!.tensor]!.params).toEqual(['a', 'b']);
  });

  it('records an optional input that was not given as absent (a convolution without bias)', () => {
    const conv = new nn.Conv2d(1, 1, 2, { bias: false });
    const out = conv.forward(zeros(1, 1, 3, 3)).sum();
    const node = snapshot(out).nodes.find((n) => n.name === 'ConvolutionBackward0')!;
    expect(node.next[2]).toEqual([null, 0]);
    expect(node.constants![2]).toEqual({ absent: true });
  });

  it('gives a freed saved input its real facts when the tensor itself turns up later', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const w = tensor([3, 4], { requiresGrad: true });
    const a = x.exp();
    const d = a.detach();
    const out = a.mul(w).sum().add(d.sum());
    out.backward();
    const graph = snapshot(out);
    const detached = graph.tensors.find((t) => t.origin?.kind === 'detach')!;
    const of = (detached.origin as { of: number }).of;
    expect(graph.tensors[of]).toMatchObject({ isLeaf: false, requiresGrad: true, gradFn: { name: 'ExpBackward0' } });
  });

  it('marks saved tensors freed after backward but keeps their shape', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const z = x.exp().sum();
    z.backward();
    const exp = snapshot(z).nodes[1]!;
    expect(exp.saved.result).toMatchObject({ type: 'tensor', freed: true });
  });
});
