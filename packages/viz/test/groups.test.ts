/**
 * The groups stage: module calls make groups, boxes that hang from others join them, gradviz adds
 * repeats and parts to long runs (with or without modules), and a fold state draws folded groups
 * as boxes that say what they hold.
 */
import { snapshot, tensor, type Tensor } from '@gradviz/engine';
import type { GraphSnapshot } from '@gradviz/engine/snapshot-schema';
import { describe, expect, it } from 'vitest';
import { drawSnapshot } from '../src/drawing.js';
import type { VizGraph } from '../src/graph.js';
import { countsByDepth, foldGraph, type GroupTree, groupGraph, unfoldedToDepth } from '../src/groups/index.js';
import { crossings, findRepeats, forwardOrder, partBorders } from '../src/groups/sequence.js';
import { makeDot } from '../src/make-dot.js';
import { brokenInsideModule, buildModel } from './fixtures/models.js';

const OPTIONS = { showAttrs: false, showSaved: false, maxAttrChars: 50, rankdir: 'TB', lang: 'en' } as const;

function grouped(snap: GraphSnapshot, itemLimit?: number): { graph: VizGraph; tree: GroupTree } {
  const { graph } = drawSnapshot(snap, OPTIONS);
  return { graph, tree: groupGraph(snap, graph, itemLimit === undefined ? {} : { itemLimit }) };
}

/** The group path of a box: ids from the top down. */
function groupsOf(tree: GroupTree, graph: VizGraph, id: string): string[] {
  const path: string[] = [];
  for (let g = tree.boxGroup[graph.nodes.findIndex((n) => n.id === id)]!; g > 0; g = tree.groups[g]!.parent) path.unshift(tree.groups[g]!.id);
  return path;
}

function expectEveryBoxOnce(tree: GroupTree, graph: VizGraph): void {
  const listed = tree.groups.flatMap((g) => g.boxes).sort((a, b) => a - b);
  expect(listed).toEqual(graph.nodes.map((_, i) => i));
  tree.groups.forEach((group, g) => {
    for (const box of group.boxes) expect(tree.boxGroup[box]).toBe(g);
    for (const child of group.children) expect(tree.groups[child]!.parent).toBe(g);
    if (g > 0) expect(tree.groups[group.parent]!.children).toContain(g);
  });
}

describe('module groups', () => {
  const { loss, params } = buildModel('residual-mlp', 3);
  const snap = snapshot(loss, { params });
  const { graph, tree } = grouped(snap);

  it('makes one group per module call, nested as the calls ran, with the module table', () => {
    const modules = tree.groups.filter((g) => g.kind === 'module').map((g) => `${g.module}:${g.type}:${g.parameterCount}`);
    expect(modules).toEqual(snap.moduleCalls!.map((c) => {
      const m = snap.modules!.find((x) => x.path === c.module)!;
      return `${m.path}:${m.type}:${m.parameterCount}`;
    }));
    const block = tree.groups[tree.byId.get('call1')!]!;
    expect(block.module).toBe('blocks.0');
    expect(block.children.map((c) => tree.groups[c]!.module)).toEqual(['blocks.0.fc1', 'blocks.0.fc2']);
    expectEveryBoxOnce(tree, graph);
  });

  it('puts a Linear’s weight, bias and their AccumulateGrad nodes inside it; the loss and the output outside every module', () => {
    const weight = graph.nodes.find((n) => n.kind === 'leaf' && n.lines[0] === 'blocks.1.fc2.weight')!;
    const accumulate = graph.edges.find((e) => e.from === weight.id)!.to;
    expect(groupsOf(tree, graph, weight.id).map((id) => tree.groups[tree.byId.get(id)!]!.module)).toEqual(['blocks', 'blocks.1', 'blocks.1.fc2']);
    expect(groupsOf(tree, graph, accumulate)).toEqual(groupsOf(tree, graph, weight.id));
    const mse = graph.nodes.find((n) => n.lines[0] === 'MseLossBackward0')!;
    expect(groupsOf(tree, graph, mse.id)).toEqual([]);
    expect(groupsOf(tree, graph, graph.nodes.find((n) => n.kind === 'output')!.id)).toEqual([]);
  });

  it('keeps a weight shared by every step of an RNN outside the steps, and gives each call of the cell its own group', () => {
    const rnn = buildModel('rnn', 5);
    const s = snapshot(rnn.loss, { params: rnn.params });
    const { graph: g, tree: t } = grouped(s);
    const cells = t.groups.filter((x) => x.module === 'cell');
    expect(cells.map((c) => c.callNumber)).toEqual([1, 2, 3, 4, 5].map((index) => ({ index, of: 5 })));
    const shared = g.nodes.find((n) => n.lines[0] === 'cell.hh.weight')!;
    expect(groupsOf(t, g, shared.id)).toEqual([]);
    expectEveryBoxOnce(t, g);
  });

  it('drops a module call that made no node (a Dropout in eval mode, as a forward hook records it)', () => {
    const calls = snap.moduleCalls!;
    const withEmpty = { ...snap, modules: [...snap.modules!, { path: 'blocks.0.drop', type: 'Dropout', parameterCount: 0 }], moduleCalls: [...calls, { id: calls.length, module: 'blocks.0.drop', parent: 1 }] };
    const { graph: g, tree: t } = grouped(withEmpty);
    expect(t.groups.some((x) => x.module === 'blocks.0.drop')).toBe(false);
    expect(t.groups.map((x) => x.id)).toEqual(tree.groups.map((x) => x.id));
    expectEveryBoxOnce(t, g);
    const folded = makeDot(withEmpty, { depth: 5 });
    expect(folded.layout().clusters).toHaveLength(folded.picture.clusters!.length);
  });

  it('groups by module path when a snapshot has paths but no module calls (an older producer)', () => {
    const { moduleCalls: _, modules: __, ...old } = snap;
    const oldNodes = old.nodes.map(({ moduleCall: ___, ...node }) => node);
    const { graph: g, tree: t } = grouped({ ...old, nodes: oldNodes });
    const ids = t.groups.filter((x) => x.kind === 'module').map((x) => x.id).sort();
    expect(ids).toEqual(['module:blocks', 'module:blocks.0', 'module:blocks.0.fc1', 'module:blocks.0.fc2', 'module:blocks.1', 'module:blocks.1.fc1', 'module:blocks.1.fc2', 'module:blocks.2', 'module:blocks.2.fc1', 'module:blocks.2.fc2', 'module:head']);
    expectEveryBoxOnce(t, g);
  });
});

