"""``record(gradients=True)``: the gradient-flow programs of examples/reference/gradient_flow.py, run
through the package, give the statistics real PyTorch's own hooks recorded (gradient-flow.json)
for every node and param, name where a NaN or Inf was born, export valid snapshots, and make_dot(gradients=True)
names the param, the op and the line."""
import math
import re

import pytest
import torch

from export_gradients import PROGRAMS, run
from gradviz import export, make_dot, record
from test_schema import check


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


def line_of(program, text):
    """The line of the program's code that holds ``text`` (the code starts with a newline, as written)."""
    return next(i for i, line in enumerate(program["code"].split("\n"), 1) if text in line)


EXPECTED = {
    "deep_sigmoid": ("gradientVanishing", "model.0.bias", None),
    "dead_relu": ("gradientZero", "fc1.weight", "torch.relu("),
    "log_zero": ("gradientNonFinite", "w", "torch.log("),
    "sqrt_zero": ("gradientNonFinite", "a", "torch.sqrt("),
    "exploding_linear": ("gradientExploding", "model.2.weight", None),
}


@pytest.mark.parametrize("program", PROGRAMS, ids=[p["id"] for p in PROGRAMS])
def test_make_dot_names_the_param_the_op_and_the_line(program):
    kind, param, op_text = EXPECTED[program["id"]]
    findings = make_dot(run(program), gradients=True, lang="en").diagnostics
    assert [f.kind for f in findings] == [kind]
    assert findings[0].params[0] == param
    if op_text is not None:
        assert f"on line {line_of(program, op_text)} of {program['id']}.py" in findings[0].summary


def test_make_dot_gradients_needs_a_recording():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    loss = (w * w).sum()
    loss.backward()
    with pytest.raises(ValueError, match=r"gradients=True needs the gradients backward\(\) sent"):
        make_dot(loss, {"w": w}, gradients=True)


def test_the_notebook_element_asks_for_the_gradients():
    graph = make_dot(run(PROGRAMS[2]), gradients=True)
    assert re.search(r"<gradviz-graph[^>]* gradients[ >]", graph._repr_html_())
    assert not re.search(r"<gradviz-graph[^>]* gradients[ >]", make_dot(run(PROGRAMS[2]))._repr_html_())


def test_notebook_cells_record_gradients_when_asked():
    from gradviz import _notebook, record_cells

    def cell(code):
        # What IPython's pre_run_cell and post_run_cell events do around a cell.
        _notebook._start_cell()
        try:
            return code()
        finally:
            _notebook._end_cell()

    w = torch.tensor([1.0, 0.0], requires_grad=True)
    try:
        record_cells(gradients=True)
        loss = cell(lambda: torch.log(w).sum())
        cell(loss.backward)  # backward in a later cell, as learners run it
    finally:
        record_cells()
    findings = make_dot(loss, {"w": w}, gradients=True).diagnostics
    assert [f.kind for f in findings] == ["gradientNonFinite"]
    with pytest.raises(TypeError, match=r"gradients must be True or False, got 'yes'"):
        record_cells(gradients="yes")


def test_zero_grad_between_backward_and_step_is_named():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 8), torch.nn.ReLU(), torch.nn.Linear(8, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    x = torch.randn(64, 2)
    with record(gradients=True):
        for _ in range(3):
            loss = torch.nn.functional.mse_loss(model(x), x.sum(1, keepdim=True) * 2)
            loss.backward()
            optimizer.zero_grad(set_to_none=False)  # too late: step() below moves nothing
            optimizer.step()
    [finding] = make_dot(loss, dict(model.named_parameters()), gradients=True).diagnostics
    assert finding.kind == "gradientCleared"
    assert finding.params == ("0.weight", "0.bias", "2.weight", "2.bias")
    assert finding.fix == "Empty the gradients before backward(), not after it: optimizer.zero_grad(); loss.backward(); optimizer.step()"
