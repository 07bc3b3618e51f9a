"""PyTorch's names as the snapshot writes them, the same whichever PyTorch made the graph."""
from __future__ import annotations

import functools
from typing import Any, Tuple

import torch

# PyTorch 1.13 names that PyTorch 2.x (and the TypeScript engine) spell differently.
NODE_NAMES_2X = {"ReshapeAliasBackward0": "ViewBackward0"}


def node_name(node: Any) -> str:
    """The node's class name (``MulBackward0``), as PyTorch 2.x names it."""
    name = type(node).__name__
    return NODE_NAMES_2X.get(name, name)


def dtype_name(dtype: torch.dtype) -> str:
    """``torch.float32`` -> ``'float32'``."""
    return str(dtype).replace("torch.", "")


@functools.lru_cache(maxsize=None)
def _saved_attributes_of(node_type: type) -> Tuple[str, ...]:
    return tuple(sorted(a for a in dir(node_type) if a.startswith("_saved_")))


def saved_attributes(node: Any) -> Tuple[str, ...]:
    """The node's ``_saved_*`` attributes, sorted (the same for every node of a class)."""
    return _saved_attributes_of(type(node))
