"""Runs learner programs as a notebook would (inside gradviz.record()), for the tests and the docs.

Reads a JSON list of {"name", "source"} on stdin; for each, runs the source, takes the graph its
``make_dot(...)`` call drew, then calls backward() on that output unless the program already did
(as the learner would next), and tells which named tensors got a gradient. Prints
{name: {"snapshot", "grads", "backwardError"}} as JSON.

Usage: python3 run.py < programs.json
"""
import json
import sys
import warnings
from pathlib import Path

import gradviz
import torch
from gradviz import _provenance

HERE = Path(__file__).resolve().parent


def gradient_state(tensor):
    grad = tensor.grad
    if grad is None:
        return "none"
    return "zero" if not torch.any(grad != 0) else "ok"


def run(name, source):
    drawn = {}
    real_make_dot = gradviz.make_dot

    def make_dot(outputs, params=None, **options):
        drawn["outputs"], drawn["params"] = outputs, dict(params or {})
        return real_make_dot(outputs, params=params, **options)

    gradviz.make_dot = make_dot
    try:
        with gradviz.record():
            exec(compile(source, str(HERE / f"{name}.py"), "exec"), {"__name__": "__main__"})
    finally:
        gradviz.make_dot = real_make_dot
    snapshot = gradviz.export(drawn["outputs"], drawn["params"])
    output = drawn["outputs"]
    error = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        record = _provenance.node_record(output.grad_fn) if output.grad_fn is not None else None
        if record is None or not record.released:
            try:
                output.backward()
            except RuntimeError as raised:
                error = str(raised)
        grads = {name: gradient_state(t) for name, t in drawn["params"].items()}
    return {"snapshot": snapshot, "grads": grads, "backwardError": error}


def main():
    programs = json.load(sys.stdin)
    json.dump({p["name"]: run(p["name"], p["source"]) for p in programs}, sys.stdout)


if __name__ == "__main__":
    main()
