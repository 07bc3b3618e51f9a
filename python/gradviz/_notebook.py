"""In a notebook, each cell runs as if inside ``gradviz.record()``: importing gradviz is enough for
the findings to name the cell and line that broke a chain (``cell [2], line 2``)."""
from __future__ import annotations

import contextlib
import sys
from typing import Any, Optional

from ._record import record

_cell: Optional[contextlib.ExitStack] = None
_enabled = True
_gradients = False


def _shell() -> Any:
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


def _start_cell(*_: Any) -> None:
    global _cell
    if _enabled and _cell is None:
        _cell = contextlib.ExitStack()
        _cell.enter_context(record(gradients=_gradients))


def _end_cell(*_: Any) -> None:
    global _cell
    if _cell is not None:
        stack, _cell = _cell, None
        stack.close()


def record_cells(enabled: bool = True, *, gradients: bool = False) -> None:
    """Turns recording of each notebook cell on (the default in a notebook) or off, from the next cell.

    ``gradients=True`` also records the gradients each later ``backward()`` sends through what those
    cells made, for ``make_dot(loss, gradients=True)``: the gradient-flow picture, dead, vanishing
    and exploding gradients, and where a NaN was born.

    Recording costs about 20 µs on every torch call; turn it off for long training loops and use
    ``with gradviz.record():`` around the code you want explained.
    """
    global _enabled, _gradients
    if not isinstance(enabled, bool):
        raise TypeError(f"record_cells(enabled): enabled must be True or False, got {enabled!r}")
    if not isinstance(gradients, bool):
        raise TypeError(f"record_cells(gradients=): gradients must be True or False, got {gradients!r}")
    _enabled = enabled
    _gradients = gradients


def install() -> None:
    """Hooks cell execution when imported in an IPython kernel; does nothing elsewhere."""
    shell = _shell()
    if shell is None or getattr(shell, "_gradviz_cells", False):
        return
    shell.events.register("pre_run_cell", _start_cell)
    shell.events.register("post_run_cell", _end_cell)
    shell._gradviz_cells = True
