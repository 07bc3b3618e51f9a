# requires_grad_() called on the weights after the prediction was computed from them.
import torch
from gradviz import make_dot

torch.manual_seed(0)
X = torch.randn(10, 3)
y = torch.randn(10)
w = torch.randn(3)
pred = X @ w
w.requires_grad_()
loss = ((pred - y) ** 2).mean()

g = make_dot(loss, params={"w": w})
