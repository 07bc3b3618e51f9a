"""``export()``: a real PyTorch graph as gradviz's snapshot, the JSON the TypeScript engine writes.

It reads only torch's public graph interface (``grad_fn``, ``next_functions``, ``variable``,
``_saved_*``, ``metadata``), so it works on PyTorch 1.13 and 2.x, and walks the graph with an
explicit stack, so a chain of 100,000 ops exports. The schema is
``packages/engine/src/snapshot/schema.ts``; field names are the schema's (camelCase).
"""
from __future__ import annotations

import math
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import torch

from . import _provenance as prov
from ._gradients import flow as gradient_flow
from ._inputs import check_outputs, check_params, describe
from ._modules import ModuleTable
from ._names import dtype_name, node_name, saved_attributes
from ._record import suspended

SNAPSHOT_FORMAT = "gradviz.graph"
SNAPSHOT_VERSION = 1
PREVIEW_LIMIT = 200
_UINT64 = 2**64

Snapshot = Dict[str, Any]
ParamsInput = Union[Mapping[str, torch.Tensor], Iterable[Tuple[str, torch.Tensor]], None]


def _producer() -> str:
    from . import __version__

    return f"gradviz {__version__} (torch {torch.__version__})"


def _number_nodes(roots: Sequence[Any]) -> List[Any]:
    """Nodes in the documented order: depth-first pre-order from each output's grad_fn in turn."""
    ids: Dict[Any, int] = {}
    order: List[Any] = []
    for root in roots:
        if root is None or root in ids:
            continue
        ids[root] = len(order)
        order.append(root)
        stack: List[List[Any]] = [[root, 0]]
        while stack:
            frame = stack[-1]
            edges = frame[0].next_functions
            if frame[1] >= len(edges):
                stack.pop()
                continue
            child = edges[frame[1]][0]
            frame[1] += 1
            if child is not None and child not in ids:
                ids[child] = len(order)
                order.append(child)
                stack.append([child, 0])
    return order


def _preview(tensor: torch.Tensor) -> str:
    text = repr(tensor)
    return text if len(text) <= PREVIEW_LIMIT else text[:PREVIEW_LIMIT] + "\u2026"


def _float_value(value: float) -> Union[float, str]:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def _whole(value: int) -> int:
    """PyTorch 1.13 shows negative saved ints (``dim=-1``) as unsigned 64-bit; the snapshot stores them as they were."""
    return value - _UINT64 if value >= 2**63 else value


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) or type(value).__name__ == "SymInt"


