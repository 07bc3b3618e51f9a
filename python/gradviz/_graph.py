"""``make_dot``: torchviz's ``make_dot`` for real PyTorch graphs, drawn by gradviz.

The result shows itself in Jupyter (the interactive viewer, the red box where a chain breaks, the
reason and the fix), writes files, and answers in code (``diagnostics``, ``explain``).
"""
from __future__ import annotations

import json
import math
import os
import stat
import tempfile
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import torch

from ._cli import cli_command, run_cli
from ._html import notebook_html, page_html
from ._inputs import describe
from ._snapshot import SNAPSHOT_FORMAT, SNAPSHOT_VERSION, ParamsInput, Snapshot, snapshot_of

RANKDIRS = ("TB", "BT", "LR", "RL")
LANGS = ("en", "ja")
# What save() writes without Node, and what it asks the CLI for.
_PYTHON_FORMATS = (".html", ".json")
_CLI_FORMATS = (".svg", ".png", ".dot", ".gv")


@dataclass(frozen=True)
class Finding:
    """One reason a gradient does not arrive (or a note about one), as the TypeScript diagnosis says it."""

    kind: str
    severity: str
    params: Tuple[str, ...]
    tensors: Tuple[int, ...]
    nodes: Tuple[int, ...]
    text: str
    fix: str
    # One line: what is wrong.
    summary: str = ""
    # The lines of the user's code it names: {"file", "line", "column"} (and "cell" in a notebook).
    places: Tuple[Dict[str, Any], ...] = ()
    # The fix as code to paste, where one line says it.
    code: Optional[str] = None
    # PyTorch's own error for it (backward() would raise it), as PyTorch prints it.
    pytorch: Optional[str] = None

    @staticmethod
    def from_json(value: Dict[str, Any]) -> "Finding":
        return Finding(
            kind=value["kind"],
            severity=value["severity"],
            params=tuple(value["params"]),
            tensors=tuple(value["tensors"]),
            nodes=tuple(value["nodes"]),
            text=value["text"],
            fix=value["fix"],
            summary=value.get("summary", ""),
            places=tuple(value.get("places", ())),
            code=value.get("code"),
            pytorch=value.get("pytorch"),
        )


def _file_mode(path: str) -> int:
    """The mode the written file gets: the one it has now, else what a new file gets (0o666 less the umask)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_atomically(path: str, text: str) -> None:
    """A temporary file in the same folder, then a rename: a failed write leaves the old file as it was."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=".gradviz-", suffix=".tmp", dir=folder)
    try:
        # mkstemp makes the file private (0o600); the saved file keeps the mode a plain write would give it.
        os.fchmod(descriptor, _file_mode(path))
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


