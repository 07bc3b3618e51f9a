"""What gradviz.record() costs a training loop: steps per second of a small MLP (4-64-64-3, batch 32,
SGD) on one thread, plain and recorded, alternated run by run. Printed as a Markdown table."""
import statistics
import time

import torch
import torch.nn as nn

import gradviz

torch.set_num_threads(1)
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
X, y = torch.randn(32, 4), torch.randint(0, 3, (32,))
STEPS = 300


def steps_per_second():
    start = time.perf_counter()
    for _ in range(STEPS):
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(X), y).backward()
        optimizer.step()
    return STEPS / (time.perf_counter() - start)


def recorded():
    with gradviz.record():
        return steps_per_second()


steps_per_second()
plain, rec = [], []
for _ in range(5):
    plain.append(steps_per_second())
    rec.append(recorded())
ratios = [p / r for p, r in zip(plain, rec)]
print("| plain steps/s | recorded steps/s | slowdown (median of paired runs) |")
print("| --- | --- | --- |")
print(f"| {statistics.median(plain):.0f} | {statistics.median(rec):.0f} | {statistics.median(ratios):.2f}x |")
