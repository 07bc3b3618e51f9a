"""The example data sets as PyTorch tensors, read as examples/datasets.ts reads them."""
import os
import torch

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data')


def load_iris():
    """Features [150, 4] float32 (cm), labels [150] int64 (0 setosa, 1 versicolor, 2 virginica)."""
    with open(os.path.join(DATA, 'iris.csv')) as f:
        rows = [line.strip().split(',') for line in f.read().strip().split('\n')[1:]]
    features = torch.tensor([[float(v) for v in row[:4]] for row in rows], dtype=torch.float32)
    labels = torch.tensor([int(row[4]) for row in rows])
    return features, labels


def load_digits():
    """Images [1797, 1, 8, 8] float32 in [0, 1] (pixel / 16), labels [1797] int64."""
    with open(os.path.join(DATA, 'digits.csv')) as f:
        rows = [[int(v) for v in line.split(',')] for line in f.read().strip().split('\n')]
    images = torch.tensor([row[:64] for row in rows], dtype=torch.float32).reshape(-1, 1, 8, 8) / 16
    labels = torch.tensor([row[64] for row in rows])
    return images, labels


def split(n, test_size):
    """A random split after torch.randperm(n): the first test_size indices are the test set."""
    perm = torch.randperm(n)
    return perm[test_size:], perm[:test_size]