class Graph:
    """What ``make_dot`` returns: one graph, shown inline in Jupyter, saved to files, explained in code."""

    def __init__(
        self,
        snapshot: Snapshot,
        *,
        show_attrs: bool,
        show_saved: bool,
        max_attr_chars: int,
        rankdir: str,
        lang: Optional[str],
        depth: Optional[float] = None,
        gradients: bool = False,
    ) -> None:
        self.snapshot = snapshot
        self.show_attrs = show_attrs
        self.show_saved = show_saved
        self.max_attr_chars = max_attr_chars
        self.rankdir = rankdir
        self.lang = lang
        self.depth = depth
        self.gradients = gradients
        self._explained: Optional[Dict[str, Any]] = None

    # ---- what the viewer and the CLI are told --------------------------------------------------

    def _title(self) -> str:
        names = [p["name"] for p in self.snapshot["params"]]
        if len(names) > 3:
            return f"gradviz: {', '.join(names[:2])} and {len(names) - 2} more params"
        return f"gradviz: {', '.join(names)}" if names else "gradviz graph"

    def _element_options(self) -> Dict[str, Any]:
        return {
            "label": self._title(),
            "show-attrs": self.show_attrs,
            "show-saved": self.show_saved,
            "max-attr-chars": self.max_attr_chars,
            "rankdir": self.rankdir,
            "lang": self.lang,
            "depth": self._depth_text(),
            "gradients": self.gradients,
        }

    def _depth_text(self) -> Optional[str]:
        if self.depth is None:
            return None
        return "flat" if self.depth == math.inf else str(int(self.depth))

    def _flags(self) -> List[str]:
        flags = ["--max-attr-chars", str(self.max_attr_chars), "--rankdir", self.rankdir]
        if self.lang is not None:
            flags += ["--lang", self.lang]
        if self.show_attrs:
            flags.append("--show-attrs")
        if self.show_saved:
            flags.append("--show-saved")
        if self.depth is not None:
            flags += ["--depth", str(self._depth_text())]
        if self.gradients:
            flags.append("--gradients")
        return flags

    # ---- Jupyter ------------------------------------------------------------------------------

    def _repr_html_(self) -> str:
        return notebook_html(self.snapshot, self._element_options())

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Dict[str, str]:
        return {"text/html": self._repr_html_(), "text/plain": self._plain_text()}

    def _summary(self) -> str:
        nodes = len(self.snapshot["nodes"])
        names = ", ".join(p["name"] for p in self.snapshot["params"]) or "none"
        return f"<gradviz graph: {nodes} node{'s' if nodes != 1 else ''}; params: {names}>"

    def _plain_text(self) -> str:
        if cli_command() is None:
            return f"{self._summary()}\n(the findings are listed here when Node.js and gradviz's CLI are installed; the HTML view shows them)"
        try:
            findings = self.diagnostics
        except Exception as error:  # noqa: BLE001 - a display must not fail because the CLI did
            return f"{self._summary()}\n(the findings could not be listed here: {error})"
        if not findings:
            return f"{self._summary()}\nNothing stops a gradient."
        lines = [self._summary()]
        for finding in findings:
            lines.append(f"{finding.severity}: {finding.text}\n  Fix: {finding.fix}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self._summary()

    # ---- answers ------------------------------------------------------------------------------

    def _explanation(self) -> Dict[str, Any]:
        if self._explained is None:
            self._explained = json.loads(run_cli("the diagnosis", self.snapshot, ["explain", "{snapshot}", "--json", *self._flags()]))
        return self._explained

    @property
    def diagnostics(self) -> List[Finding]:
        """The findings, from the TypeScript diagnosis (run by gradviz's CLI on Node.js)."""
        return [Finding.from_json(f) for f in self._explanation()["findings"]]

    def explain(self, name: str) -> str:
        """Why the param ``name``'s ``.grad`` is or will be None, or that it arrives."""
        names = [p["name"] for p in self.snapshot["params"]]
        if name not in names:
            known = f" ({', '.join(names)})" if names else " (it has none)"
            raise KeyError(f"explain(): {name!r} is not one of the params of this graph{known}")
        return str(self._explanation()["explanations"][name])

    @property
    def source(self) -> str:
        """The Graphviz source, as graphviz.Digraph.source gives it (through gradviz's CLI)."""
        return self._dot()

    def _dot(self) -> str:
        with tempfile.TemporaryDirectory(prefix="gradviz-") as folder:
            out = os.path.join(folder, "graph.dot")
            self._render_file(out)
            with open(out, encoding="utf-8") as file:
                return file.read()

    # ---- files --------------------------------------------------------------------------------

    def _render_file(self, path: str) -> None:
        extension = os.path.splitext(path)[1].lower()
        run_cli(f"writing {extension}", self.snapshot, ["render", "{snapshot}", "--out", os.path.abspath(path), *self._flags()])

    def save(self, path: Union[str, "os.PathLike[str]"]) -> str:
        """Writes the graph in the format the extension names; returns the path.

        ``.html`` (the interactive viewer, one offline file) and ``.json`` (the snapshot, which
        ``gradviz render`` and ``makeDot`` read) are written by Python alone; ``.svg``, ``.png`` and
        ``.dot`` by gradviz's CLI on Node.js.
        """
        if not isinstance(path, (str, os.PathLike)) or str(path) == "":
            raise TypeError(f"save(path): path must be a file name such as 'graph.html', got {describe(path)}")
        path = os.fspath(path)
        extension = os.path.splitext(path)[1].lower()
        if extension == ".html":
            _write_atomically(path, page_html(self.snapshot, self._element_options(), self._title()))
        elif extension == ".json":
            _write_atomically(path, json.dumps(self.snapshot, indent=1) + "\n")
        elif extension in _CLI_FORMATS:
            self._render_file(path)
        else:
            formats = ", ".join(_PYTHON_FORMATS + _CLI_FORMATS)
            raise ValueError(f"save(): cannot tell the format of {path!r} from its extension; use {formats}")
        return path

    def render(
        self,
        filename: Optional[str] = None,
        directory: Optional[str] = None,
        view: bool = False,
        cleanup: bool = False,
        format: Optional[str] = None,
        **_graphviz_options: Any,
    ) -> str:
        """As torchviz's ``Digraph.render``: writes the DOT source to ``filename`` and the picture to
        ``filename.<format>`` (default ``pdf`` there; here ``png``, since gradviz draws SVG, PNG,
        HTML and JSON); ``cleanup`` removes the source. Returns the picture's path."""
        if view:
            raise ValueError("render(view=True) is not supported: open the file it returns, or display the graph in a notebook")
        picture_format = (format or "png").lower()
        if f".{picture_format}" not in _PYTHON_FORMATS + _CLI_FORMATS:
            raise ValueError(f"render(): format must be one of svg, png, dot, html or json, got {format!r}")
        base = os.path.join(directory or "", filename or "Digraph.gv")
        if not cleanup:
            _write_atomically(base, self._dot())
        return self.save(f"{base}.{picture_format}")


def _check_options(show_attrs: Any, show_saved: Any, max_attr_chars: Any, rankdir: Any, lang: Any, depth: Any) -> None:
    for name, value in (("show_attrs", show_attrs), ("show_saved", show_saved)):
        if not isinstance(value, bool):
            raise TypeError(f"make_dot(): {name} must be True or False, got {describe(value)}")
    if isinstance(max_attr_chars, bool) or not isinstance(max_attr_chars, int) or max_attr_chars < 0:
        raise TypeError(f"make_dot(): max_attr_chars must be a whole number >= 0, got {describe(max_attr_chars)}")
    if rankdir not in RANKDIRS:
        raise ValueError(f"make_dot(): rankdir must be one of {', '.join(RANKDIRS)}, got {rankdir!r}")
    if depth is not None and depth != math.inf and (isinstance(depth, bool) or not isinstance(depth, int) or depth < 0):
        raise TypeError(f"make_dot(): depth must be a whole number >= 0 (how many levels of module groups start unfolded) or math.inf (the flat drawing), got {describe(depth)}")
    if lang is not None and lang not in LANGS:
        raise ValueError(f"make_dot(): lang must be one of {', '.join(LANGS)} or None (the browser's language), got {lang!r}")


def make_dot(
    var: Union[torch.Tensor, Sequence[torch.Tensor], Snapshot],
    params: ParamsInput = None,
    show_attrs: bool = False,
    show_saved: bool = False,
    max_attr_chars: int = 50,
    *,
    rankdir: str = "TB",
    lang: Optional[str] = None,
    model: Optional[torch.nn.Module] = None,
    depth: Optional[float] = None,
    gradients: bool = False,
) -> Graph:
    """Draws the autograd graph of ``var`` as torchviz's ``make_dot`` does, and marks why a
    gradient does not arrive: a named tensor that is not a leaf in a red box, where the chain
    broke, and the fix.

    ``var``: a tensor, a sequence of tensors, or a snapshot from ``gradviz.export``. ``params``:
    names for tensors, ``{'x': x}`` or ``dict(model.named_parameters())``. ``show_attrs``,
    ``show_saved``, ``max_attr_chars``: as torchviz. ``rankdir``: ``'TB'`` (leaves at the top),
    ``'BT'``, ``'LR'``, ``'RL'``. ``lang``: ``'en'`` or ``'ja'`` (default: the browser's).
    ``model``: names the module that made each node, for module groups. ``depth``: how many levels
    of module groups start unfolded (default: as many as keep the first picture readable;
    ``math.inf``: the flat drawing, as torchviz's). ``gradients``: colour the arrows and leaves by
    the gradient that flowed, with a gradient-flow chart and findings for zero, vanishing, exploding
    and NaN/Inf gradients; backward must have run inside ``gradviz.record(gradients=True)``.
    """
    _check_options(show_attrs, show_saved, max_attr_chars, rankdir, lang, depth)
    if not isinstance(gradients, bool):
        raise TypeError(f"make_dot(): gradients must be True or False, got {describe(gradients)}")
    if isinstance(var, dict) and var.get("format") == SNAPSHOT_FORMAT:
        if params is not None or model is not None:
            raise TypeError("make_dot(): params and model cannot be given with a snapshot: it already names its params and modules")
        version = var.get("version")
        if isinstance(version, int) and version > SNAPSHOT_VERSION:
            raise ValueError(f"make_dot(): this snapshot is version {version}, newer than version {SNAPSHOT_VERSION}, the newest this gradviz reads: upgrade gradviz")
        snapshot: Snapshot = var
    else:
        snapshot = snapshot_of(var, params, model, "make_dot()")
    if gradients and "gradients" not in snapshot:
        raise ValueError(
            "make_dot(): gradients=True needs the gradients backward() sent: run the forward pass and loss.backward() inside "
            "`with gradviz.record(gradients=True):` (in a notebook, call gradviz.record_cells(gradients=True) in an earlier cell), then draw"
        )
    return Graph(snapshot, show_attrs=show_attrs, show_saved=show_saved, max_attr_chars=max_attr_chars, rankdir=rankdir, lang=lang, depth=depth, gradients=gradients)


__all__ = ["Finding", "Graph", "make_dot"]