class _TensorTable:
    """The snapshot's tensors: each entered once, by identity, when first mentioned."""

    def __init__(self, node_ids: Dict[Any, int]) -> None:
        self.entries: List[Dict[str, Any]] = []
        self._ids: Dict[int, int] = {}
        # Holding every tensor keeps Python from reusing an id() during the export.
        self._tensors: List[Optional[torch.Tensor]] = []
        self._names: Dict[int, List[str]] = {}
        self._detailed: set = set()
        self._bases: Dict[int, int] = {}
        self._node_ids = node_ids
        # Entries of described cut-off tensors, by the description's id() (held by the cut source meanwhile).
        self._gone_ids: Dict[int, int] = {}

    def ref(self, tensor: torch.Tensor, detailed: bool = False) -> int:
        key = id(tensor)
        index = self._ids.get(key)
        if index is None:
            index = len(self.entries)
            self._ids[key] = index
            self._tensors.append(tensor)
            self.entries.append({"id": index})
        if detailed:
            self._detailed.add(index)
        return index

    def described(self, shape: Optional[List[int]], dtype: Optional[str]) -> int:
        """A tensor known by its description only: a saved tensor backward already freed."""
        index = len(self.entries)
        self._tensors.append(None)
        entry: Dict[str, Any] = {"id": index, "shape": shape or [], "dtype": dtype or "unknown", "requiresGrad": False, "isLeaf": True, "origin": {"kind": "internal"}}
        if shape is None:
            entry["shapeUnknown"] = True
        self.entries.append(entry)
        return index

    def link_base(self, tensor: torch.Tensor) -> None:
        """A view among the outputs names its base, which torchviz draws beside it."""
        if tensor._base is not None:
            self._bases[self.ref(tensor)] = self.ref(tensor._base)

    def name(self, name: str, tensor: torch.Tensor) -> int:
        index = self.ref(tensor, detailed=True)
        self._names.setdefault(index, []).append(name)
        return index

    def complete(self) -> None:
        """Fills in every entered tensor; provenance may enter more tensors, handled in turn."""
        index = 0
        while index < len(self.entries):
            tensor = self._tensors[index]
            if tensor is not None:
                self.entries[index] = self._describe(index, tensor)
            index += 1
        for index, names in self._names.items():
            self.entries[index]["params"] = names

    def _describe(self, index: int, t: torch.Tensor) -> Dict[str, Any]:
        entry: Dict[str, Any] = {
            "id": index,
            "shape": list(t.shape),
            "dtype": dtype_name(t.dtype),
            "requiresGrad": t.requires_grad,
            "isLeaf": t.is_leaf,
        }
        if t.grad_fn is not None:
            entry["gradFn"] = {"name": node_name(t.grad_fn), "node": self._node_ids.get(t.grad_fn)}
            entry["outputNr"] = t.output_nr
        if t.retains_grad:
            entry["retainsGrad"] = True
        if index in self._bases:
            entry["base"] = self._bases[index]
        if (t.is_leaf or t.retains_grad) and t.grad is not None:
            entry["hasGrad"] = True
        if index in self._detailed:
            entry["preview"] = _preview(t)
        origin = self._origin(t)
        if origin is not None:
            entry["origin"] = origin
        cuts = [
            {
                "tensor": self.ref(source_tensor) if source_tensor is not None else self._gone(source.described),
                "cut": source.cut,
                **({"via": source.via} if source.via else {}),
                **({"op": source.op} if source.op else {}),
                "at": self.ref(source.at),
            }
            for source in prov.cut_sources_of(t)
            for source_tensor in [source.tensor()]
            if source_tensor is not None or source.described is not None
        ]
        if cuts:
            entry["cutSources"] = cuts
        if t.grad_fn is not None and t.grad_fn not in self._node_ids:
            leaves = [self.ref(leaf) for leaf in prov.leaves_behind(t.grad_fn, _MAX_LEAF_WALK)]
            if leaves:
                entry["leaves"] = leaves
        entry.update(_events(t))
        return entry

    def _gone(self, described: Any) -> int:
        """A cut-off tensor nothing holds any more, entered from what its cut noted of it."""
        index = self._gone_ids.get(id(described))
        if index is not None:
            return index
        index = len(self.entries)
        self._gone_ids[id(described)] = index
        self._tensors.append(None)
        entry: Dict[str, Any] = {
            "id": index,
            "shape": described.shape,
            "dtype": described.dtype,
            "requiresGrad": True,
            "isLeaf": False,
            "gradFn": {"name": described.grad_fn, "node": None},
            "origin": {"kind": "op", "op": described.op, **_event(described.source)} if described.op else {"kind": "internal"},
        }
        self.entries.append(entry)
        leaves = [self.ref(leaf) for ref in described.leaves for leaf in [ref()] if leaf is not None]
        if leaves:
            entry["leaves"] = leaves
        return index

    def _of(self, ref: Any) -> Dict[str, int]:
        tensor = ref() if ref is not None else None
        return {"of": self.ref(tensor)} if tensor is not None else {}

    def _origin(self, t: torch.Tensor) -> Optional[Dict[str, Any]]:
        record = prov.tensor_record(t)
        if record is None:
            return self._origin_from_graph(t)
        source = {"source": record.source.location()} if record.source is not None else {}
        if record.kind == "created":
            values = {**self._of(record.of), "via": record.via} if record.via else {}
            return {"kind": "created", "fn": record.name, **values, **source}
        if record.kind in ("op", "noGrad"):
            return {"kind": record.kind, "op": record.name, **source}
        if record.kind == "detach":
            return {"kind": "detach", **self._of(record.of), **({"data": True} if record.via == "data" else {}), **source}
        method = {"method": record.method} if record.method else {}
        return {"kind": "dtypeCopy", **self._of(record.of), "from": record.dtype_from, "to": record.dtype_to, **method, **source}

    def _origin_from_graph(self, t: torch.Tensor) -> Optional[Dict[str, Any]]:
        """Without record(), what the graph itself tells: a ToCopyBackward0 right on a leaf is a dtype copy of it."""
        fn = t.grad_fn
        if fn is None or node_name(fn) != "ToCopyBackward0" or not fn.next_functions:
            return None
        first = fn.next_functions[0][0]
        leaf = getattr(first, "variable", None)
        if not isinstance(leaf, torch.Tensor) or leaf.dtype == t.dtype:
            return None
        return {"kind": "dtypeCopy", "of": self.ref(leaf), "from": dtype_name(leaf.dtype), "to": dtype_name(t.dtype)}


