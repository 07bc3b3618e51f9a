"""record() notes what happens to tensors after they are made, as the engine does: in-place changes of
saved tensors, the backward() calls that freed a graph, late retain_grad() and requires_grad_(),
frozen parameters, gradients piling up, values out through item(), ops with no gradient, and what a
cut starved once nothing holds the tensor it cut."""
import re

import pytest
import torch
import torch.nn as nn

from gradviz import export, make_dot, record


def _line_of(text: str) -> int:
    """The line of this file that holds `text`: the place a finding should name."""
    with open(__file__, encoding="utf-8") as source:
        return next(n for n, line in enumerate(source, 1) if text in line and "_line_of" not in line)

THIS_FILE = __file__


def line_of(text):
    """The line of this file holding ``text`` (exactly one does)."""
    with open(THIS_FILE, encoding="utf-8") as file:
        found = [i + 1 for i, line in enumerate(file) if text in line and "line_of(" not in line]
    assert len(found) == 1, found
    return found[0]


def named(snapshot, name):
    entry = next(p for p in snapshot["params"] if p["name"] == name)
    return snapshot["tensors"][entry["tensor"]]


def test_a_saved_tensor_changed_in_place_names_the_change_and_pytorch_s_error():
    with record():
        x = torch.randn(3, requires_grad=True)
        h = x.sigmoid()
        h.mul_(2)  # in place, after SigmoidBackward0 saved h
    s = export(h.sum(), {"x": x})
    sigmoid = next(n for n in s["nodes"] if n["name"] == "SigmoidBackward0")
    saved = sigmoid["saved"]["result"]
    assert saved["modified"] is True
    assert saved["modifiedBy"] == {"op": "mul_", "source": {"file": THIS_FILE, "line": line_of("h.mul_(2)  # in place"), "column": saved["modifiedBy"]["source"]["column"]}}
    assert saved["error"].startswith("one of the variables needed for gradient computation has been modified by an inplace operation")
    assert saved["error"].endswith("with torch.autograd.set_detect_anomaly(True).")
    with pytest.raises(RuntimeError) as raised:
        h.sum().backward()
    assert str(raised.value) == saved["error"]


def test_a_graph_freed_by_an_earlier_backward_names_that_call():
    with record():
        w = torch.randn(3, requires_grad=True)
        h = (w * 2).tanh()
        h.sum().backward()  # frees TanhBackward0's saved result
        loss = (h * 3).sum()
    s = export(loss, {"w": w})
    tanh = next(n for n in s["nodes"] if n["name"] == "TanhBackward0")
    assert tanh["releasedBy"]["source"]["line"] == line_of("h.sum().backward()  # frees")
    assert tanh["saved"]["result"]["freed"] is True
    assert "releasedBy" not in s["nodes"][0]


def test_retain_grad_after_backward_and_requires_grad_after_use():
    with record():
        w = torch.tensor([1.0, 2.0], requires_grad=True)
        h = w * 2
        h.sum().backward()  # runs through h
        h.retain_grad()  # too late
        v = torch.randn(2)
        y = v * 3
        v.requires_grad_()  # too late too
    retain = named(export((h * 1).sum(), {"h": h}), "h")["retainGradAfterBackward"]
    assert retain["source"]["line"] == line_of("h.retain_grad()  # too late")
    assert retain["backward"]["line"] == line_of("backward()  # runs through h")
    s = export(y.sum() + v.sum(), {"v": v})
    assert named(s, "v")["requiresGradAfterUse"]["source"]["line"] == line_of("v.requires_grad_()  # too late too")


def test_frozen_parameters_say_where_they_were_frozen():
    model = nn.Linear(2, 1)
    with record():
        for p in model.parameters(): p.requires_grad = False  # frozen here
        loss = model(torch.ones(3, 2)).sum()
    s = export(loss, dict(model.named_parameters()))
    assert named(s, "weight")["frozen"]["source"]["line"] == line_of("p.requires_grad = False  # frozen here")
    with record():
        model.weight.requires_grad_(True)
    assert "frozen" not in named(export(model(torch.ones(1, 2)).sum(), dict(model.named_parameters())), "weight")


