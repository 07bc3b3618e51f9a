"""Bad input: Python exceptions that say what was expected."""
import numpy as np
import pytest
import torch
import torch.nn as nn

from gradviz import export, make_dot


@pytest.fixture
def graph():
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    return w, (w * 3).sum()


def test_a_module_instead_of_its_output(graph):
    with pytest.raises(TypeError, match=r"make_dot\(\): expected a tensor or a sequence of tensors, got a module \(Linear\): pass the tensor it computes, e.g. make_dot\(model\(x\)\)"):
        make_dot(nn.Linear(2, 1))


def test_a_method_instead_of_its_result(graph):
    _, z = graph
    with pytest.raises(TypeError, match="did you pass a method instead of calling it"):
        make_dot(z.mean)


def test_a_list_with_something_else_in_it(graph):
    _, z = graph
    with pytest.raises(TypeError, match=r"outputs\[1\] must be a tensor, got int 3"):
        make_dot([z, 3])
    with pytest.raises(TypeError, match="got an empty list"):
        export([])


def test_a_numpy_array(graph):
    with pytest.raises(TypeError, match="got ndarray"):
        make_dot(np.ones(3))


def test_a_tensor_with_no_graph():
    with pytest.raises(ValueError, match=r"make_dot\(\): the output has an autograd graph|no autograd graph") as caught:
        make_dot(torch.ones(3) * 2)
    assert "requires_grad=False, grad_fn=None" in str(caught.value) and "requires_grad=True" in str(caught.value)


def test_a_tensor_with_no_graph_but_named_params_is_diagnosed():
    w = torch.ones(2, requires_grad=True)
    g = make_dot(w.detach().sum(), params={"w": w})
    assert g.snapshot["outputs"][0]["gradFn"] is None


def test_a_param_that_is_not_a_tensor(graph):
    _, z = graph
    with pytest.raises(TypeError, match=r"params\['w'\] must be a tensor, got float 3.0"):
        make_dot(z, params={"w": 3.0})
    with pytest.raises(TypeError, match=r"params\['w'\] must be a tensor, got a function .*did you mean to call it\?"):
        make_dot(z, params={"w": torch.ones})


def test_a_name_given_twice(graph):
    w, z = graph
    with pytest.raises(ValueError, match="the name 'w' is given twice in params"):
        make_dot(z, params=[("w", w), ("w", w)])


def test_params_of_the_wrong_kind(graph):
    w, z = graph
    with pytest.raises(TypeError, match=r"pass dict\(model.named_parameters\(\)\)"):
        make_dot(z, params=nn.Linear(2, 1))
    with pytest.raises(TypeError, match="params must be a dict of named tensors"):
        make_dot(z, params=w)
    with pytest.raises(TypeError, match=r"params entry 0 must be a \(name, tensor\) pair"):
        make_dot(z, params=[w])
    with pytest.raises(TypeError, match="every params name must be a string, got int 1"):
        make_dot(z, params={1: w})


@pytest.mark.parametrize(
    "options, error",
    [
        ({"rankdir": "XY"}, "rankdir must be one of TB, BT, LR, RL, got 'XY'"),
        ({"show_attrs": "yes"}, "show_attrs must be True or False"),
        ({"max_attr_chars": -1}, "max_attr_chars must be a whole number >= 0"),
        ({"lang": "fr"}, "lang must be one of en, ja or None"),
        ({"model": "net"}, "model must be the nn.Module that made the graph"),
    ],
)
def test_options_are_checked(graph, options, error):
    w, z = graph
    with pytest.raises((TypeError, ValueError), match=error):
        make_dot(z, params={"w": w}, **options)


def test_files_of_unknown_kinds(graph, tmp_path):
    w, z = graph
    g = make_dot(z, params={"w": w})
    with pytest.raises(ValueError, match=r"cannot tell the format of .*graph.txt.* use .html, .json, .svg, .png, .dot, .gv"):
        g.save(str(tmp_path / "graph.txt"))
    with pytest.raises(TypeError, match="path must be a file name such as 'graph.html'"):
        g.save(3)
    with pytest.raises(ValueError, match="format must be one of svg, png, dot, html or json"):
        g.render("g", directory=str(tmp_path), format="pdf")


def test_a_snapshot_with_params_given_again(graph):
    w, z = graph
    with pytest.raises(TypeError, match="params and model cannot be given with a snapshot"):
        make_dot(export(z, {"w": w}), params={"w": w})


def test_a_snapshot_of_a_newer_version(graph):
    w, z = graph
    newer = dict(export(z, {"w": w}), version=2)
    with pytest.raises(ValueError, match="this snapshot is version 2, newer than version 1, the newest this gradviz reads"):
        make_dot(newer)
