# Freezing copied from a fine-tuning tutorial, on a model that is meant to be trained.
import torch
import torch.nn as nn
import torch.nn.functional as F
from gradviz import make_dot

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
for p in model.parameters(): p.requires_grad = False
X = torch.randn(16, 4)
y = torch.randn(16, 1)
head = nn.Linear(1, 1)
loss = F.mse_loss(head(model(X)), y)

g = make_dot(loss, params=dict(model.named_parameters()))
