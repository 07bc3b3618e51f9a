"""export(): real PyTorch graphs as gradviz snapshots."""
import json
import sys

import numpy as np
import pytest
import torch
import torch.nn as nn

import gradviz
from gradviz import export, record

THIS_FILE = __file__


def seed():
    x = torch.tensor(np.arange(-2, 2.1, 0.25), requires_grad=True).float()
    z = (2 * x**2 + 2).sum()
    return x, z


def tensor_of(snapshot, name):
    entry = next(p for p in snapshot["params"] if p["name"] == name)
    return snapshot["tensors"][entry["tensor"]]


def test_the_seed_names_each_node_in_pytorch_order_with_the_float64_leaf():
    x, z = seed()
    s = export(z, {"x": x})
    assert s["format"] == "gradviz.graph" and s["version"] == 1 and s["language"] == "python"
    assert [n["name"] for n in s["nodes"]] == ["SumBackward0", "AddBackward0", "MulBackward0", "PowBackward0", "ToCopyBackward0", "AccumulateGrad"]
    assert s["nodes"][1]["next"] == [[2, 0], [None, 0]]
    leaf = s["tensors"][s["nodes"][5]["variable"]]
    assert (leaf["dtype"], leaf["shape"], leaf["isLeaf"], leaf.get("params")) == ("float64", [17], True, None)
    named = tensor_of(s, "x")
    assert named["isLeaf"] is False and named["gradFn"] == {"name": "ToCopyBackward0", "node": 4}
    json.dumps(s, allow_nan=False)


def test_without_record_the_graph_still_shows_the_dtype_copy_but_no_line():
    x, z = seed()
    origin = tensor_of(export(z, {"x": x}), "x")["origin"]
    assert origin["kind"] == "dtypeCopy" and (origin["from"], origin["to"]) == ("float64", "float32")
    assert "source" not in origin


def test_record_keeps_the_line_that_made_the_copy():
    with record():
        x = torch.tensor(np.arange(3.0), requires_grad=True).float()
        line = sys._getframe().f_lineno - 1
        z = (x * x).sum()
    s = export(z, {"x": x})
    origin = tensor_of(s, "x")["origin"]
    assert origin["kind"] == "dtypeCopy"
    assert origin["source"]["file"] == THIS_FILE and origin["source"]["line"] == line
    sum_node = s["nodes"][0]
    assert sum_node["source"]["line"] == line + 2 and sum_node["output"] == {"shape": [], "dtype": "float32"}


def test_record_marks_detach_and_no_grad_as_cuts():
    with record():
        w = torch.tensor([3.0, 4.0], requires_grad=True)
        v = torch.tensor([1.0, 2.0], requires_grad=True)
        u = torch.tensor([0.5, 0.5], requires_grad=True)
        with torch.no_grad():
            h = v * 2
        z = (u * w.detach() + h).sum()
    s = export(z, {"w": w, "v": v, "u": u})
    cut_kinds = {s["tensors"][c["tensor"]]["params"][0]: c["cut"] for t in s["tensors"] for c in t.get("cutSources", [])}
    assert cut_kinds == {"w": "detach", "v": "noGrad"}
    add, mul = s["nodes"][1], s["nodes"][2]
    assert (add["name"], mul["name"]) == ("AddBackward0", "MulBackward0")
    entered = [s["tensors"][c["tensor"]]["origin"]["kind"] for node in (add, mul) for c in node["constants"] if c is not None]
    assert entered == ["noGrad", "detach"]


def test_params_take_a_dict_or_named_parameters():
    model = nn.Linear(2, 1)
    loss = model(torch.ones(3, 2)).sum()
    from_pairs = export(loss, model.named_parameters())
    from_dict = export(loss, dict(model.named_parameters()))
    assert [p["name"] for p in from_pairs["params"]] == ["weight", "bias"] == [p["name"] for p in from_dict["params"]]


def test_negative_saved_ints_are_stored_as_they_were():
    x = torch.ones(2, 3, requires_grad=True)
    s = export(x.softmax(-1).sum(), {"x": x})
    softmax = next(n for n in s["nodes"] if n["name"] == "SoftmaxBackward0")
    assert softmax["saved"]["dim"] == {"type": "int", "value": -1}


def test_saved_tensors_freed_by_backward_are_marked():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    z = (x * x).sum()
    z.backward()
    s = export(z, {"x": x})
    mul = s["nodes"][1]
    assert mul["saved"]["self"]["freed"] is True
    assert s["tensors"][mul["saved"]["self"]["tensor"]]["shapeUnknown"] is True
    with record():
        y = torch.tensor([1.0, 2.0], requires_grad=True)
        w = (y * y).sum()
    w.backward()
    saved = export(w, {"y": y})["nodes"][1]["saved"]["self"]
    assert saved["freed"] is True
    assert export(w, {"y": y})["tensors"][saved["tensor"]]["shape"] == [2]


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x):
        return torch.relu(self.fc(x)) + x


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = nn.Sequential(Block(), Block())
        self.head = nn.Linear(4, 1)

    def forward(self, x):
        return self.head(self.blocks(x))