def test_gradients_piling_up_count_the_backward_calls_since_the_last_zero_grad():
    model = nn.Linear(2, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    with record():
        for _ in range(3):
            model(torch.ones(4, 2)).sum().backward()  # no zero_grad
    s = export(model(torch.ones(1, 2)).sum(), dict(model.named_parameters()))
    piled = named(s, "weight")["gradAccumulation"]
    assert piled["backwards"] == 3 and piled["source"]["line"] == line_of("backward()  # no zero_grad")
    with record():
        optimizer.zero_grad()
        model(torch.ones(4, 2)).sum().backward()
    assert named(export(model(torch.ones(1, 2)).sum(), dict(model.named_parameters())), "weight")["gradAccumulation"]["backwards"] == 1
    with record():
        optimizer.zero_grad()
    assert "gradAccumulation" not in named(export(model(torch.ones(1, 2)).sum(), dict(model.named_parameters())), "weight")


def test_values_out_through_item_and_ops_with_no_gradient_are_cuts():
    with record():
        w = torch.tensor(0.5, requires_grad=True)
        pred = w * 3
        back = torch.tensor(pred.item()) * 2
        scores = torch.randn(4, 3, requires_grad=True)
        right = (scores.argmax(1) == torch.tensor([0, 1, 2, 0])).float().mean()
    item_cut = export(back, {"w": w})["tensors"]
    cut = next(c for t in item_cut for c in t.get("cutSources", []))
    assert (cut["cut"], cut["via"]) == ("values", "item")
    s = export(right, {"scores": scores})
    argmax = next(c for t in s["tensors"] for c in t.get("cutSources", []))
    assert (argmax["cut"], argmax["op"], s["tensors"][argmax["tensor"]]["params"]) == ("nonDifferentiable", "argmax", ["scores"])


def test_a_cut_names_what_it_starved_after_the_tensor_it_cut_is_gone():
    l1 = nn.Linear(4, 3)
    with record():
        h = torch.relu(l1(torch.ones(2, 4))).detach()  # relu's result is held by nothing
    s = export((h * torch.ones(2, 3, requires_grad=True)).sum(), dict(l1.named_parameters()))
    cut = next(c for t in s["tensors"] for c in t.get("cutSources", []))
    gone = s["tensors"][cut["tensor"]]
    assert (gone["gradFn"], gone["origin"]["op"]) == ({"name": "ReluBackward0", "node": None}, "relu")
    assert (gone["origin"]["source"]["file"], gone["origin"]["source"]["line"]) == (__file__, _line_of("torch.relu(l1("))
    assert sorted(s["tensors"][leaf]["params"][0] for leaf in gone["leaves"]) == ["bias", "weight"]


def test_linear_s_constant_is_its_input_not_its_weight():
    l1 = nn.Linear(4, 3)
    x = torch.ones(2, 4)
    with record():
        out = l1(x).sum()
    s = export(out, dict(l1.named_parameters()))
    addmm = next(n for n in s["nodes"] if n["name"] == "AddmmBackward0")
    [constant] = [c for c in addmm["constants"] if c is not None]
    assert s["tensors"][constant["tensor"]]["shape"] == [2, 4]


def test_make_dot_speaks_japanese_when_asked():
    with record():
        x = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True).float()
    g = make_dot((x * x).sum(), params={"x": x}, lang="ja")
    [finding] = g.diagnostics
    assert finding.text.startswith("x が葉テンソル (leaf) ではないため、x.grad は None です。")
    assert finding.code == "torch.tensor(values, requires_grad=True, dtype=torch.float32)"
    assert finding.places[0]["file"] == THIS_FILE
    assert g.explain("x").startswith("x が葉テンソル")


