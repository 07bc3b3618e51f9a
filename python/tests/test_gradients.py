"""``record(gradients=True)``: the gradient-flow programs of examples/reference/gradient_flow.py, run
through the package, give the statistics real PyTorch's own hooks recorded (gradient-flow.json)
for every node and param, name where a NaN or Inf was born, and export valid snapshots."""
import json
import math
from pathlib import Path

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from gradviz import export, record
from test_schema import check

REFERENCE = json.loads((Path(__file__).resolve().parents[2] / "examples" / "reference" / "gradient-flow.json").read_text())
PROGRAMS = REFERENCE["programs"]


def run(program, gradients=True):
    torch.manual_seed(0)
    ns = {"torch": torch, "nn": nn, "F": F}
    with record(gradients=gradients):
        exec(program["code"], ns)
        ns["loss"].backward()
    params = []
    for name in program["params"]:
        value = ns[name]
        params += list(value.named_parameters(prefix=name)) if isinstance(value, nn.Module) else [(name, value)]
    return export(ns["loss"], params)


def same_stats(actual, expected, where):
    if expected is None:
        assert actual is None, where
        return
    for key in ("numel", "zeros", "nan", "inf"):
        assert actual[key] == expected[key], f"{where} {key}"
    for key in ("norm", "maxAbs", "meanAbs"):
        assert math.isclose(actual[key], expected[key], rel_tol=1e-12, abs_tol=1e-300), f"{where} {key}"


@pytest.mark.parametrize("program", PROGRAMS, ids=[p["id"] for p in PROGRAMS])
def test_statistics_are_pytorchs_own(program):
    snapshot = run(program)
    check(snapshot)
    flow = snapshot["gradients"]
    ran = {entry["node"]: entry for entry in flow["nodes"]}
    assert sorted(ran) == sorted(program["order"])
    for i, node in enumerate(program["nodes"]):
        for side in ("gradOutputs", "gradInputs"):
            for k, expected in enumerate(node[side]):
                same_stats(ran[i][side][k], expected, f"node {i} {node['name']} {side}[{k}]")
    leaves = {leaf["tensor"]: leaf["grad"] for leaf in flow["leaves"]}
    for param in snapshot["params"]:
        same_stats(leaves.get(param["tensor"]), program["grads"][param["name"]], param["name"])


@pytest.mark.parametrize("program", PROGRAMS, ids=[p["id"] for p in PROGRAMS])
def test_birthplace_of_a_non_finite_gradient(program):
    flow = run(program)["gradients"]
    if program["detectAnomaly"] is None:
        assert "anomaly" not in flow
        return
    born = program["nodes"][flow["anomaly"]["node"]]["name"]
    assert born in ("LogBackward0", "SqrtBackward0")
    assert flow["anomaly"]["inputs"] == [0]


def test_without_gradients_the_snapshot_has_none():
    assert "gradients" not in run(PROGRAMS[0], gradients=False)


def test_the_latest_pass_is_exported():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    with record(gradients=True):
        loss = (w * w).sum()
    loss.backward(retain_graph=True)
    loss.backward(torch.tensor(3.0))
    flow = export(loss, {"w": w})["gradients"]
    assert flow["nodes"][0]["gradOutputs"][0]["norm"] == 3.0
    assert flow["leaves"][0]["grad"]["norm"] == pytest.approx(8 * math.sqrt(5))


def test_gradients_must_be_a_bool():
    with pytest.raises(TypeError, match="gradients must be True or False"):
        with record(gradients="yes"):
            pass
