# The loss worked out with plain numbers, then made a tensor that requires grad so backward() runs.
import torch
from gradviz import make_dot

w = torch.tensor(0.5, requires_grad=True)
b = torch.tensor(0.1, requires_grad=True)
pred = w * 3 + b
loss = torch.tensor((pred.item() - 2) ** 2, requires_grad=True)

g = make_dot(loss, params={"w": w, "b": b})
