# A training loop without zero_grad(): each step's gradient is added to the last one's.
import torch
import torch.nn as nn
import torch.nn.functional as F
from gradviz import make_dot

torch.manual_seed(0)
model = nn.Linear(3, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
X = torch.randn(10, 3)
y = torch.randn(10, 1)
for step in range(3):
    loss = F.mse_loss(model(X), y)
    loss.backward()
    optimizer.step()

g = make_dot(loss, params=dict(model.named_parameters()))
