"""Where a line of the user's code is: the first frame outside torch and gradviz.

A notebook cell counts as a file: IPython compiles each cell under a file name of its own
(``/tmp/ipykernel_123/2951.py``) and keeps the map from that name to the cell's execution count,
so the location says ``cell [3], line 2`` as the notebook shows it.
"""
from __future__ import annotations

import functools
import os
import re
import sys
from types import CodeType, FrameType
from typing import Any, Dict, Optional

import torch

_SKIPPED_DIRS = tuple(
    os.path.dirname(os.path.abspath(path)) + os.sep
    for path in (torch.__file__, __file__)
)
# contextlib's frames sit between a ``with`` statement and our hooks.
_SKIPPED_FILES = {os.path.abspath(__import__("contextlib").__file__)}
# IPython before 7.17 named cells ``<ipython-input-3-1f2e...>``.
_OLD_CELL_NAME = re.compile(r"^<ipython-input-(\d+)-[0-9a-f]+>$")

Location = Dict[str, Any]


def _cell_number(filename: str) -> Optional[int]:
    old = _OLD_CELL_NAME.match(filename)
    if old:
        return int(old.group(1))
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    shell = ipython.get_ipython()
    names = getattr(getattr(shell, "compile", None), "_filename_map", None)
    number = names.get(filename) if isinstance(names, dict) else None
    return number if isinstance(number, int) else None


def _column(code: CodeType, lasti: int) -> int:
    """The 1-based column of the call at instruction ``lasti``, where Python (3.11+) keeps it; else 0."""
    positions = getattr(code, "co_positions", None)
    if positions is None:
        return 0
    for index, position in enumerate(positions()):
        if index == lasti // 2:
            column = position[2]
            return column + 1 if column is not None else 0
    return 0


@functools.lru_cache(maxsize=4096)
def _is_user_frame(filename: str) -> bool:
    if filename.startswith("<") and _OLD_CELL_NAME.match(filename) is None:
        return False  # <frozen ...>, <string> from exec of library code
    path = os.path.abspath(filename)
    return not path.startswith(_SKIPPED_DIRS) and path not in _SKIPPED_FILES


def user_frame(skip: int = 1) -> Optional[FrameType]:
    """The innermost frame in user code (not torch's, not gradviz's), or None."""
    frame: Optional[FrameType] = sys._getframe(skip + 1)
    while frame is not None and not _is_user_frame(frame.f_code.co_filename):
        frame = frame.f_back
    return frame


class Place:
    """Where user code made something, kept cheap while recording: the location is worked out
    (cell number, column) only when a snapshot asks for it."""

    __slots__ = ("filename", "line", "code", "lasti")

    def __init__(self, frame: FrameType) -> None:
        self.filename = frame.f_code.co_filename
        self.line = frame.f_lineno
        self.code = frame.f_code
        self.lasti = frame.f_lasti

    def location(self) -> Location:
        """The snapshot's source location: ``cell [3], line 2`` in a notebook, else the file."""
        column = _column(self.code, self.lasti)
        cell = _cell_number(self.filename)
        if cell is not None:
            return {"file": f"cell [{cell}]", "line": self.line, "column": column, "cell": cell}
        return {"file": os.path.abspath(self.filename), "line": self.line, "column": column}


def user_place(skip: int = 1) -> Optional[Place]:
    """Where the innermost frame in user code is now, or None."""
    frame = user_frame(skip + 1)
    return Place(frame) if frame is not None else None
