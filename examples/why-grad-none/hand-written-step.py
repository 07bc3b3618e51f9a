# Gradient descent written by hand: the update makes a new W instead of changing the leaf.
import torch
from gradviz import make_dot

torch.manual_seed(0)
x = torch.randn(20, 2)
y = x @ torch.tensor([[1.5], [-0.5]])
W = torch.randn(2, 1, requires_grad=True)
lr = 0.1
((x @ W - y) ** 2).mean().backward()
W = W - lr * W.grad
loss = ((x @ W - y) ** 2).mean()

g = make_dot(loss, params={"W": W})
