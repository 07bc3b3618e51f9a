"""Exports the backward graphs of two real models with gradviz, for the tests and the benchmark.

torchvision's ResNet-18 (weights=None) on one 3x64x64 image, and a 6-layer nn.TransformerEncoder
(width 32, 4 heads, a batch of 2 sequences of 10), each recorded (module calls, lines) and exported
with its named parameters: ``resnet18.json`` and ``transformer.json`` in the folder given.

Usage: python3 export_models.py OUT_DIR
"""
import json
import sys
from pathlib import Path

import torch
import torch.nn as nn
import torchvision

import gradviz


def resnet18():
    model = torchvision.models.resnet18(weights=None)
    with gradviz.record():
        loss = model(torch.randn(1, 3, 64, 64)).logsumexp(1).sum()
    return gradviz.export(loss, dict(model.named_parameters()), model=model)


def transformer():
    layer = nn.TransformerEncoderLayer(d_model=32, nhead=4, dim_feedforward=64, batch_first=True)
    model = nn.TransformerEncoder(layer, num_layers=6)
    with gradviz.record():
        loss = model(torch.randn(2, 10, 32)).pow(2).mean()
    return gradviz.export(loss, dict(model.named_parameters()), model=model)


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    for name, build in (("resnet18", resnet18), ("transformer", transformer)):
        snapshot = build()
        (out / f"{name}.json").write_text(json.dumps(snapshot))
        print(f"{name}: {len(snapshot['nodes'])} nodes, {len(snapshot['params'])} params")


if __name__ == "__main__":
    main()
