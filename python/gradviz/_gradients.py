"""Gradient flow for ``record(gradients=True)``: what each backward pass sent along every edge.

A post hook on each node the recorder marks (and on the ``AccumulateGrad`` of each leaf it feeds)
notes the statistics of the gradients the node received (``grad_outputs``) and sent
(``grad_inputs``, one per ``next_functions`` entry) in the node's ``metadata``, and names the first
node of the pass whose received gradients were finite and whose sent ones were not: where a NaN or
Inf was born. ``export()`` writes it all as the snapshot's ``gradients``, as the TypeScript engine's
``recordGradients`` does; the numbers are the same (sums in float64 over the finite elements).
"""
from __future__ import annotations

import itertools
from typing import Any, Callable, Dict, List, Optional, Sequence

import torch

from ._names import node_name

NODE_KEY = "gradviz.gradients"
_WATCHED_KEY = "gradviz.gradients.watched"


def stats(grad: Optional[torch.Tensor]) -> Optional[Dict[str, Any]]:
    """Norm, max |g| and mean |g| of the finite elements; counts of zeros, NaN and Inf."""
    if grad is None:
        return None
    values = grad.detach().double().reshape(-1)
    finite = values[torch.isfinite(values)].abs()
    return {
        "numel": values.numel(),
        "norm": float(finite.pow(2).sum().sqrt()),
        "maxAbs": float(finite.max()) if finite.numel() else 0.0,
        "meanAbs": float(finite.mean()) if finite.numel() else 0.0,
        "zeros": int((values == 0).sum()),
        "nan": int(torch.isnan(values).sum()),
        "inf": int(torch.isinf(values).sum()),
    }


def _finite(entry: Optional[Dict[str, Any]]) -> bool:
    return entry is None or (entry["nan"] == 0 and entry["inf"] == 0)


class Watcher:
    """Hooks nodes; counts backward passes (a pass starts at its first hook, ends by an engine callback)."""

    _runs = itertools.count(1)

    def __init__(self, suspended: Callable[[], Any]) -> None:
        self._suspended = suspended
        self._run: Optional[int] = None
        self._born = False

    def watch(self, node: Any) -> None:
        """Hooks ``node`` and the AccumulateGrad nodes it feeds, each once."""
        targets = [node] + [child for child, _ in node.next_functions if child is not None and node_name(child) == "AccumulateGrad"]
        for target in targets:
            metadata = getattr(target, "metadata", None)
            if not isinstance(metadata, dict) or metadata.get(_WATCHED_KEY):
                continue
            metadata[_WATCHED_KEY] = True
            # The hook holds the metadata dict, not the node: a node holding a hook that holds it would never be freed.
            target.register_hook(lambda grad_inputs, grad_outputs, metadata=metadata: self._seen(metadata, grad_inputs, grad_outputs))

    def _pass(self) -> int:
        if self._run is None:
            self._run = next(Watcher._runs)
            self._born = False
            torch.autograd.Variable._execution_engine.queue_callback(self._pass_ended)
        return self._run

    def _pass_ended(self) -> None:
        self._run = None

    def _seen(self, metadata: Dict[str, Any], grad_inputs: Sequence[Optional[torch.Tensor]], grad_outputs: Sequence[Optional[torch.Tensor]]) -> None:
        with self._suspended(), torch.no_grad():
            entry: Dict[str, Any] = {"run": self._pass(), "gradOutputs": [stats(g) for g in grad_outputs], "gradInputs": [stats(g) for g in grad_inputs]}
            if not self._born and all(_finite(s) for s in entry["gradOutputs"]):
                bad = [i for i, s in enumerate(entry["gradInputs"]) if not _finite(s)]
                if bad:
                    entry["bornAt"] = bad
                    self._born = True
            metadata[NODE_KEY] = entry


def _recorded(node: Any) -> Optional[Dict[str, Any]]:
    metadata = getattr(node, "metadata", None)
    entry = metadata.get(NODE_KEY) if isinstance(metadata, dict) else None
    return entry if isinstance(entry, dict) else None


def flow(order: List[Any], tensor_id: Callable[[torch.Tensor], int]) -> Dict[str, Any]:
    """``{"gradients": ...}`` for the snapshot from the latest recorded pass through ``order``; ``{}`` when none was."""
    entries = [_recorded(node) for node in order]
    latest = max((e["run"] for e in entries if e is not None), default=None)
    if latest is None:
        return {}
    nodes: List[Dict[str, Any]] = []
    anomaly: Optional[Dict[str, Any]] = None
    for i, entry in enumerate(entries):
        # A node an earlier pass reached and this one did not would mix two passes.
        if entry is None or entry["run"] != latest:
            continue
        nodes.append({"node": i, "gradOutputs": entry["gradOutputs"], "gradInputs": entry["gradInputs"]})
        if "bornAt" in entry and anomaly is None:
            anomaly = {"node": i, "inputs": list(entry["bornAt"])}
    leaves = []
    for node in order:
        variable = getattr(node, "variable", None)
        if isinstance(variable, torch.Tensor) and variable.grad is not None:
            leaves.append({"tensor": tensor_id(variable), "grad": stats(variable.grad)})
    leaves.sort(key=lambda leaf: leaf["tensor"])
    result: Dict[str, Any] = {"nodes": nodes, "leaves": leaves}
    if anomaly is not None:
        result["anomaly"] = anomaly
    return {"gradients": result}
