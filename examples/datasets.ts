/**
 * The example data sets (in `examples/data/`, see the README there) as tensors, read exactly as
 * `examples/reference/data.py` reads them for PyTorch, and the indexing the examples need.
 */
import { readFileSync } from 'node:fs';
import { randperm, type Tensor, tensor } from '@gradviz/engine';

const dataDir = new URL('./data/', import.meta.url);

function csvRows(name: string): number[][] {
  return readFileSync(new URL(name, dataDir), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));
}

/** Fisher's Iris: features `[150, 4]` (cm, float32) and labels `[150]` (int64: 0 setosa, 1 versicolor, 2 virginica). */
export function loadIris(): { features: Tensor; labels: Tensor } {
  const rows = csvRows('iris.csv').slice(1);
  return {
    features: tensor(rows.map((row) => row.slice(0, 4))),
    labels: tensor(rows.map((row) => row[4]!), { dtype: 'int64' }),
  };
}

/** The 8x8 handwritten digits: images `[1797, 1, 8, 8]` in [0, 1] (pixel / 16) and labels `[1797]` (int64). */
export function loadDigits(): { images: Tensor; labels: Tensor } {
  const rows = csvRows('digits.csv');
  return {
    images: tensor(rows.map((row) => row.slice(0, 64))).reshape(-1, 1, 8, 8).div(16),
    labels: tensor(rows.map((row) => row[64]!), { dtype: 'int64' }),
  };
}

/** `torch.randperm(n)` split: the first `testSize` indices are the test set, the rest the training set. */
export function split(n: number, testSize: number): { train: number[]; test: number[] } {
  const perm = randperm(n).tolist() as number[];
  return { train: perm.slice(testSize), test: perm.slice(0, testSize) };
}

/** `t[indices]`: the rows of `t` at `indices`, as a new tensor (PyTorch's `features[train]`). */
export function rows(t: Tensor, indices: readonly number[]): Tensor {
  return t.at([...indices]);
}

/** How many of `predicted` equal `labels` (both int64 class indices). */
export function countCorrect(predicted: Tensor, labels: Tensor): number {
  return predicted.eq(labels).sum().item();
}
