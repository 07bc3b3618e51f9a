# The prediction taken out with .item(), then put back into a tensor to compute the loss.
import torch
from gradviz import make_dot

w = torch.tensor(0.5, requires_grad=True)
b = torch.tensor(0.1, requires_grad=True)
pred = w * 3 + b
loss = (torch.tensor(pred.item()) - 2) ** 2

g = make_dot(loss, params={"w": w, "b": b})
