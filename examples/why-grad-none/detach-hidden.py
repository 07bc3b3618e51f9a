# Two layers; the hidden activations are detached "to save memory".
import torch
import torch.nn as nn
from gradviz import make_dot

torch.manual_seed(0)
l1 = nn.Linear(4, 8)
l2 = nn.Linear(8, 1)
X = torch.randn(16, 4)
y = torch.randn(16, 1)
h = torch.relu(l1(X)).detach()
loss = ((l2(h) - y) ** 2).mean()

g = make_dot(loss, params={"w1": l1.weight, "b1": l1.bias, "w2": l2.weight, "b2": l2.bias})
