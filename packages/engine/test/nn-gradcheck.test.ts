/**
 * Analytic gradients of the nn ops (addmm, linear, conv2d, max_pool2d, the losses, dropout) equal
 * central finite differences in float64, for every input that needs a gradient.
 */
import { describe, it } from 'vitest';
import { F, manualSeed, type Tensor, tensor } from '../src/index.js';
import { addmm } from '../src/ops/addmm.js';
import { gradcheck, leaf64, seededValues } from './support/gradcheck.js';

const values = seededValues(2024);
const random = (shape: number[], low = -1, high = 1) => leaf64(shape, values(shape.reduce((a, b) => a * b, 1), low, high));
/** Probabilities away from 0 and 1, where BCE's clamps do not apply. */
const probability = (shape: number[]) => random(shape, 0.1, 0.9);
const constant = (shape: number[], low = -1, high = 1) => random(shape, low, high).detach();
const labels = (values: number[]) => tensor(values, { dtype: 'int64' });
/** Class and element weights: fixed, so every evaluation of a case sees the same ones. */
const weight3 = constant([3], 0.5, 2);
const weight4 = constant([4], 0.5, 2);

type Case = [name: string, f: (...xs: Tensor[]) => Tensor, inputs: () => Tensor[]];

const cases: Case[] = [
  ['addmm', (b, m1, m2) => addmm(b, m1, m2), () => [random([4]), random([3, 2]), random([2, 4])]],
  ['addmm beta and alpha, bias broadcast from a column', (b, m1, m2) => addmm(b, m1, m2, { beta: 0.5, alpha: 2 }), () => [random([3, 1]), random([3, 2]), random([2, 4])]],
  ['linear 2-D', (x, w, b) => F.linear(x, w, b), () => [random([4, 3]), random([2, 3]), random([2])]],
  ['linear 1-D', (x, w, b) => F.linear(x, w, b), () => [random([3]), random([2, 3]), random([2])]],
  ['linear 3-D', (x, w, b) => F.linear(x, w, b), () => [random([2, 2, 3]), random([2, 3]), random([2])]],
  ['linear 4-D without bias', (x, w) => F.linear(x, w), () => [random([2, 1, 2, 3]), random([2, 3])]],
  ['conv2d', (x, w, b) => F.conv2d(x, w, b), () => [random([2, 2, 4, 4]), random([3, 2, 3, 3]), random([3])]],
  ['conv2d stride and padding', (x, w, b) => F.conv2d(x, w, b, { stride: 2, padding: 1 }), () => [random([1, 2, 5, 5]), random([2, 2, 3, 3]), random([2])]],
  ['conv2d rectangular kernel, dilation, no bias', (x, w) => F.conv2d(x, w, null, { dilation: [2, 1], padding: [1, 0] }), () => [random([2, 1, 5, 4]), random([2, 1, 2, 3])]],
  ['conv2d groups', (x, w, b) => F.conv2d(x, w, b, { groups: 2, stride: [1, 2] }), () => [random([1, 4, 4, 5]), random([4, 2, 2, 2]), random([4])]],
  ['conv2d unbatched', (x, w, b) => F.conv2d(x, w, b), () => [random([1, 4, 4]), random([2, 1, 3, 3]), random([2])]],
  ['max_pool2d', (x) => F.maxPool2d(x, 2), () => [random([2, 2, 4, 5])]],
  ['max_pool2d stride, padding, ceil mode', (x) => F.maxPool2d(x, 3, { stride: 2, padding: 1, ceilMode: true }), () => [random([1, 2, 6, 5])]],
  ['max_pool2d dilation, unbatched', (x) => F.maxPool2d(x, 2, { stride: 1, dilation: 2 }), () => [random([2, 5, 5])]],
  ['mse_loss mean', (a, t) => F.mseLoss(a, t), () => [random([3, 4]), random([3, 4])]],
  ['mse_loss sum', (a, t) => F.mseLoss(a, t, { reduction: 'sum' }), () => [random([3, 4]), random([3, 4])]],
  ['mse_loss none', (a, t) => F.mseLoss(a, t, { reduction: 'none' }), () => [random([3, 4]), random([3, 4])]],
  ['binary_cross_entropy mean', (p, t) => F.binaryCrossEntropy(p, t), () => [probability([3, 4]), probability([3, 4])]],
  [
    'binary_cross_entropy weight, sum',
    (p, t) => F.binaryCrossEntropy(p, t, { weight: weight4, reduction: 'sum' }),
    () => [probability([3, 4]), probability([3, 4])],
  ],
  ['binary_cross_entropy none', (p, t) => F.binaryCrossEntropy(p, t, { reduction: 'none' }), () => [probability([5]), probability([5])]],
  ['nll_loss mean', (x) => F.nllLoss(x, labels([1, 0, 3])), () => [random([3, 4])]],
  [
    'nll_loss weight and ignore_index',
    (x) => F.nllLoss(x, labels([1, 2, 3, 2]), { weight: weight4, ignoreIndex: 2 }),
    () => [random([4, 4])],
  ],
  ['nll_loss none', (x) => F.nllLoss(x, labels([1, 0, 3]), { reduction: 'none' }), () => [random([3, 4])]],
  ['nll_loss sum, unbatched', (x) => F.nllLoss(x, tensor(2, { dtype: 'int64' }), { reduction: 'sum' }), () => [random([4])]],
  ['cross_entropy', (x) => F.crossEntropy(x, labels([2, 0, 1])), () => [random([3, 3])]],
  ['cross_entropy weight, sum', (x) => F.crossEntropy(x, labels([2, 0, 1]), { weight: weight3, reduction: 'sum' }), () => [random([3, 3])]],
  ['cross_entropy class probabilities', (x, p) => F.crossEntropy(x, p), () => [random([3, 4]), random([3, 4], 0, 1)]],
  [
    'cross_entropy class probabilities, weight, none',
    (x, p) => F.crossEntropy(x, p, { weight: weight4, reduction: 'none' }),
    () => [random([3, 4]), random([3, 4], 0, 1)],
  ],
  [
    'dropout (the same mask at every evaluation)',
    (x) => {
      manualSeed(5);
      return F.dropout(x, 0.4);
    },
    () => [random([4, 5])],
  ],
];

describe('gradcheck of the nn ops (float64, central differences)', () => {
  for (const [name, f, inputs] of cases) {
    it(name, () => {
      gradcheck(f, inputs());
    });
  }
});