describe("gradviz's own groups", () => {
  it('folds a long run of identical module calls into a repeat, cut into parts of at most the limit', () => {
    const { loss, params } = buildModel('residual-mlp', 30);
    const { graph, tree } = grouped(snapshot(loss, { params }), 8);
    const repeat = tree.groups.find((g) => g.kind === 'repeat')!;
    expect(repeat.repeat).toEqual({ count: 30, block: 'ResidualBlock' });
    expect(tree.groups[repeat.parent]!.module).toBe('blocks');
    for (const group of tree.groups) expect(group.children.length + group.boxes.length).toBeLessThanOrEqual(8);
    // The blocks keep their order through the parts: blocks.0 first, blocks.29 last.
    const order: string[] = [];
    const stack = [tree.byId.get(repeat.id)!];
    while (stack.length > 0) {
      const g = tree.groups[stack.pop()!]!;
      if (g.kind === 'module') order.push(g.module!);
      else stack.push(...[...g.children].reverse());
    }
    expect(order).toEqual(Array.from({ length: 30 }, (_, i) => `blocks.${i}`));
    expectEveryBoxOnce(tree, graph);
  });

  it('finds the repeated block of a graph without modules, and cuts each repeat where the block really starts', () => {
    const { loss, params } = buildModel('functional-mlp', 12);
    const { graph, tree } = grouped(snapshot(loss, { params }), 20);
    const repeat = tree.groups.find((g) => g.kind === 'repeat')!;
    expect(repeat.repeat).toEqual({ count: 12, block: 'block of 14' });
    const steps = tree.groups.filter((g) => g.kind === 'step');
    expect(steps).toHaveLength(12);
    // Each step is one residual block: its 4 leaves, their AccumulateGrads, t, t, addmm, addmm, relu, add.
    for (const [i, step] of steps.entries()) {
      const names = step.boxes.map((b) => graph.nodes[b]!.lines[0]!).sort();
      expect(names.filter((n) => n.includes('.'))).toEqual([`b1.${i}`, `b2.${i}`, `w1.${i}`, `w2.${i}`]);
      expect(names.filter((n) => n.endsWith('Backward0')).sort()).toEqual(['AddBackward0', 'AddmmBackward0', 'AddmmBackward0', 'ReluBackward0', 'TBackward0', 'TBackward0']);
    }
    expectEveryBoxOnce(tree, graph);
  });

  it('cuts a long chain of different ops into parts, where few arrows cross', () => {
    let x: Tensor = tensor([1, 2], { requiresGrad: true });
    const ops = [(t: Tensor) => t.mul(2), (t: Tensor) => t.add(1), (t: Tensor) => t.relu(), (t: Tensor) => t.sigmoid(), (t: Tensor) => t.tanh()];
    for (let i = 0; i < 97; i++) x = ops[(i * i + 3 * i) % 5]!(x);
    const { graph, tree } = grouped(snapshot(x.sum()), 10);
    expect(tree.groups.some((g) => g.kind === 'part')).toBe(true);
    for (const group of tree.groups) expect(group.children.length + group.boxes.length).toBeLessThanOrEqual(10);
    expectEveryBoxOnce(tree, graph);
  });

  it('leaves small groups alone: no repeat or part under the limit', () => {
    const { loss, params } = buildModel('residual-mlp', 3);
    const { tree } = grouped(snapshot(loss, { params }));
    expect(tree.groups.every((g) => g.kind === 'root' || g.kind === 'module')).toBe(true);
  });
});

