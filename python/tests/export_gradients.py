"""Runs the gradient-flow programs of examples/reference/gradient-flow.json through the package
(``record(gradients=True)``, then ``loss.backward()``) and prints their snapshots as JSON on stdout,
by program id. The TypeScript tests draw them and compare with the engine's (gradient agreement).

Usage: python3 export_gradients.py
"""
import json
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

from gradviz import export, record

REFERENCE = Path(__file__).resolve().parents[2] / "examples" / "reference" / "gradient-flow.json"
PROGRAMS = json.loads(REFERENCE.read_text())["programs"]


def run(program, gradients=True):
    """The program's snapshot after its backward; its params named as PyTorch's program names them."""
    torch.manual_seed(0)
    ns = {"torch": torch, "nn": nn, "F": F}
    with record(gradients=gradients):
        # Compiled under a file name of its own, so lines are the program's (as in a notebook cell).
        exec(compile(program["code"], f"{program['id']}.py", "exec"), ns)
        ns["loss"].backward()
    params = []
    for name in program["params"]:
        value = ns[name]
        params += list(value.named_parameters(prefix=name)) if isinstance(value, nn.Module) else [(name, value)]
    return export(ns["loss"], params)


if __name__ == "__main__":
    print(json.dumps({program["id"]: run(program) for program in PROGRAMS}))