def test_record_gives_every_node_its_module_call():
    model = Net()
    with record():
        loss = model(torch.randn(3, 4)).sum()
    s = export(loss, dict(model.named_parameters()), model=model)
    modules = {m["path"]: m for m in s["modules"]}
    assert sorted(modules) == ["blocks", "blocks.0", "blocks.0.fc", "blocks.1", "blocks.1.fc", "head"]
    assert modules["blocks.0"]["type"] == "Block" and modules["head"]["parameterCount"] == 5
    calls = s["moduleCalls"]
    assert all(c["id"] == i for i, c in enumerate(calls))
    assert all(c["parent"] is None or c["parent"] < c["id"] for c in calls)
    relu = [n for n in s["nodes"] if n["name"] == "ReluBackward0"]
    assert sorted(n["module"] for n in relu) == ["blocks.0", "blocks.1"]
    addmm = [n for n in s["nodes"] if n["name"] == "AddmmBackward0"]
    assert sorted(n["module"] for n in addmm) == ["blocks.0.fc", "blocks.1.fc", "head"]
    assert all(calls[n["moduleCall"]]["module"] == n["module"] for n in s["nodes"] if "module" in n)


def test_a_module_run_twice_has_two_calls():
    cell = nn.Linear(3, 3)
    with record():
        h = torch.zeros(1, 3)
        for _ in range(2):
            h = torch.tanh(cell(h) + 1)
    s = export(h.sum(), {"W": cell.weight}, model=nn.ModuleDict({"cell": cell}))
    assert [c["module"] for c in s["moduleCalls"]] == ["cell", "cell"]


def test_without_record_a_model_still_names_the_nodes_its_parameters_feed():
    model = Net()
    loss = model(torch.randn(3, 4)).sum()
    s = export(loss, dict(model.named_parameters()), model=model)
    by_name = {}
    for n in s["nodes"]:
        by_name.setdefault(n["name"], []).append(n.get("module"))
    assert sorted(by_name["AddmmBackward0"]) == ["blocks.0.fc", "blocks.1.fc", "head"]
    assert sorted(by_name["TBackward0"]) == ["blocks.0.fc", "blocks.1.fc", "head"]
    paths = [m["path"] for m in s["modules"]]
    assert sorted(paths) == ["blocks", "blocks.0", "blocks.0.fc", "blocks.1", "blocks.1.fc", "head"]
    assert all(paths.index(p.rpartition(".")[0]) < paths.index(p) for p in paths if "." in p)


def test_a_chain_of_100000_ops_exports_without_recursion():
    x = torch.ones(1, requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        s = export(y, {"x": x})
    finally:
        sys.setrecursionlimit(limit)
    assert len(s["nodes"]) == 100_001 and s["nodes"][-1]["name"] == "AccumulateGrad"


def test_record_does_not_move_pytorchs_warnings_away_from_the_users_line():
    with record():
        x = torch.tensor([1.0], requires_grad=True).double()
        with pytest.warns(UserWarning, match="not a leaf") as caught:
            x.grad  # noqa: B018 - the read is what warns
    assert caught[0].filename == THIS_FILE


def test_nested_record_blocks_are_one():
    with record():
        with record():
            a = torch.ones(2, requires_grad=True) * 2
        b = a.detach()
    assert export(b, {"a": a})["tensors"][0]["origin"]["kind"] == "detach"


def test_the_version_is_exported():
    assert gradviz.SNAPSHOT_VERSION == 1 and gradviz.__version__


def test_values_copied_out_and_back_in_are_a_cut():
    with record():
        w = torch.tensor([1.0, 2.0], requires_grad=True)
        u = torch.ones(2, requires_grad=True)
        copied = torch.tensor(w.tolist())
        from_array = torch.tensor(w.detach().numpy())
        loss = (u * copied + from_array).sum()
    s = export(loss, {"w": w, "u": u})
    origins = {t["origin"].get("via"): t for t in s["tensors"] if t.get("origin", {}).get("kind") == "created" and "via" in t["origin"]}
    assert set(origins) == {"tolist", "numpy"}
    assert origins["tolist"]["cutSources"][0]["cut"] == "values" and origins["tolist"]["cutSources"][0]["via"] == "tolist"
    assert s["tensors"][origins["tolist"]["origin"]["of"]]["params"] == ["w"]
    assert origins["numpy"]["cutSources"][0]["cut"] == "detach"


def test_saved_tuples_of_tensors_are_listed():
    x = torch.randn(3, 4, requires_grad=True)
    s = export(x[torch.tensor([0, 2])].sum(), {"x": x})
    saved = next(n for n in s["nodes"] if n["name"] == "IndexBackward0")["saved"]["indices"]
    assert saved["type"] == "tensors" and s["tensors"][saved["tensors"][0]]["dtype"] == "int64"


def test_layers_of_a_module_list_are_named_by_their_path_without_a_model():
    layer = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, batch_first=True)
    model = nn.TransformerEncoder(layer, num_layers=2)
    with record():
        loss = model(torch.randn(1, 3, 8)).sum()
    paths = {m["path"] for m in export(loss, dict(model.named_parameters()))["modules"]}
    assert {"layers.0", "layers.1", "layers.0.self_attn", "layers.1.linear2"} <= paths
