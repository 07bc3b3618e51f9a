"""PyTorch's run of examples/linear-regression-nn.ts: the same fit with nn.Linear, MSELoss and SGD."""
import json
import torch, torch.nn as nn

torch.manual_seed(0)
X = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
Y = torch.tensor([[3.1], [5.2], [6.8], [9.1]])
model = nn.Linear(1, 1)
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.02)

for epoch in range(500):
    optimizer.zero_grad()
    loss = loss_fn(model(X), Y)
    loss.backward()
    optimizer.step()

print(json.dumps({"loss": loss.item(), "weight": model.weight.item(), "bias": model.bias.item()}))
