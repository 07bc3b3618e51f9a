# The forward pass under torch.no_grad(), "to save memory", and the loss after it.
import torch
import torch.nn as nn
import torch.nn.functional as F
from gradviz import make_dot

torch.manual_seed(0)
model = nn.Linear(3, 1)
X = torch.randn(10, 3)
y = torch.randn(10, 1)
with torch.no_grad():
    pred = model(X)
loss = F.mse_loss(pred, y)

g = make_dot(loss, params=dict(model.named_parameters()))