describe('the sequence a group is cut from', () => {
  it('orders items so that each comes after its inputs, a block’s items together', () => {
    // 0 -> 1 -> 3, 2 -> 3: a post-order from the sink 3 lists 0, 1, 2, 3.
    expect(forwardOrder(4, [[0, 1], [1, 3], [2, 3]], (i) => i)).toEqual([0, 1, 2, 3]);
  });

  it('finds tandem repeats and shifts them to where the fewest links cross', () => {
    const kinds = [9, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 7];
    // Links inside each 1-2-3 block and from each 3 to the next 1: blocks start at the 1s.
    const links: [number, number][] = [];
    for (let p = 1; p < 13; p++) links.push([p, p + 1]);
    const crossing = crossings(kinds.length, links.filter(([a]) => kinds[a] !== 3), (i) => i);
    expect(findRepeats(kinds, crossing, { maxPeriod: 5, minCount: 3, minItems: 6 })).toEqual([{ start: 1, period: 3, count: 4 }]);
    expect(findRepeats([1, 2, 1, 3, 1, 4], new Int32Array(7), { maxPeriod: 3, minCount: 3, minItems: 6 })).toEqual([]);
  });

  it('cuts parts of at most the limit, at the place where the fewest links cross', () => {
    const crossing = new Int32Array(21).fill(5);
    crossing[7] = 1;
    const borders = partBorders(20, 10, crossing);
    expect(borders[0]).toBe(0);
    expect(borders[1]).toBe(7);
    expect(borders.at(-1)).toBe(20);
    for (let k = 1; k < borders.length; k++) expect(borders[k]! - borders[k - 1]!).toBeLessThanOrEqual(10);
  });
});

describe('fold states', () => {
  it('counts what each depth shows and unfolds levels 1 to depth', () => {
    const { loss, params } = buildModel('residual-mlp', 3);
    const { tree } = grouped(snapshot(loss, { params }));
    // Depth 0: MseLoss, the output, and the folded blocks and head.
    expect(countsByDepth(tree)[0]).toBe(4);
    expect([...unfoldedToDepth(tree, 1)].sort()).toEqual(['call0', 'call10']);
  });

  it('draws a folded group as one box with its name, type, parameter count, inputs and outputs, arrows merged', () => {
    const { loss, params } = buildModel('residual-mlp', 3);
    const snap = snapshot(loss, { params });
    const { graph, tree } = grouped(snap);
    const picture = foldGraph(graph, snap, tree, new Set(['call0']));
    const block1 = picture.nodes.find((n) => n.group === 'call4')!;
    expect(block1).toMatchObject({ id: 'group:call4', kind: 'group', cluster: 'call0', lines: ['blocks.1', 'ResidualBlock, 40 params', 'in (2, 4)', 'out (2, 4)'] });
    expect(picture.clusters).toEqual([expect.objectContaining({ id: 'call0', lines: ['blocks \u00b7 Sequential \u00b7 120 params'] })]);
    // blocks.0 feeds blocks.1 twice (the residual and the branch): one arrow standing for both.
    expect(picture.edges.find((e) => e.from === 'group:call1' && e.to === 'group:call4')).toMatchObject({ kind: 'flow', count: 2 });
    const shown = new Set(picture.nodes.map((n) => n.id));
    for (const edge of picture.edges) expect(shown.has(edge.from) && shown.has(edge.to)).toBe(true);
  });

  it('shows a broken chain inside a folded group on the folded box', () => {
    const { loss, params } = brokenInsideModule();
    const g = makeDot(loss, { params, depth: 0 });
    expect(g.diagnostics.map((d) => d.kind)).toContain('detachedParam');
    const folded = g.picture.nodes.find((n) => n.kind === 'group' && n.broken);
    expect(folded?.lines[0]).toBe('scaled');
    expect(folded?.badge).toBe('inside: cut by detach()');
    // The finding's box is hidden; revealing it unfolds the way to it.
    const ghost = g.graph.nodes.find((n) => n.kind === 'ghost')!;
    expect(g.picture.nodes.some((n) => n.id === ghost.id)).toBe(false);
    const revealed = g.reveal(ghost.id);
    expect(revealed.picture.nodes.some((n) => n.id === ghost.id)).toBe(true);
  });
});
