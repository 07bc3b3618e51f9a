"""PyTorch's run of examples/iris-logistic.ts: logistic regression (is it virginica?) on Iris."""
import json
import torch, torch.nn as nn
from data import load_iris, split

torch.manual_seed(0)
features, labels = load_iris()
y = (labels == 2).float().reshape(-1, 1)
train, test = split(150, 30)
model = nn.Linear(4, 1)
loss_fn = nn.BCELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

for epoch in range(1000):
    optimizer.zero_grad()
    loss = loss_fn(torch.sigmoid(model(features[train])), y[train])
    loss.backward()
    optimizer.step()

with torch.no_grad():
    predicted = (torch.sigmoid(model(features[test])) > 0.5).float()
correct = int((predicted == y[test]).sum())
print(json.dumps({"loss": loss.item(), "test_correct": correct, "test_size": 30}))
