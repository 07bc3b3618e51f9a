# Looking at an intermediate's gradient: retain_grad() called once backward() has run.
import torch
from gradviz import make_dot

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
h = w * 2
loss = (h**2).sum()
loss.backward()
h.retain_grad()

g = make_dot(loss, params={"h": h})