def test_the_record_hint_is_given_only_where_nothing_was_recorded():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc1 = nn.Linear(4, 4)
            self.fc2 = nn.Linear(4, 1)

        def forward(self, x):
            return self.fc2(x)  # fc1 never used

    net = Net()  # built before record(), as models are
    with record():
        recorded = net(torch.ones(2, 4)).sum()
    unrecorded = net(torch.ones(2, 4)).sum()
    hint = "run that code inside `with gradviz.record():`"
    for loss, hinted in ((recorded, False), (unrecorded, True)):
        findings = make_dot(loss, dict(net.named_parameters())).diagnostics
        assert [f.kind for f in findings] == ["paramNotInGraph", "paramNotInGraph"]
        assert all((hint in f.fix) == hinted for f in findings)


def test_a_dtype_copy_names_the_call_as_written_and_a_fix_that_pastes():
    with record():
        x = torch.randn(16, 4, dtype=torch.float64)
        W = torch.randn(4, 1, requires_grad=True).to(torch.float64)
        loss = (x @ W).pow(2).mean()
    [finding] = make_dot(loss, {"W": W}).diagnostics
    assert f".to(torch.float64) on line {_line_of('.to(torch.float64)')} of test_events.py made W a float64 copy" in finding.text
    assert finding.code == "torch.randn(4, 1, dtype=torch.float64, requires_grad=True)"
    # The fix, pasted in place of the line: W is the leaf, and its gradient arrives.
    W = eval(finding.code, {"torch": torch})
    (x @ W).pow(2).mean().backward()
    assert W.is_leaf and W.grad is not None and W.grad.dtype == torch.float64


def test_requires_grad_switched_on_outside_record_after_use_is_named():
    x = torch.linspace(0, 1, 50).unsqueeze(1)
    w = torch.randn(1, 1)
    b = torch.randn(1, requires_grad=True)
    with record():
        loss = ((x @ w + b - 3 * x) ** 2).mean()
    w.requires_grad = True  # too late, and outside record()
    [finding] = make_dot(loss, {"w": w, "b": b}).diagnostics
    assert finding.kind == "requiresGradAfterUse"
    assert finding.summary == "w.grad is None: w was made to require grad only after it had been used."


def test_a_frozen_module_param_s_fix_is_code_that_runs():
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
    model[0].weight.requires_grad_(False)  # outside record(): no line to name
    with record():
        loss = model(torch.randn(4, 8)).sum()
    [finding] = make_dot(loss, dict(model.named_parameters())).diagnostics
    assert finding.kind == "paramNoGrad"
    call = re.search(r"call (\S+) before using it", finding.fix).group(1)
    assert call == "model[0].weight.requires_grad_()"
    eval(call, {"model": model})
    model(torch.randn(4, 8)).sum().backward()
    assert model[0].weight.grad is not None


def test_a_hand_written_step_out_of_place_gets_the_in_place_fix():
    x = torch.randn(50, 2)
    y = x @ torch.tensor([[1.5], [-0.5]])
    W = torch.randn(2, 1, requires_grad=True)
    lr = 0.1
    with record():
        loss = ((x @ W - y) ** 2).mean()
        loss.backward()
        W = W - lr * W.grad  # out of place: W is not a leaf any more
        loss = ((x @ W - y) ** 2).mean()
    [finding] = make_dot(loss, {"W": W}).diagnostics
    assert finding.kind == "nonLeafParam"
    assert f"SubBackward0 on line {_line_of('W = W - lr * W.grad')} of test_events.py made a new W from the old one" in finding.text
    assert finding.code == "with torch.no_grad(): W -= lr * W.grad"
    # The fix, run as a loop: W stays the leaf and gets its gradient every step.
    W = torch.randn(2, 1, requires_grad=True)
    for _ in range(2):
        ((x @ W - y) ** 2).mean().backward()
        exec(finding.code, {"torch": torch, "W": W, "lr": lr})
        assert W.is_leaf and W.grad is not None
        W.grad.zero_()
