# Two scalar parameters gathered into one vector with torch.tensor([...]).
import torch
from gradviz import make_dot

a = torch.tensor(2.0, requires_grad=True)
c = torch.tensor(3.0, requires_grad=True)
point = torch.tensor([a, c])
loss = (point**2).sum()

g = make_dot(loss, params={"a": a, "c": c})
