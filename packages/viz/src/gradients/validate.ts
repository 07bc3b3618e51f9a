/** Checks the snapshot's optional `gradients` block, so a bad one gets a clear error, not a crash in the drawing. */
import type { JsonChecker, JsonObject } from '../json-check.js';

const STATS = ['numel', 'norm', 'maxAbs', 'meanAbs', 'zeros', 'nan', 'inf'] as const;

function checkStats(check: JsonChecker, value: unknown, path: string): void {
  if (value === null) return;
  const stats = check.object(value, path, 'gradient statistics { numel, norm, maxAbs, meanAbs, zeros, nan, inf }, or null');
  for (const key of STATS) {
    const field = stats[key];
    if (typeof field !== 'number' || !(field >= 0) || !Number.isFinite(field)) check.fail(`${path}.${key}`, 'must be a finite number >= 0', field);
  }
}

/** `id(value, path, kind)` checks an id against the snapshot's node or tensor count. */
export function checkGradientFlow(check: JsonChecker, snapshot: JsonObject, nodes: readonly unknown[], id: (value: unknown, path: string, kind: 'node' | 'tensor') => void): void {
  if (snapshot.gradients === undefined) return;
  const block = check.object(snapshot.gradients, 'gradients', '{ nodes, leaves, anomaly? }');
  const nextCount = (node: number) => ((nodes[node] as { next: unknown[] }).next ?? []).length;
  check.array(block.nodes, 'gradients.nodes').forEach((value, i) => {
    const path = `gradients.nodes[${i}]`;
    const entry = check.object(value, path, '{ node, gradOutputs, gradInputs }');
    id(entry.node, `${path}.node`, 'node');
    check.array(entry.gradOutputs, `${path}.gradOutputs`).forEach((s, k) => checkStats(check, s, `${path}.gradOutputs[${k}]`));
    const sent = check.array(entry.gradInputs, `${path}.gradInputs`);
    if (sent.length !== nextCount(entry.node as number)) check.fail(`${path}.gradInputs`, `must have one entry per next entry of node ${String(entry.node)} (${nextCount(entry.node as number)})`, sent.length);
    sent.forEach((s, k) => checkStats(check, s, `${path}.gradInputs[${k}]`));
  });
  check.array(block.leaves, 'gradients.leaves').forEach((value, i) => {
    const path = `gradients.leaves[${i}]`;
    const leaf = check.object(value, path, '{ tensor, grad, updateRatio? }');
    id(leaf.tensor, `${path}.tensor`, 'tensor');
    if (leaf.grad === null) check.fail(`${path}.grad`, 'must be gradient statistics', null);
    checkStats(check, leaf.grad, `${path}.grad`);
    if (leaf.updateRatio !== undefined) check.number(leaf.updateRatio, `${path}.updateRatio`);
  });
  if (block.anomaly === undefined) return;
  const anomaly = check.object(block.anomaly, 'gradients.anomaly', '{ node, inputs }');
  id(anomaly.node, 'gradients.anomaly.node', 'node');
  const inputs = check.array(anomaly.inputs, 'gradients.anomaly.inputs');
  if (inputs.length === 0 || !inputs.every((k) => Number.isInteger(k) && (k as number) >= 0 && (k as number) < nextCount(anomaly.node as number))) {
    check.fail('gradients.anomaly.inputs', `must list indices into node ${String(anomaly.node)}'s next entries`, inputs);
  }
}
