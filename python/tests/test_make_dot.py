"""make_dot(): the graph object, shown in a notebook, saved to files, explained in code."""
import os
import stat
import xml.dom.minidom

import numpy as np
import pytest
import torch
import torch.nn as nn

import gradviz
from gradviz import NodeNotFoundError, make_dot, record
from gradviz import _html


@pytest.fixture
def seed():
    with record():
        x = torch.tensor(np.arange(-2, 2.1, 0.25), requires_grad=True).float()
        z = (2 * x**2 + 2).sum()
    return x, z


@pytest.fixture
def no_node(monkeypatch, tmp_path):
    """As on a machine without Node.js or gradviz's CLI."""
    monkeypatch.delenv("GRADVIZ_CLI", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(gradviz._cli, "_REPO_CLI", tmp_path / "absent.mjs")


def test_a_cell_shows_the_viewer_with_everything_inline(seed):
    x, z = seed
    bundle = make_dot(z, params={"x": x})._repr_mimebundle_()
    page = bundle["text/html"]
    assert page.startswith('<div class="gradviz-output"><gradviz-graph label="gradviz: x"')
    assert '<script type="application/json">{"format":"gradviz.graph"' in page
    assert _html.viewer_code()[:200] in page
    # Offline: nothing is fetched; and the markup has no id that could clash with a second graph's.
    assert "<script src" not in page and "<link" not in page
    markup = page[: page.index("<script>")]
    assert " id=" not in markup


def test_the_text_form_lists_the_findings(seed):
    x, z = seed
    text = make_dot(z, params={"x": x})._repr_mimebundle_()["text/plain"]
    assert text.startswith("<gradviz graph: 6 nodes; params: x>")
    assert "error: x.grad is None because x is not a leaf: .float() on line" in text
    assert "Fix: Pass the dtype when you create it — torch.tensor(values, requires_grad=True, dtype=torch.float32)" in text


def test_the_text_form_without_node_says_where_the_findings_are(seed, no_node):
    x, z = seed
    text = make_dot(z, params={"x": x})._repr_mimebundle_()["text/plain"]
    assert "the HTML view shows them" in text


def test_labels_cannot_break_out_of_the_page(seed):
    x, z = seed
    name = "</script><script>alert(1)</script>"
    page = make_dot(z, params={name: x})._repr_html_()
    assert "<script>alert(1)" not in page and "</script><script>alert" not in page
    assert 'label="gradviz: &lt;/script&gt;' in page


def test_options_reach_the_viewer(seed):
    x, z = seed
    page = make_dot(z, params={"x": x}, show_attrs=True, show_saved=True, max_attr_chars=20, rankdir="LR", lang="ja")._repr_html_()
    assert '<gradviz-graph label="gradviz: x" show-attrs show-saved max-attr-chars="20" rankdir="LR" lang="ja">' in page


def test_diagnostics_and_explain_come_from_the_typescript_diagnosis(seed):
    x, z = seed
    g = make_dot(z, params={"x": x})
    [finding] = g.diagnostics
    assert (finding.kind, finding.severity, finding.params) == ("nonLeafParam", "error", ("x",))
    assert "ToCopyBackward0" in finding.text and "x.retain_grad()" in finding.fix
    assert g.explain("x").startswith("x.grad is None because x is not a leaf")
    with pytest.raises(KeyError, match="'w' is not one of the params of this graph \\(x\\)"):
        g.explain("w")


def test_the_fixed_seed_has_no_finding():
    x = torch.tensor(np.arange(-2, 2.1, 0.25), requires_grad=True, dtype=torch.float32)
    g = make_dot((2 * x**2 + 2).sum(), params={"x": x})
    assert g.diagnostics == []
    assert g.explain("x") == "x is a leaf of this graph that requires grad: backward fills x.grad."


def test_save_writes_html_and_json_in_python_alone(seed, tmp_path, no_node):
    x, z = seed
    g = make_dot(z, params={"x": x})
    html_path = g.save(tmp_path / "graph.html")
    page = open(html_path, encoding="utf-8").read()
    assert page.startswith("<!doctype html>") and "<gradviz-graph" in page and "<title>gradviz: x</title>" in page
    saved = open(g.save(str(tmp_path / "graph.json")), encoding="utf-8").read()
    assert '"format": "gradviz.graph"' in saved
    with pytest.raises(NodeNotFoundError, match="install Node.js 20 or later .* `npm install -g @gradviz/viz`"):
        g.save(tmp_path / "graph.svg")


def test_save_draws_svg_png_and_dot_through_the_cli(seed, tmp_path):
    x, z = seed
    g = make_dot(z, params={"x": x})
    svg = xml.dom.minidom.parse(g.save(str(tmp_path / "graph.svg")))
    texts = [t.firstChild.data for t in svg.getElementsByTagName("text") if t.firstChild is not None]
    assert "ToCopyBackward0" in texts and "not a leaf" in texts
    with open(g.save(str(tmp_path / "graph.png")), "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"
    dot = open(g.save(str(tmp_path / "graph.dot")), encoding="utf-8").read()
    assert dot.startswith("digraph {") and "ToCopyBackward0" in dot
    assert g.source == dot


def test_render_writes_the_source_and_the_picture_as_torchviz_does(seed, tmp_path):
    x, z = seed
    g = make_dot(z, params={"x": x})
    out = g.render("seed", directory=str(tmp_path), format="svg")
    assert out == os.path.join(str(tmp_path), "seed.svg") and os.path.isfile(out)
    assert open(tmp_path / "seed", encoding="utf-8").read().startswith("digraph {")
    g.render(str(tmp_path / "clean"), format="png", cleanup=True)
    assert os.path.isfile(tmp_path / "clean.png") and not os.path.exists(tmp_path / "clean")


def test_a_failed_save_leaves_the_old_file_as_it_was(seed, tmp_path, monkeypatch):
    x, z = seed
    path = tmp_path / "graph.html"
    path.write_text("the old page")

    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(gradviz._graph, "page_html", lambda *args: "x" * 100 + broken())
    with pytest.raises(OSError, match="disk full"):
        make_dot(z, params={"x": x}).save(path)
    assert path.read_text() == "the old page" and os.listdir(tmp_path) == ["graph.html"]


def test_a_saved_file_gets_the_mode_a_plain_write_gives_it(seed, tmp_path, no_node):
    x, z = seed
    umask = os.umask(0o022)
    try:
        new = tmp_path / "new.html"
        make_dot(z, params={"x": x}).save(new)
        assert stat.S_IMODE(new.stat().st_mode) == 0o644  # not the temporary file's private 0o600
        kept = tmp_path / "kept.json"
        kept.write_text("old")
        kept.chmod(0o640)
        make_dot(z, params={"x": x}).save(kept)
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(umask)


def test_a_failed_write_midway_removes_its_temporary_file(seed, tmp_path, monkeypatch):
    x, z = seed
    path = tmp_path / "graph.json"
    path.write_text("old")
    real_replace = os.replace

    def failing_replace(*args):
        raise OSError("rename refused")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="rename refused"):
        make_dot(z, params={"x": x}).save(path)
    monkeypatch.setattr(os, "replace", real_replace)
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["graph.json"]


def test_a_snapshot_draws_as_the_tensors_do(seed):
    x, z = seed
    snapshot = gradviz.export(z, {"x": x})
    assert make_dot(snapshot).diagnostics == make_dot(z, params={"x": x}).diagnostics


def test_a_model_groups_nodes_by_module():
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    with record():
        loss = model(torch.randn(2, 3)).sum()
    g = make_dot(loss, params=dict(model.named_parameters()), model=model)
    assert {m["path"]: m["type"] for m in g.snapshot["modules"]} == {"0": "Linear", "1": "ReLU", "2": "Linear"}


def test_a_model_s_many_params_are_counted_in_the_title():
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 1))
    page = make_dot(model(torch.randn(2, 3)).sum(), params=dict(model.named_parameters()))._repr_html_()
    assert '<gradviz-graph label="gradviz: 0.weight, 0.bias and 2 more params"' in page


def test_depth_reaches_the_viewer_and_the_cli(seed, tmp_path):
    import math
    import xml.dom.minidom as minidom

    model = nn.Sequential(*[nn.Sequential(nn.Linear(4, 4), nn.Tanh()) for _ in range(40)])
    with record():
        loss = model(torch.randn(2, 4)).sum()
    folded = make_dot(loss, params=dict(model.named_parameters()), model=model, depth=1)
    assert 'depth="1"' in folded._repr_html_()
    flat = make_dot(loss, params=dict(model.named_parameters()), model=model, depth=math.inf)
    assert 'depth="flat"' in flat._repr_html_()

    def boxes(graph, name):
        svg = minidom.parse(graph.save(str(tmp_path / name)))
        return [g for g in svg.getElementsByTagName("g") if "node" in (g.getAttribute("class") or "").split()]

    assert len(boxes(folded, "folded.svg")) < len(boxes(flat, "flat.svg"))
    with pytest.raises(TypeError, match="depth must be a whole number >= 0"):
        make_dot(loss, depth=-1)
