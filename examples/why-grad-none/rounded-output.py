# Predictions rounded to 0 or 1 before the loss, to compare them with the labels.
import torch
import torch.nn as nn
import torch.nn.functional as F
from gradviz import make_dot

torch.manual_seed(0)
model = nn.Linear(4, 1)
X = torch.randn(12, 4)
labels = torch.randint(0, 2, (12, 1)).float()
pred = torch.sigmoid(model(X)).round()
loss = F.mse_loss(pred, labels)

g = make_dot(loss, params=dict(model.named_parameters()))