# Most nodes walked to find the leaves behind a cut-off tensor, as the engine's snapshot does.
_MAX_LEAF_WALK = 100_000
# What backward() adds to the error reading a modified saved tensor raises.
_ANOMALY_HINT = " Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True)."


def _event(place: Any) -> Dict[str, Any]:
    return {"source": place.location()} if place is not None else {}


def _events(t: torch.Tensor) -> Dict[str, Any]:
    """What record() saw happen to the tensor: in-place changes, freezing, late calls, gradients piling up."""
    events = prov.tensor_events(t)
    if events is None:
        return {}
    out: Dict[str, Any] = {}
    if events.in_place is not None:
        out["inPlace"] = {"op": events.in_place[0], **_event(events.in_place[1])}
    if events.frozen_set and not t.requires_grad:
        out["frozen"] = _event(events.frozen)
    # Used without grad, requiring it now: switched on after use (a switch outside record() has no line).
    if events.used_without_grad and t.requires_grad:
        out["requiresGradAfterUse"] = _event(events.requires_grad_after_use)
    if events.retain_after_backward is not None:
        late, backward = events.retain_after_backward
        out["retainGradAfterBackward"] = {**_event(late), **({"backward": backward.location()} if backward is not None else {})}
    accumulation = events.accumulation
    # Zeroed (or replaced) since: the next backward starts afresh.
    if accumulation is not None and t.grad is not None and accumulation.grad() is t.grad and t.grad._version == accumulation.version:
        out["gradAccumulation"] = {"backwards": accumulation.backwards, **_event(accumulation.source)}
    return out


def _modified_saved(name: str, error: RuntimeError, table: "_TensorTable", record: Optional[prov.NodeRecord]) -> Dict[str, Any]:
    """A saved tensor changed in place since it was saved: PyTorch's error as backward() words it, and the change record() saw."""
    ref = record.saved_refs.get(name) if record is not None else None
    tensor = ref() if ref is not None else None
    # A saved output is a new object at each read: the op's output stands for it.
    owner = tensor if tensor is not None else (record.output_ref() if record is not None and record.output_ref is not None and name == "result" else None)
    events = prov.tensor_events(owner) if owner is not None else None
    change = events.in_place if events is not None else None
    shape, dtype = record.saved_shapes.get(name, (None, None)) if record is not None else (None, None)
    text = str(error)
    return {
        "type": "tensor",
        "tensor": table.ref(tensor) if tensor is not None else table.described(shape, dtype),
        "modified": True,
        **({"modifiedBy": {"op": change[0], **_event(change[1])}} if change is not None else {}),
        "error": text if "Hint:" in text else text + _ANOMALY_HINT,
    }


def _saved_value(node: Any, attribute: str, table: _TensorTable, record: Optional[prov.NodeRecord]) -> Dict[str, Any]:
    name = attribute[len("_saved_"):]
    try:
        value = getattr(node, attribute)
    except RuntimeError as error:
        if "modified by an inplace operation" in str(error):
            return _modified_saved(name, error, table, record)
        # Freed by backward: described from what record() saw when the node was made.
        shape, dtype = record.saved_shapes.get(name, (None, None)) if record is not None else (None, None)
        return {"type": "tensor", "tensor": table.described(shape, dtype), "freed": True}
    if value is None:
        return {"type": "none"}
    if isinstance(value, bool):
        return {"type": "bool", "value": value}
    if _is_whole(value):
        return {"type": "int", "value": _whole(int(value))}
    if isinstance(value, float):
        return {"type": "float", "value": _float_value(value)}
    if isinstance(value, torch.Tensor):
        return {"type": "tensor", "tensor": table.ref(value)}
    if isinstance(value, (tuple, list)) and all(_is_whole(v) for v in value):
        return {"type": "ints", "value": [_whole(int(v)) for v in value]}
    if isinstance(value, (tuple, list)) and all(v is None or isinstance(v, torch.Tensor) for v in value):
        return {"type": "tensors", "tensors": [table.ref(v) if v is not None else None for v in value]}
    return {"type": "string", "value": str(value)}


def _constants(record: Optional[prov.NodeRecord], table: _TensorTable) -> Optional[List[Optional[Dict[str, Any]]]]:
    if record is None or record.constants is None:
        return None
    out: List[Optional[Dict[str, Any]]] = []
    for constant in record.constants:
        if constant is not None and "tensor" in constant:
            out.append({"tensor": table.ref(constant["tensor"], detailed=True)})
        elif constant is not None and "number" in constant:
            number = constant["number"]
            out.append({"number": _float_value(float(number)) if isinstance(number, float) else number})
        else:
            out.append(None)
    return out if any(c is not None for c in out) else None


