# A recurrent cell trained step by step, its hidden state carried from one step to the next.
import torch
import torch.nn as nn
from gradviz import make_dot

torch.manual_seed(0)
inp = nn.Linear(3, 5)
recurrent = nn.Linear(5, 5)
head = nn.Linear(5, 1)
optimizer = torch.optim.SGD([*inp.parameters(), *recurrent.parameters(), *head.parameters()], lr=0.1)
xs = torch.randn(2, 1, 3)
ys = torch.randn(2, 1, 1)
h = torch.zeros(1, 5)


def step(t):
    global h
    h = torch.tanh(inp(xs[t]) + recurrent(h))
    return ((head(h) - ys[t]) ** 2).mean()


optimizer.zero_grad()
step(0).backward()
optimizer.step()
optimizer.zero_grad()
loss = step(1)

g = make_dot(loss, params={"input": inp.weight, "recurrent": recurrent.weight, "head": head.weight})
