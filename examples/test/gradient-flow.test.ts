/**
 * The gradient-flow programs of examples/gradient-flow.ts against PyTorch 1.13 running the same
 * programs (examples/reference/gradient_flow.py, recorded in examples/reference/gradient-flow.json):
 * the statistics of the gradient every node received and sent, each parameter's `.grad`, and where
 * the first non-finite gradient was born. float32 sums differ from PyTorch's in the last digits,
 * hence the relative tolerance; counts of zeros, NaN and Inf are exact.
 */
import { readFileSync } from 'node:fs';
import { type GradientStatsSnapshot, snapshot } from '@gradviz/engine';
import { describe, expect, it } from 'vitest';
import { GRADIENT_PROGRAMS } from '../gradient-flow.js';

interface RecordedProgram {
  id: string;
  /** A number, or 'inf' / '-inf' / 'nan'. */
  loss: number | string;
  /** Node ids in the order backward ran them. */
  order: number[];
  nodes: { name: string; gradInputs?: (GradientStatsSnapshot | null)[]; gradOutputs?: (GradientStatsSnapshot | null)[] }[];
  grads: Record<string, GradientStatsSnapshot | null>;
  detectAnomaly: string | null;
}

const reference = JSON.parse(readFileSync(new URL('../reference/gradient-flow.json', import.meta.url), 'utf8')) as { programs: RecordedProgram[] };

function expectStats(actual: GradientStatsSnapshot | null | undefined, expected: GradientStatsSnapshot | null | undefined, where: string): void {
  if (expected === null || expected === undefined) {
    expect(actual ?? null, where).toBeNull();
    return;
  }
  expect(actual, where).toBeTruthy();
  const { numel, zeros, nan, inf } = actual!;
  expect({ numel, zeros, nan, inf }, where).toEqual({ numel: expected.numel, zeros: expected.zeros, nan: expected.nan, inf: expected.inf });
  for (const key of ['norm', 'maxAbs', 'meanAbs'] as const) {
    expect(Math.abs(actual![key] - expected[key]), `${where} ${key}: ${actual![key]} vs PyTorch's ${expected[key]}`).toBeLessThanOrEqual(2e-5 * Math.abs(expected[key]) + 1e-12);
  }
}

describe.each(reference.programs)('$id', (recorded) => {
  const { loss, params } = GRADIENT_PROGRAMS[recorded.id]!();
  const snap = snapshot(loss, { params });
  const flow = snap.gradients!;

  it('has PyTorch\'s graph and loss', () => {
    expect(snap.nodes.map((n) => n.name)).toEqual(recorded.nodes.map((n) => n.name));
    const value = loss.item() as number;
    if (typeof recorded.loss === 'number') expect(Math.abs(value - recorded.loss)).toBeLessThanOrEqual(1e-5 * Math.abs(recorded.loss));
    else expect(String(value)).toBe({ inf: 'Infinity', '-inf': '-Infinity', nan: 'NaN' }[recorded.loss]);
  });

  it('sends and receives the gradients PyTorch does along every edge', () => {
    expect(flow.nodes.map((n) => n.node)).toEqual([...recorded.order].sort((a, b) => a - b));
    for (const [id, node] of recorded.nodes.entries()) {
      const entry = flow.nodes.find((n) => n.node === id);
      expect(entry, `node ${id} ${node.name} ran`).toBeDefined();
      node.gradOutputs!.forEach((s, i) => expectStats(entry!.gradOutputs[i], s, `node ${id} ${node.name} gradOutputs[${i}]`));
      node.gradInputs!.forEach((s, i) => expectStats(entry!.gradInputs[i], s, `node ${id} ${node.name} gradInputs[${i}]`));
    }
  });

  it('leaves each parameter the .grad PyTorch does', () => {
    for (const param of snap.params) {
      const leaf = flow.leaves.find((l) => l.tensor === param.tensor);
      expectStats(leaf?.grad ?? null, recorded.grads[param.name], param.name);
    }
    expect(snap.params.map((p) => p.name)).toEqual(Object.keys(recorded.grads));
  });

  it('names where the first non-finite gradient was born', () => {
    if (recorded.detectAnomaly === null) {
      expect(flow.anomaly).toBeUndefined();
      return;
    }
    // PyTorch's detect_anomaly names the first node that returned NaN; Inf comes one node earlier here.
    const [, named, output] = /^Function '(\w+)' returned nan values in its (\d+)th output\.$/.exec(recorded.detectAnomaly)!;
    const born = snap.nodes[flow.anomaly!.node]!;
    expect(['LogBackward0', 'SqrtBackward0']).toContain(born.name);
    const nanNode = flow.nodes.find((n) => snap.nodes[n.node]!.name === named && (n.gradInputs[Number(output)]?.nan ?? 0) > 0);
    expect(nanNode, `${named} returns NaN, as PyTorch says`).toBeDefined();
    expect(nanNode!.gradOutputs.every((s) => s === null || s.nan === 0)).toBe(true);
  });
});
