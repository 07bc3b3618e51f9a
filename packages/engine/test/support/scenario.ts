/**
 * Runs a translated scenario and compares it field by field with what PyTorch recorded (shared by
 * the reference conformance test and the recorded fixtures): forward errors, nodes in depth-first
 * order, next_functions, saved values, leaves, backward errors, values, gradients, warnings.
 */
import { expect } from 'vitest';
import { catchWarnings, NON_LEAF_GRAD_WARNING, snapshot, type Tensor } from '../../src/index.js';
import type { Translation } from '../conformance/translation.js';
import { type RecordedNumber, type RecordedTensor, type Scenario, savedAsRecorded } from './reference.js';


export interface Tolerance {
  /** Relative tolerance on values and gradients (recorded with 7 significant digits). */
  relative: number;
  /** Absolute tolerance, for sums PyTorch makes in float32 and gradviz in float64. */
  absolute: number;
}

const EXACT: Tolerance = { relative: 1e-6, absolute: 1e-12 };

function toNumber(v: RecordedNumber): number {
  return v === 'nan' ? Number.NaN : v === 'inf' ? Number.POSITIVE_INFINITY : v === '-inf' ? Number.NEGATIVE_INFINITY : v;
}

/** Recorded values have 7 significant digits; float32 agrees to 1e-6 relative. */
export function expectClose(actual: ArrayLike<number>, recorded: readonly RecordedNumber[], what: string, tolerance: Tolerance = EXACT): void {
  expect(actual.length, `${what}: length`).toBe(recorded.length);
  recorded.forEach((r, i) => {
    const want = toNumber(r);
    const got = actual[i]!;
    if (Number.isNaN(want) || !Number.isFinite(want)) {
      expect(Object.is(got, want) || (Number.isNaN(want) && Number.isNaN(got)), `${what}[${i}]: ${got} vs ${r}`).toBe(true);
      return;
    }
    const allowed = tolerance.relative * Math.max(Math.abs(want), Math.abs(got)) + tolerance.absolute;
    expect(Math.abs(got - want), `${what}[${i}]: ${got} vs ${want}`).toBeLessThanOrEqual(allowed);
  });
}

function compareGraph(scenario: Scenario, named: Record<string, Tensor>): void {
  const recorded = scenario.graph!;
  const outputs = scenario.outputs!.map((name) => named[name]!);
  // A case without outputs (values and dtypes only) has no graph to draw.
  if (outputs.length === 0) return;
  const params = Object.fromEntries(scenario.params!.map((name) => [name, named[name]!]));
  const graph = snapshot(outputs, { params });

  expect(graph.outputs.length).toBe(recorded.roots.length);
  recorded.roots.forEach((root, i) => {
    const out = graph.outputs[i]!;
    const t = graph.tensors[out.tensor]!;
    expect({ grad_fn: out.gradFn, shape: t.shape, dtype: t.dtype, requires_grad: t.requiresGrad }, `root ${i}`).toEqual(root);
  });

  expect(graph.nodes.map((n) => n.name), 'node names in depth-first order').toEqual(recorded.nodes.map((n) => n.name));
  recorded.nodes.forEach((want) => {
    const node = graph.nodes[want.id]!;
    const where = `node ${want.id} ${want.name}`;
    expect(node.next.map(([id, nr]) => [id, nr]), `${where}: next`).toEqual(want.next);
    if (want.variable) {
      const leaf = graph.tensors[node.variable!]!;
      expect({ param: leaf.params?.at(-1) ?? null, shape: leaf.shape, dtype: leaf.dtype }, `${where}: variable`).toEqual(want.variable);
    } else {
      expect(node.variable, `${where}: variable`).toBeUndefined();
    }
    expect(Object.keys(node.saved), `${where}: saved keys`).toEqual(Object.keys(want.saved));
    for (const [key, wanted] of Object.entries(want.saved)) {
      const got = savedAsRecorded(node.saved[key]!, graph);
      if (typeof wanted === 'number' && typeof got === 'number' && !Number.isInteger(wanted)) expectClose([got], [wanted], `${where}: ${key}`);
      else expect(got, `${where}: saved ${key}`).toEqual(wanted);
    }
  });
}

function compareTensors(scenario: Scenario, named: Record<string, Tensor>, tolerance: Tolerance): void {
  const recorded = scenario.tensors!;
  expect(Object.keys(named).sort(), 'named tensors').toEqual(Object.keys(recorded).sort());
  for (const [name, want] of Object.entries(recorded) as [string, RecordedTensor][]) {
    const t = named[name]!;
    const where = `tensor ${name}`;
    expect(
      { is_leaf: t.isLeaf, requires_grad: t.requiresGrad, dtype: t.dtype, shape: [...t.shape], grad_fn: t.gradFn?.name() ?? null },
      where,
    ).toEqual({ is_leaf: want.is_leaf, requires_grad: want.requires_grad, dtype: want.dtype, shape: want.shape, grad_fn: want.grad_fn });
    expectClose(t.detach().toTypedArray(), want.data, `${where}: data`, tolerance);
    if (!scenario.backward) continue;
    const { result: grad, warnings } = catchWarnings(() => t.grad);
    if (want.grad === null || want.grad === undefined) expect(grad, `${where}: grad`).toBeNull();
    else expectClose(grad!.toTypedArray(), want.grad, `${where}: grad`, tolerance);
    const warned = warnings.some((w) => w.message === NON_LEAF_GRAD_WARNING);
    expect(warned, `${where}: grad_warning`).toBe(want.grad_warning);
  }
}

export function errorOf(fn: () => void): { type: string; message: string } | null {
  try {
    fn();
    return null;
  } catch (e) {
    const error = e as Error;
    return { type: error.name, message: error.message.split('\n')[0]! };
  }
}

export function runScenario(scenario: Scenario, translation: Translation, tolerance: Tolerance = EXACT): void {
  let named: Record<string, Tensor> = {};
  const forwardError = errorOf(() => {
    named = translation();
  });
  if (scenario.error?.at === 'forward') {
    expect(forwardError).toEqual({ type: scenario.error.type, message: scenario.error.message });
    return;
  }
  expect(forwardError, 'forward').toBeNull();
  compareGraph(scenario, named);
  if (scenario.backward) {
    const output = named[scenario.outputs![0]!]!;
    const first = errorOf(() => output.backward());
    // record.py ran a second backward for `backward_twice` scenarios; the JSON shows them by the outcome.
    const twice = scenario.error?.at === 'second backward' || scenario.second_backward !== undefined;
    const second = first === null && twice ? errorOf(() => output.backward()) : null;
    const error = scenario.error;
    expect(error?.at === 'backward' ? first : second, 'backward errors').toEqual(
      error && error.at !== 'forward' ? { type: error.type, message: error.message } : null,
    );
    if (error?.at !== 'backward') expect(first, 'first backward').toBeNull();
  }
  compareTensors(scenario, named, tolerance);
}

