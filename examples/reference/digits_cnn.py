"""PyTorch's run of examples/digits-cnn.ts: a small CNN on the 8x8 handwritten digits."""
import json
import torch, torch.nn as nn
from data import load_digits, split


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(8 * 4 * 4, 10)

    def forward(self, x):
        return self.fc(self.flatten(self.pool(torch.relu(self.conv(x)))))


torch.manual_seed(0)
images, labels = load_digits()
train, test = split(len(labels), 360)
model = CNN()
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)

for epoch in range(4):
    order = train[torch.randperm(len(train))]
    for start in range(0, len(order), 64):
        batch = order[start:start + 64]
        optimizer.zero_grad()
        loss = loss_fn(model(images[batch]), labels[batch])
        loss.backward()
        optimizer.step()

with torch.no_grad():
    predicted = model(images[test]).argmax(1)
correct = int((predicted == labels[test]).sum())
print(json.dumps({"loss": loss.item(), "test_correct": correct, "test_size": 360}))