def export(outputs: Union[torch.Tensor, Sequence[torch.Tensor]], params: ParamsInput = None, *, model: Optional[torch.nn.Module] = None) -> Snapshot:
    """The snapshot of the graph behind ``outputs``: a plain dict that ``json.dump`` writes.

    ``params`` names tensors, as torchviz's ``make_dot(params=...)``: a dict, or pairs such as
    ``model.named_parameters()`` gives. ``model`` names the modules that made the nodes (each node's
    ``module``), from the module calls ``gradviz.record()`` saw or, without it, from which module's
    parameters each node uses. Draw it with ``make_dot(snapshot)`` or ``gradviz render graph.json``.
    """
    return snapshot_of(outputs, params, model, "export()")


def snapshot_of(outputs: Any, params: Any, model: Any, where: str) -> Snapshot:
    """``export`` for a caller named ``where`` in error messages."""
    if model is not None and not isinstance(model, torch.nn.Module):
        raise TypeError(f"{where}: model must be the nn.Module that made the graph, got {describe(model)}")
    with suspended():
        return _export(check_outputs(outputs, where), check_params(params, where), model, where)


def _export(outs: List[torch.Tensor], params: List[Tuple[str, torch.Tensor]], model: Optional[torch.nn.Module], where: str) -> Snapshot:
    if not params and all(t.grad_fn is None and not t.requires_grad for t in outs):
        which = "the output has" if len(outs) == 1 else "none of the outputs has"
        raise ValueError(
            f"{where}: {which} an autograd graph (requires_grad=False, grad_fn=None), so there is nothing to draw: "
            "pass a result computed from tensors created with requires_grad=True (such as the loss), "
            "or name the tensors you expected in params={...} to see why they do not reach it"
        )
    order = _number_nodes([t.grad_fn for t in outs])
    node_ids = {node: i for i, node in enumerate(order)}
    table = _TensorTable(node_ids)

    output_entries = []
    for t in outs:
        output_entries.append({"tensor": table.ref(t, detailed=True), "gradFn": node_ids.get(t.grad_fn) if t.grad_fn is not None else None})
        table.link_base(t)

    records = [prov.node_record(node) for node in order]
    modules = ModuleTable(order, records, model)
    nodes: List[Dict[str, Any]] = []
    for i, node in enumerate(order):
        record = records[i]
        entry: Dict[str, Any] = {"id": i, "name": node_name(node), "next": [[node_ids.get(child) if child is not None else None, nr] for child, nr in node.next_functions]}
        constants = _constants(record, table)
        if constants is not None:
            entry["constants"] = constants
        if record is not None and record.output is not None:
            entry["output"] = {"shape": record.output[0], "dtype": record.output[1]}
        variable = getattr(node, "variable", None)
        if isinstance(variable, torch.Tensor):
            entry["variable"] = table.ref(variable, detailed=True)
        entry.update(modules.fields_of(i))
        if record is not None and record.source is not None:
            entry["source"] = record.source.location()
        if record is not None and record.released and not isinstance(variable, torch.Tensor):
            entry["releasedBy"] = _event(record.released_by)
        nodes.append(entry)

    param_entries = [{"name": name, "tensor": table.name(name, t)} for name, t in params]
    # Saved values last, as the engine does, so a saved input finds the entry its tensor already has.
    for i, node in enumerate(order):
        nodes[i]["saved"] = {a[len("_saved_"):]: _saved_value(node, a, table, records[i]) for a in saved_attributes(node)}
    # The node of an output knows its tensor even without record().
    for t in outs:
        if t.grad_fn is not None and "output" not in nodes[node_ids[t.grad_fn]] and t.output_nr == 0:
            nodes[node_ids[t.grad_fn]]["output"] = {"shape": list(t.shape), "dtype": dtype_name(t.dtype)}
    table.complete()

    snapshot: Snapshot = {
        "format": SNAPSHOT_FORMAT,
        "version": SNAPSHOT_VERSION,
        "producer": _producer(),
        "language": "python",
        "outputs": output_entries,
        "nodes": nodes,
        "tensors": table.entries,
        "params": param_entries,
    }
    snapshot.update(modules.tables())
    snapshot.update(gradient_flow(order, table.ref))
    return snapshot
