"""Exports every scenario of the PyTorch reference (scenarios.json) with gradviz, as JSON on stdout.

For each scenario with outputs: its graph exported from real PyTorch after the scenario's code ran
inside ``gradviz.record()`` ("recorded") and outside it ("plain"), before any backward, as the
engine's translations are compared. The TypeScript tests read this (agreement, torchviz parity).

Usage: python3 export_scenarios.py [SCENARIOS.json]
"""
import json
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import gradviz

REFERENCE = Path(__file__).resolve().parents[2] / "reference" / "pytorch-reference" / "scenarios.json"


def run(scenario, recorded):
    namespace = {"np": np, "torch": torch, "nn": nn, "F": F}
    torch.manual_seed(0)
    # A file name of its own, so recorded lines say which scenario they come from.
    code = compile(scenario["code"], f"scenario_{scenario['id']}.py", "exec")
    with gradviz.record() if recorded else _nothing():
        exec(code, namespace)
    outputs = [namespace[name] for name in scenario["outputs"]]
    params = {name: namespace[name] for name in scenario.get("params", [])}
    return gradviz.export(outputs, params)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def main():
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else REFERENCE
    scenarios = json.loads(path.read_text())["scenarios"]
    out = {}
    for scenario in scenarios:
        if not scenario.get("outputs") or "graph" not in scenario:
            continue
        out[scenario["id"]] = {"recorded": run(scenario, True), "plain": run(scenario, False)}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
