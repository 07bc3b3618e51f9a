# Dropout by hand: the hidden activations multiplied in place by a mask.
import torch
import torch.nn as nn
from gradviz import make_dot

torch.manual_seed(0)
l1 = nn.Linear(4, 6)
l2 = nn.Linear(6, 1)
X = torch.randn(8, 4)
mask = (torch.rand(8, 6) > 0.5).float()
h = torch.sigmoid(l1(X))
h *= mask
loss = (l2(h) ** 2).mean()

g = make_dot(loss, params={"w1": l1.weight, "w2": l2.weight})
