"""PyTorch's run of examples/linear-regression.ts: scalar W and B fitted by hand-written gradient descent."""
import json
import torch

X = torch.tensor([1.0, 2.0, 3.0, 4.0])
Y = torch.tensor([3.1, 5.2, 6.8, 9.1])
W = torch.tensor(1.0, requires_grad=True)
B = torch.tensor(1.0, requires_grad=True)
lr = 0.02

for epoch in range(500):
    Yp = W * X + B
    loss = ((Yp - Y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        W -= lr * W.grad
        B -= lr * B.grad
        W.grad.zero_()
        B.grad.zero_()

print(json.dumps({"loss": loss.item(), "W": W.item(), "B": B.item()}))
