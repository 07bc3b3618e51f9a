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
class CutTensor:
    """A tensor made by an op, described at its cut without holding it (nor its graph): the diagnosis
    still names what it starved once nothing holds it (``relu(h).detach()`` leaves relu's result to die)."""

    grad_fn: str
    op: str
    source: Optional[Place]  # the line that made it (its node's)
    shape: List[int]
    dtype: str
    leaves: "List[weakref.ref[torch.Tensor]]"


@dataclass
class CutSource:
    """A tensor that needed a gradient and whose value reached another one through a cut."""

    tensor: "weakref.ref[torch.Tensor]"
    cut: str  # 'detach' | 'noGrad' | 'values' | 'nonDifferentiable'
    at: torch.Tensor  # the tensor made at the cut
    via: str = ""  # for a 'values' cut: the call that took the values out; 'data' for a detach by .data
    op: str = ""  # for a 'nonDifferentiable' cut: the op
    described: Optional[CutTensor] = None


@dataclass
class TensorRecord:
    """How a tensor was made: the snapshot's ``origin`` (tensor links weak) and ``cutSources``."""

    kind: str  # created | op | noGrad | detach | dtypeCopy
    name: str = ""  # the function (created) or op (op, noGrad)
    of: "Optional[weakref.ref[torch.Tensor]]" = None  # detach, dtypeCopy
    dtype_from: str = ""
    dtype_to: str = ""
    method: str = ""  # dtypeCopy: the call as written (to, float, double, type)
    via: str = ""  # created from values taken out of ``of``: 'numpy', 'tolist', 'item' or 'tensor'; 'data' for a detach by .data
    source: Optional[Place] = None
    cut_sources: List[CutSource] = field(default_factory=list)


@dataclass
class Accumulation:
    """How many backward() calls a leaf's ``.grad`` sums since it was empty or zeroed, the last one's
    line, and the grad (held weakly) with its version then: a later change means it was zeroed."""

    backwards: int
    source: Optional[Place]
    grad: "weakref.ref[torch.Tensor]"
    version: int


@dataclass
class TensorEvents:
    """What happened to a tensor after it was made, with the user's lines: the snapshot's
    ``inPlace``, ``frozen``, ``requiresGradAfterUse``, ``retainGradAfterBackward`` and
    ``gradAccumulation``. Kept apart from how it was made, as a tensor made outside ``record()``
    (a model's parameters) has events but no record."""

    in_place: Optional[Tuple[str, Optional[Place]]] = None
    used_without_grad: bool = False
    frozen: Optional[Place] = None
    frozen_set: bool = False
    requires_grad_after_use: Optional[Place] = None
    retain_after_backward: Optional[Tuple[Optional[Place], Optional[Place]]] = None
    accumulation: Optional[Accumulation] = None


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
    # The saved tensors as read when the node was made (a saved input is the user's own tensor; a
    # saved output is a new object each read, so the op's output stands for it), held weakly: they
    # name the in-place change when a saved tensor is modified.
    saved_refs: Dict[str, "weakref.ref[torch.Tensor]"] = field(default_factory=dict)
    output_ref: "Optional[weakref.ref[torch.Tensor]]" = None
    # The backward() call that freed the node's saved tensors.
    released_by: Optional[Place] = None
    released: bool = False


def tensor_record(tensor: torch.Tensor) -> Optional[TensorRecord]:
    record = tensor.__dict__.get(TENSOR_ATTRIBUTE)
    return record if isinstance(record, TensorRecord) else None


def set_tensor_record(tensor: torch.Tensor, record: TensorRecord) -> None:
    tensor.__dict__[TENSOR_ATTRIBUTE] = record


EVENTS_ATTRIBUTE = "_gradviz_events"


def tensor_events(tensor: torch.Tensor) -> Optional[TensorEvents]:
    events = tensor.__dict__.get(EVENTS_ATTRIBUTE)
    return events if isinstance(events, TensorEvents) else None


def events_of(tensor: torch.Tensor) -> TensorEvents:
    """The tensor's events, made empty on first use."""
    events = tensor_events(tensor)
    if events is None:
        events = TensorEvents()
        tensor.__dict__[EVENTS_ATTRIBUTE] = events
    return events


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


def leaves_behind(root: Any, limit: int) -> List[torch.Tensor]:
    """The leaves that require grad behind a graph node (iteratively, at most ``limit`` nodes walked), in the order reached."""
    leaves: List[torch.Tensor] = []
    seen = {root}
    stack = [root]
    while stack and len(seen) < limit:
        node = stack.pop()
        variable = getattr(node, "variable", None)
        if isinstance(variable, torch.Tensor):
            leaves.append(variable)
        for child, _ in node.next_functions:
            if child is not None and child not in seen:
                seen.add(child)
                stack.append(child)
    return leaves


def merge_cut_sources(lists: List[List[CutSource]]) -> List[CutSource]:
    """The cut sources of several inputs, each source tensor once (one gone is kept while it is described), at most MAX_CUT_SOURCES."""
    merged: List[CutSource] = []
    seen: set = set()
    for sources in lists:
        for source in sources:
            tensor = source.tensor()
            key = id(tensor) if tensor is not None else id(source.described) if source.described is not None else None
            if key is None or key in seen:
                continue
            if len(merged) >= MAX_CUT_SOURCES:
                return merged
            seen.add(key)
            merged.append(source)
    return merged
