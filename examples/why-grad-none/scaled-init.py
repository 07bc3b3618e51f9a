# Small initial weights: randn() scaled by 0.01, with requires_grad asked for on randn().
import torch
from gradviz import make_dot

torch.manual_seed(0)
X = torch.randn(8, 3)
y = torch.randn(8, 2)
W = torch.randn(3, 2, requires_grad=True) * 0.01
b = torch.zeros(2, requires_grad=True)
loss = ((X @ W + b - y) ** 2).mean()

g = make_dot(loss, params={"W": W, "b": b})
