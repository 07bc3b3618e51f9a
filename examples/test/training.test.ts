/**
 * The training examples run as the README runs them, reach what PyTorch reaches with the same
 * model, data and seed, and leave their graph in examples/out/.
 *
 * PyTorch's figures were obtained by running the same program in PyTorch 1.13.1 (Debian's
 * python3-torch, CPU): `/usr/bin/python3 examples/reference/<name>.py`, which prints them as JSON.
 * gradviz draws the same random numbers for the same seed (initial weights, randperm splits and
 * batches), so the runs follow each other closely; what is left is float32 rounding (PyTorch sums
 * in float32 in its own order, gradviz reduces in float64), hence the tolerances: the final loss
 * within 0.1% of PyTorch's, and at most one fewer held-out sample right than PyTorch gets. (At the
 * time of writing both agree to within one unit of the 7th digit printed, and on every prediction.)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GraphSnapshot } from '@gradviz/engine';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Expected {
  /** PyTorch's final training loss (the last batch's, for the CNN). */
  loss: number;
  /** PyTorch's correct predictions on the held-out set, and its size. */
  test?: [correct: number, size: number];
  /** Node names of the example's graph, PyTorch's depth-first order. */
  nodes: string[];
  /** Module path of each node that is not an AccumulateGrad (null: made outside any module). */
  modules?: (string | null)[];
  params: string[];
}

const EXAMPLES: Record<string, Expected> = {
  // examples/reference/linear_regression.py -> {"loss": 0.020510440692305565, "W": 1.9573289155960083, "B": 1.1578534841537476}
  'linear-regression': {
    loss: 0.020510440692305565,
    nodes: ['MeanBackward0', 'PowBackward0', 'SubBackward0', 'AddBackward0', 'MulBackward0', 'AccumulateGrad', 'AccumulateGrad'],
    params: ['W', 'B'],
  },
  // examples/reference/linear_regression_nn.py -> {"loss": 0.020501049235463142, "weight": 1.9591583013534546, "bias": 1.152475118637085}
  'linear-regression-nn': {
    loss: 0.020501049235463142,
    nodes: ['MseLossBackward0', 'AddmmBackward0', 'AccumulateGrad', 'TBackward0', 'AccumulateGrad'],
    params: ['weight', 'bias'],
  },
  // examples/reference/iris_logistic.py -> {"loss": 0.13541969656944275, "test_correct": 30, "test_size": 30}
  'iris-logistic': {
    loss: 0.13541969656944275,
    test: [30, 30],
    nodes: ['BinaryCrossEntropyBackward0', 'SigmoidBackward0', 'AddmmBackward0', 'AccumulateGrad', 'TBackward0', 'AccumulateGrad'],
    params: ['weight', 'bias'],
  },
  // examples/reference/iris_mlp.py -> {"loss": 0.07483386993408203, "test_correct": 30, "test_size": 30}
  'iris-mlp': {
    loss: 0.07483386993408203,
    test: [30, 30],
    nodes: [
      'NllLossBackward0',
      'LogSoftmaxBackward0',
      'AddmmBackward0',
      'AccumulateGrad',
      'ReluBackward0',
      'AddmmBackward0',
      'AccumulateGrad',
      'TBackward0',
      'AccumulateGrad',
      'TBackward0',
      'AccumulateGrad',
    ],
    modules: [null, null, '2', '1', '0', '0', '2'],
    params: ['0.weight', '0.bias', '2.weight', '2.bias'],
  },
  // examples/reference/digits_cnn.py -> {"loss": 0.09295088797807693, "test_correct": 339, "test_size": 360}
  'digits-cnn': {
    loss: 0.09295088797807693,
    test: [339, 360],
    nodes: [
      'NllLossBackward0',
      'LogSoftmaxBackward0',
      'AddmmBackward0',
      'AccumulateGrad',
      'ViewBackward0',
      'MaxPool2DWithIndicesBackward0',
      'ReluBackward0',
      'ConvolutionBackward0',
      'AccumulateGrad',
      'AccumulateGrad',
      'TBackward0',
      'AccumulateGrad',
    ],
    modules: [null, null, 'fc', 'flatten', 'pool', null, 'conv', 'fc'],
    params: ['conv.weight', 'conv.bias', 'fc.weight', 'fc.bias'],
  },
};

function number(output: string, pattern: RegExp): number {
  const match = pattern.exec(output);
  expect(match, `${pattern} in:\n${output}`).not.toBeNull();
  return Number(match![1]);
}

describe('the training examples', () => {
  for (const [name, expected] of Object.entries(EXAMPLES)) {
    it(`${name} trains to PyTorch's figures and leaves its graph`, () => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', `examples/${name}.ts`], { cwd: root, encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      const loss = number(run.stdout, /final loss (\S+)/);
      expect(Math.abs(loss - expected.loss), `final loss ${loss} vs PyTorch's ${expected.loss}`).toBeLessThanOrEqual(1e-3 * expected.loss);
      if (expected.test) {
        const [correct, size] = expected.test;
        expect(number(run.stdout, new RegExp(`test accuracy (\\d+)/${size}`))).toBeGreaterThanOrEqual(correct - 1);
      }
      const graph = JSON.parse(readFileSync(new URL(`../out/${name}.json`, import.meta.url), 'utf8')) as GraphSnapshot;
      expect(graph.nodes.map((n) => n.name)).toEqual(expected.nodes);
      expect(graph.params.map((p) => p.name)).toEqual(expected.params);
      if (expected.modules) {
        expect(graph.nodes.filter((n) => n.name !== 'AccumulateGrad').map((n) => n.module ?? null)).toEqual(expected.modules);
      }
      // The picture: every node drawn, every parameter named, nothing reported broken.
      const svg = readFileSync(new URL(`../out/${name}.svg`, import.meta.url), 'utf8');
      for (const node of expected.nodes) expect(svg).toContain(`>${node}</text>`);
      for (const param of expected.params) expect(svg).toContain(`>${param}</text>`);
      expect(run.stdout).toContain(', 0 problem(s) ->');
    });
  }
});
