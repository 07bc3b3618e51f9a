import { AccumulateGrad } from '../autograd/accumulate-grad.js';
import { gradientStats, recordedGradients, recordedUpdateRatio } from '../autograd/gradient-recording.js';
import type { Node } from '../autograd/node.js';
import type { Tensor } from '../tensor.js';
import type { GradientFlowSnapshot, LeafGradientSnapshot, NodeGradientsSnapshot } from './schema.js';

/**
 * The snapshot's `gradients`: what the latest recorded backward pass through these nodes saw.
 * Undefined when none recorded, so snapshots without it stay as they were.
 */
export function gradientFlow(order: readonly Node[], tensorId: (t: Tensor) => number): GradientFlowSnapshot | undefined {
  const entries = order.map((node) => recordedGradients(node));
  // A loop, not Math.max(...): a graph of 100,000 nodes would pass too many arguments.
  let latest = -1;
  for (const e of entries) if (e !== undefined && e.run > latest) latest = e.run;
  if (latest < 0) return undefined;
  const nodes: NodeGradientsSnapshot[] = [];
  let anomaly: GradientFlowSnapshot['anomaly'];
  entries.forEach((entry, id) => {
    // Nodes from an earlier pass that did not reach them this time would mix two passes.
    if (entry === undefined || entry.run !== latest) return;
    nodes.push({ node: id, gradOutputs: entry.gradOutputs, gradInputs: [...entry.gradInputs] });
    if (entry.bornAt && anomaly === undefined) anomaly = { node: id, inputs: [...entry.bornAt] };
  });
  const leaves: LeafGradientSnapshot[] = [];
  for (const node of order) {
    if (!(node instanceof AccumulateGrad) || node.variable._grad === null) continue;
    const ratio = recordedUpdateRatio(node.variable);
    leaves.push({ tensor: tensorId(node.variable), grad: gradientStats(node.variable._grad), ...(ratio !== undefined ? { updateRatio: ratio } : {}) });
  }
  leaves.sort((a, b) => a.tensor - b.tensor);
  return { nodes, leaves, ...(anomaly ? { anomaly } : {}) };
}
