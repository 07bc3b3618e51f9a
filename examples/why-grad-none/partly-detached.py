# A value multiplied by a detached copy of itself: only one of the two ways carries gradient.
import torch
from gradviz import make_dot

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = (x * x.detach()).sum()

g = make_dot(y, params={"x": x})
