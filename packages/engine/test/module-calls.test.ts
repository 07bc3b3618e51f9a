/**
 * The snapshot's module table and module calls: one entry per module path (as namedModules()
 * names them, the model itself not listed), one call per run of a forward, parents first.
 */
import { describe, expect, it } from 'vitest';
import { manualSeed, nn, randn, snapshot, type Tensor } from '../src/index.js';

class Block extends nn.Module {
  readonly fc1 = this.registerModule('fc1', new nn.Linear(3, 4));
  readonly fc2 = this.registerModule('fc2', new nn.Linear(4, 3));

  override forward(x: Tensor): Tensor {
    return x.add(this.fc2.forward(this.fc1.forward(x).relu()));
  }
}

class Net extends nn.Module {
  readonly blocks = this.registerModule('blocks', new nn.Sequential(new Block(), new Block()));
  /** Run twice, as an unrolled cell is. */
  readonly head = this.registerModule('head', new nn.Linear(3, 3));

  override forward(x: Tensor): Tensor {
    return this.head.forward(this.head.forward(this.blocks.forward(x))).sum();
  }
}

describe('module calls in the snapshot', () => {
  manualSeed(0);
  const net = new Net();
  const graph = snapshot(net.forward(randn(2, 3)), { params: net.namedParameters() });

  it('lists each module once, by the path namedModules() gives, with its type and parameter count', () => {
    const paths = new Map(net.namedModules().map(([path, module]) => [path, module]));
    expect(graph.modules!.map((m) => m.path)).toEqual(['blocks', 'blocks.0', 'blocks.0.fc1', 'blocks.0.fc2', 'blocks.1', 'blocks.1.fc1', 'blocks.1.fc2', 'head']);
    for (const m of graph.modules!) {
      const module = paths.get(m.path)!;
      expect(m.type).toBe(module.constructor.name);
      expect(m.parameterCount).toBe(module.parameters().reduce((n, p) => n + p.numel(), 0));
    }
    expect(graph.modules!.find((m) => m.path === 'blocks.0')).toEqual({ path: 'blocks.0', type: 'Block', parameterCount: 31 });
  });

  it('numbers calls in start order, each with the call it ran in; a module run twice has two calls', () => {
    const calls = graph.moduleCalls!;
    calls.forEach((call, i) => {
      expect(call.id).toBe(i);
      if (call.parent !== null) expect(call.parent).toBeLessThan(i);
    });
    const pathOf = (id: number | null) => (id === null ? null : calls[id]!.module);
    expect(calls.map((c) => [c.module, pathOf(c.parent)])).toEqual([
      ['blocks', null],
      ['blocks.0', 'blocks'],
      ['blocks.0.fc1', 'blocks.0'],
      ['blocks.0.fc2', 'blocks.0'],
      ['blocks.1', 'blocks'],
      ['blocks.1.fc1', 'blocks.1'],
      ['blocks.1.fc2', 'blocks.1'],
      ['head', null],
      ['head', null],
    ]);
  });

  it("gives each node made in a module its innermost call, whose module is the node's path", () => {
    const inModules = graph.nodes.filter((n) => n.moduleCall !== undefined);
    for (const node of inModules) expect(graph.moduleCalls![node.moduleCall!]!.module).toBe(node.module);
    // relu() and the residual add run in the block itself; the two head calls made two addmm nodes.
    const names = (path: string) => inModules.filter((n) => n.module === path).map((n) => n.name).sort();
    expect(names('blocks.0')).toEqual(['AddBackward0', 'ReluBackward0']);
    expect(new Set(graph.nodes.filter((n) => n.module === 'head' && n.name === 'AddmmBackward0').map((n) => n.moduleCall)).size).toBe(2);
    // Outside every module: the sum, and the AccumulateGrad nodes of the leaves.
    expect(graph.nodes.filter((n) => n.moduleCall === undefined).map((n) => n.name).sort()).toEqual([
      ...Array<string>(10).fill('AccumulateGrad'),
      'SumBackward0',
    ]);
  });

  it('leaves the tables out when no node was made in a module', () => {
    const x = randn(2, { requiresGrad: true });
    const plain = snapshot(x.mul(2).sum());
    expect('modules' in plain || 'moduleCalls' in plain).toBe(false);
    expect(plain.nodes.every((n) => n.moduleCall === undefined)).toBe(true);
  });
});
