"""Which nn.Module made each node: the snapshot's ``modules``, ``moduleCalls`` and each node's
``module``/``moduleCall``, as the TypeScript engine records them.

Inside ``gradviz.record()`` the module calls are known exactly, from forward hooks. Without it,
a ``model`` given to ``make_dot`` still names the nodes that use each module's own parameters
(a Linear's ``TBackward0`` and ``AddmmBackward0``): one call per module, nested by path.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import torch

from . import _provenance as prov


def _parameter_count(module: Optional[torch.nn.Module]) -> int:
    return sum(p.numel() for p in module.parameters()) if module is not None else 0


class _Call:
    """A module call as the snapshot lists it."""

    def __init__(self, path: str, module: Optional[torch.nn.Module], type_name: str, parent: Optional["_Call"]) -> None:
        self.path = path
        self.module = module
        self.type = type_name
        self.parent = parent
        self.id = -1


class ModuleTable:
    def __init__(self, order: List[Any], records: List[Optional[prov.NodeRecord]], model: Optional[torch.nn.Module]) -> None:
        self._paths: Dict[int, str] = {id(m): p for p, m in model.named_modules()} if model is not None else {}
        self._model = model
        self._calls: List[_Call] = []
        self._by_record: Dict[int, Optional[_Call]] = {}
        self._descendants: Dict[int, Dict[int, str]] = {}
        self._node_calls: List[Optional[_Call]] = [self._from_record(r.call) if r is not None else None for r in records]
        if model is not None and not any(c is not None for c in self._node_calls):
            self._node_calls = self._inferred(order, model)

    # ---- from record() -----------------------------------------------------------------------

    def _path_of(self, module: torch.nn.Module, parent: Optional[_Call], parent_module: Optional[torch.nn.Module]) -> str:
        known = self._paths.get(id(module))
        if known is not None:
            return known
        if parent_module is None:
            return ""  # the outermost module is the model itself
        # Among the parent's descendants, not only its children: a layer of a ModuleList that never
        # runs as a module of its own is `layers.0` under the model that calls it.
        descendants = self._descendants.get(id(parent_module))
        if descendants is None:
            descendants = {id(m): name for name, m in parent_module.named_modules() if name}
            self._descendants[id(parent_module)] = descendants
        name = descendants.get(id(module), type(module).__name__)
        return f"{parent.path}.{name}" if parent is not None else name

    def _from_record(self, call: Optional[prov.ModuleCall]) -> Optional[_Call]:
        """The listed call for a recorded one; the model's own call (path '') is not listed."""
        if call is None:
            return None
        chain: List[prov.ModuleCall] = []
        unlisted: Optional[prov.ModuleCall] = call
        while unlisted is not None and id(unlisted) not in self._by_record:
            chain.append(unlisted)
            unlisted = unlisted.parent
        for recorded in reversed(chain):
            parent_recorded = recorded.parent
            parent = self._by_record.get(id(parent_recorded)) if parent_recorded is not None else None
            module = recorded.module()
            parent_module = parent_recorded.module() if parent_recorded is not None else None
            path = self._path_of(module, parent, parent_module) if module is not None else recorded.type
            self._by_record[id(recorded)] = self._add(path, module, recorded.type, parent) if path else None
        return self._by_record[id(call)]

    def _add(self, path: str, module: Optional[torch.nn.Module], type_name: str, parent: Optional[_Call]) -> _Call:
        listed = _Call(path, module, type_name, parent)
        listed.id = len(self._calls)
        self._calls.append(listed)
        return listed

    # ---- without record(): from parameters ----------------------------------------------------

    def _inferred(self, order: List[Any], model: torch.nn.Module) -> List[Optional[_Call]]:
        """Each module's own parameters claim the nodes that only transform them (T, View, Expand)
        and the first node that combines them with something else (Addmm, Convolution)."""
        owner: Dict[int, str] = {}
        for path, module in model.named_modules():
            if path:
                for p in module.parameters(recurse=False):
                    owner.setdefault(id(p), path)
        index = {node: i for i, node in enumerate(order)}
        consumers: List[List[int]] = [[] for _ in order]
        for i, node in enumerate(order):
            for child, _ in node.next_functions:
                if child is not None and child in index:
                    consumers[index[child]].append(i)
        claimed: List[Optional[str]] = [None] * len(order)
        stack: List[int] = []
        for i, node in enumerate(order):
            variable = getattr(node, "variable", None)
            path = owner.get(id(variable)) if isinstance(variable, torch.Tensor) else None
            if path is not None and claimed[i] is None:
                claimed[i] = path
                stack.append(i)
        while stack:
            i = stack.pop()
            path = claimed[i]
            for consumer in consumers[i]:
                if claimed[consumer] is not None:
                    continue
                claimed[consumer] = path
                inputs = [index.get(child) for child, _ in order[consumer].next_functions if child is not None]
                if all(j is not None and claimed[j] == path for j in inputs):
                    stack.append(consumer)
        calls: Dict[str, _Call] = {}
        modules = dict(model.named_modules())
        for path in claimed:
            if path is None or path in calls:
                continue
            # The module and each of its parents, outermost first, each listed once.
            parts = path.split(".")
            parent: Optional[_Call] = None
            for depth in range(1, len(parts) + 1):
                prefix = ".".join(parts[:depth])
                if prefix not in calls:
                    module = modules.get(prefix)
                    calls[prefix] = self._add(prefix, module, type(module).__name__ if module is not None else "Module", parent)
                parent = calls[prefix]
        return [calls[path] if path is not None else None for path in claimed]

    # ---- the snapshot's fields ---------------------------------------------------------------

    def fields_of(self, node: int) -> Dict[str, Any]:
        call = self._node_calls[node]
        return {"module": call.path, "moduleCall": call.id} if call is not None else {}

    def tables(self) -> Dict[str, Any]:
        if not self._calls:
            return {}
        modules: Dict[str, Dict[str, Any]] = {}
        for call in self._calls:
            if call.path not in modules:
                modules[call.path] = {"path": call.path, "type": call.type, "parameterCount": _parameter_count(call.module)}
        return {
            "modules": list(modules.values()),
            "moduleCalls": [{"id": c.id, "module": c.path, "parent": c.parent.id if c.parent is not None else None} for c in self._calls],
        }

