"""What ``record()`` learns while the code runs, kept where the exporter finds it later.

PyTorch does not keep how a tensor was made; gradviz needs it to say where a chain broke. A
tensor's record is an attribute on the tensor (it lives and dies with it); a node's record goes in
``grad_fn.metadata``, the dict PyTorch keeps on every graph node for tools such as anomaly mode.
Links to other tensors are weak, as in the engine: a loop ``h = f(h.detach())`` must not keep every
earlier step alive.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

import torch

from ._source import Place

TENSOR_ATTRIBUTE = "_gradviz_provenance"
NODE_KEY = "gradviz"

# Bounds what a long loop of cuts keeps alive, as the engine's MAX_CUT_SOURCES does.
MAX_CUT_SOURCES = 16


@dataclass
class CutSource:
    """A tensor that needed a gradient and whose value reached another one through a cut."""

    tensor: "weakref.ref[torch.Tensor]"
    cut: str  # 'detach' | 'noGrad' | 'values'
    at: torch.Tensor  # the tensor made at the cut
    via: str = ""  # for a 'values' cut: the call that took the values out


@dataclass
class TensorRecord:
    """How a tensor was made: the snapshot's ``origin`` (tensor links weak) and ``cutSources``."""

    kind: str  # created | op | noGrad | detach | dtypeCopy
    name: str = ""  # the function (created) or op (op, noGrad)
    of: "Optional[weakref.ref[torch.Tensor]]" = None  # detach, dtypeCopy
    dtype_from: str = ""
    dtype_to: str = ""
    via: str = ""  # created from values taken out of ``of``: 'numpy', 'tolist' or 'tensor'"
    source: Optional[Place] = None
    cut_sources: List[CutSource] = field(default_factory=list)


@dataclass
class ModuleCall:
    """One run of a module's forward; ``parent`` is the call that was running when it started."""

    module: "weakref.ref[torch.nn.Module]"
    type: str
    parent: Optional["ModuleCall"]


@dataclass
class NodeRecord:
    """What was known when a node was made: the user's line, the module call, and the op's inputs."""

    source: Optional[Place]
    call: Optional[ModuleCall]
    # Only on the node an op returned (not on nodes made inside it, such as linear's TBackward0):
    output: Optional[Tuple[List[int], str]] = None
    constants: Optional[List[Optional[Dict[str, Any]]]] = None
    saved_shapes: Dict[str, Tuple[List[int], str]] = field(default_factory=dict)


def tensor_record(tensor: torch.Tensor) -> Optional[TensorRecord]:
    record = tensor.__dict__.get(TENSOR_ATTRIBUTE)
    return record if isinstance(record, TensorRecord) else None


def set_tensor_record(tensor: torch.Tensor, record: TensorRecord) -> None:
    tensor.__dict__[TENSOR_ATTRIBUTE] = record


def node_record(node: Any) -> Optional[NodeRecord]:
    metadata = getattr(node, "metadata", None)
    record = metadata.get(NODE_KEY) if isinstance(metadata, dict) else None
    return record if isinstance(record, NodeRecord) else None


def set_node_record(node: Any, record: NodeRecord) -> bool:
    """Stores the record; False where the node keeps no metadata (it is then left unrecorded)."""
    metadata = getattr(node, "metadata", None)
    if not isinstance(metadata, dict):
        return False
    metadata[NODE_KEY] = record
    return True


def cut_sources_of(tensor: torch.Tensor) -> List[CutSource]:
    record = tensor_record(tensor)
    return record.cut_sources if record is not None else []


def merge_cut_sources(lists: List[List[CutSource]]) -> List[CutSource]:
    """The cut sources of several inputs, each source tensor once, at most MAX_CUT_SOURCES."""
    merged: List[CutSource] = []
    seen: set = set()
    for sources in lists:
        for source in sources:
            tensor = source.tensor()
            if tensor is None or id(tensor) in seen:
                continue
            if len(merged) >= MAX_CUT_SOURCES:
                return merged
            seen.add(id(tensor))
            merged.append(source)
    return merged
