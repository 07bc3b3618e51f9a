# One minus the accuracy as the loss: the predicted class is argmax() of the scores.
import torch
import torch.nn as nn
from gradviz import make_dot

torch.manual_seed(0)
model = nn.Linear(4, 3)
X = torch.randn(12, 4)
labels = torch.randint(0, 3, (12,))
scores = model(X)
loss = 1 - (scores.argmax(1) == labels).float().mean()

g = make_dot(loss, params=dict(model.named_parameters()))
