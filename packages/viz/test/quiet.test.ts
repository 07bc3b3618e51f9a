/**
 * Healthy graphs stay quiet: no finding on the conformance scenarios but those broken on purpose,
 * on models whose every parameter gets its gradient, nor after a training step or a truncated
 * backpropagation through time (a hidden state detached between steps).
 */
import { cat, F, manualSeed, nn, optim, randn, type Tensor, zeros } from '@gradviz/engine';
import { describe, expect, it } from 'vitest';
import { makeDot } from '../src/index.js';
import { buildModel, type ModelName } from './fixtures/models.js';
import { hasTranslation, runScenario, scenarioFile } from './support/scenarios.js';

/** The scenarios written to show a broken chain, with what gradviz says about them (diagnose.test.ts checks the words). */
const BROKEN_ON_PURPOSE: Readonly<Record<string, readonly string[]>> = {
  blog_float_copy: ['nonLeafParam'],
  retain_grad: ['nonLeafParam'],
  detach_cuts_chain: ['detachedParam'],
  no_grad_cuts_chain: ['noGradParam'],
  all_detached_backward_error: ['outputWithoutGrad', 'detachedParam'],
};

/** Findings that say something is wrong (an info note, such as a leaf entering through a dtype copy, is not). */
const problems = (g: ReturnType<typeof makeDot>) => g.diagnostics.filter((f) => f.severity !== 'info').map((f) => f.kind);

describe('healthy graphs stay quiet', () => {
  it('every conformance scenario but those broken on purpose', () => {
    const said: Record<string, string[]> = {};
    for (const scenario of scenarioFile.scenarios) {
      if (!hasTranslation(scenario.id) || !scenario.outputs?.length) continue;
      const { outputs, params } = runScenario(scenario.id);
      const kinds = problems(makeDot(outputs, { params }));
      if (kinds.length > 0) said[scenario.id] = kinds;
    }
    expect(said).toEqual(BROKEN_ON_PURPOSE);
  });

  it.each<ModelName>(['residual-mlp', 'rnn', 'transformer', 'functional-mlp'])('the %s model, before and after backward: every parameter gets its gradient', (model) => {
    const { loss, params } = buildModel(model, 3);
    expect(problems(makeDot(loss, { params }))).toEqual([]);
    loss.backward();
    for (const [name, p] of params) expect(p.grad, name).not.toBeNull();
    expect(problems(makeDot(loss, { params }))).toEqual([]);
  });

  it('training steps with zeroGrad(), and a hidden state detached between steps', () => {
    manualSeed(0);
    const cell = new nn.Linear(6, 3);
    const head = new nn.Linear(3, 1);
    const optimizer = new optim.SGD([...cell.parameters(), ...head.parameters()], { lr: 0.1 });
    let h = zeros(2, 3);
    let loss: Tensor | undefined;
    for (let step = 0; step < 3; step++) {
      h = h.detach();
      h = cell.forward(cat([randn(2, 3), h], 1)).tanh();
      optimizer.zeroGrad();
      loss = F.mseLoss(head.forward(h), zeros(2, 1));
      const fresh = makeDot(loss, { params: [...cell.namedParameters(), ...head.namedParameters()] });
      expect(problems(fresh), `step ${step}, before backward`).toEqual([]);
      loss.backward();
      optimizer.step();
    }
    expect(problems(makeDot(loss!, { params: [...cell.namedParameters(), ...head.namedParameters()] }))).toEqual([]);
  });
});
