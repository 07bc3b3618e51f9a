"""PyTorch's run of examples/iris-mlp.ts: an MLP classifier on Iris with CrossEntropyLoss and Adam."""
import json
import torch, torch.nn as nn
from data import load_iris, split

torch.manual_seed(0)
features, labels = load_iris()
train, test = split(150, 30)
model = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

for epoch in range(200):
    optimizer.zero_grad()
    loss = loss_fn(model(features[train]), labels[train])
    loss.backward()
    optimizer.step()

with torch.no_grad():
    predicted = model(features[test]).argmax(1)
correct = int((predicted == labels[test]).sum())
print(json.dumps({"loss": loss.item(), "test_correct": correct, "test_size": 30}))
