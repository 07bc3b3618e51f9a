"""``record()``: provenance for tensors made inside it, as the TypeScript engine keeps it.

A ``TorchFunctionMode`` sees every torch call the user's code makes (PyTorch disables the mode
inside its own handler, so calls torch makes internally are not seen twice). After each call it
notes, on the tensors it returned, how they were made (an op, a factory, ``detach()``/``.data``,
a dtype copy, work under ``torch.no_grad()``) and the user's line; on the graph nodes the call
made, the line and the module call running. Global module hooks keep the stack of module calls.
"""
from __future__ import annotations

import collections
import contextlib
import warnings
import weakref
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import torch
from torch.overrides import TorchFunctionMode

from . import _provenance as prov
from ._gradients import Watcher
from ._names import dtype_name, node_name, saved_attributes
from ._source import user_frame, user_place

# Calls that convert a tensor; a result of another dtype is a dtype copy (ToCopyBackward0).
_CONVERSIONS = {"float", "double", "half", "bfloat16", "to", "type", "int", "long", "short", "bool", "char", "byte"}
# Property reads that return a new tensor; other reads (grad, shape, ...) make nothing.
_TENSOR_PROPERTIES = {"data", "T", "mT", "H", "mH", "real", "imag"}
# Property reads that neither make a tensor nor warn: passed straight through (optimizers read them often).
_QUIET_PROPERTIES = {"requires_grad", "is_leaf", "grad_fn", "shape", "dtype", "device", "ndim", "is_cuda", "is_sparse", "layout", "names", "_version", "_base", "output_nr", "retains_grad", "_grad", "_grad_fn", "is_quantized", "is_meta", "is_nested", "itemsize", "nbytes"}

# Factories that copy values (from numbers, arrays or tensors) into a new leaf.
_FACTORIES_OF_VALUES = {"tensor", "as_tensor", "asarray"}
# Calls that hand values out of the graph, as the snapshot names them.
_VALUES_EXITS = {"numpy": "numpy", "tolist": "tolist"}
# How many handed-out lists are remembered (a list cannot be held weakly, so these are held).
_REMEMBERED_LISTS = 64

_suspended = 0
_active: Optional["_Recorder"] = None


@contextlib.contextmanager
def suspended() -> Iterator[None]:
    """gradviz's own torch calls (the exporter's reads) are not the user's: nothing is recorded."""
    global _suspended
    _suspended += 1
    try:
        yield
    finally:
        _suspended -= 1


def _function_name(func: Any) -> str:
    name = getattr(func, "__name__", None) or type(func).__name__
    if name == "__get__":
        # A property read such as ``x.data``: the descriptor knows its name.
        return getattr(getattr(func, "__self__", None), "__name__", name)
    return name


def _tensors_in(value: Any, out: List[torch.Tensor]) -> None:
    """Every tensor in an argument, lists and tuples searched (``torch.cat([a, b])``), iteratively."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, torch.Tensor):
            out.append(item)
        elif isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))


def _flat_inputs(args: Sequence[Any], kwargs: Dict[str, Any]) -> List[Any]:
    """Positional tensors and numbers in order, for lining them up with ``next_functions``."""
    flat: List[Any] = []
    for arg in list(args) + list(kwargs.values()):
        if isinstance(arg, torch.Tensor) or (isinstance(arg, (int, float)) and not isinstance(arg, bool)):
            flat.append(arg)
    return flat


def _constant(value: Any) -> Optional[Dict[str, Any]]:
    if isinstance(value, torch.Tensor):
        return {"tensor": value}
    if isinstance(value, (int, float)):
        return {"number": value}
    return None


def _constants(node: Any, inputs: List[Any]) -> Optional[List[Optional[Dict[str, Any]]]]:
    """For each ``None`` entry of the node's ``next_functions``, the input that was there.

    Where the op's inputs line up one to one with its ``next_functions`` (elementwise ops,
    ``mul(x, 2)``), each ``None`` takes the input at its place; otherwise the inputs that need no
    gradient fill the ``None`` entries in order, and what cannot be told stays unknown.
    """
    edges = node.next_functions
    if all(edge[0] is not None for edge in edges):
        return None
    if len(inputs) == len(edges):
        return [None if edge[0] is not None else _constant(value) for edge, value in zip(edges, inputs)]
    spare = iter([v for v in inputs if isinstance(v, torch.Tensor) and not v.requires_grad])
    return [None if edge[0] is not None else _constant(next(spare, None)) for edge in edges]


def _saved_shapes(node: Any) -> Dict[str, Any]:
    """Shapes of the saved tensors while they can still be read (backward frees them)."""
    shapes: Dict[str, Any] = {}
    for attribute in saved_attributes(node):
        try:
            value = getattr(node, attribute)
        except RuntimeError:
            continue
        if isinstance(value, torch.Tensor):
            shapes[attribute[len("_saved_"):]] = (list(value.shape), dtype_name(value.dtype))
    return shapes


class _HandedOut:
    """Arrays and lists that ``numpy()``/``tolist()`` handed out, with the tensor they came from,
    so a tensor rebuilt from them knows its values left the graph there."""

    def __init__(self) -> None:
        self._arrays: Dict[int, Tuple[Any, "weakref.ref[torch.Tensor]"]] = {}
        self._lists: "collections.OrderedDict[int, Tuple[Any, weakref.ref[torch.Tensor]]]" = collections.OrderedDict()

    def remember(self, value: Any, tensor: torch.Tensor) -> None:
        if isinstance(value, list):
            self._lists[id(value)] = (value, weakref.ref(tensor))
            if len(self._lists) > _REMEMBERED_LISTS:
                self._lists.popitem(last=False)
            return
        try:
            array = weakref.ref(value, lambda _, key=id(value): self._arrays.pop(key, None))
        except TypeError:
            return
        self._arrays[id(value)] = (array, weakref.ref(tensor))

    def source_of(self, value: Any) -> Optional[Tuple[torch.Tensor, str]]:
        """The tensor ``value`` was handed out by, and how, if it was."""
        listed = self._lists.get(id(value))
        if listed is not None and listed[0] is value:
            tensor = listed[1]()
            return (tensor, "tolist") if tensor is not None else None
        array = self._arrays.get(id(value))
        if array is not None and array[0]() is value:
            tensor = array[1]()
            return (tensor, "numpy") if tensor is not None else None
        return None


class _Recorder:
    def __init__(self, gradients: bool = False) -> None:
        self.calls: List[prov.ModuleCall] = []
        self.handles: List[Any] = []
        self.handed_out = _HandedOut()
        self.gradients = Watcher(suspended) if gradients else None

    # ---- module calls ----------------------------------------------------------------------

    def module_started(self, module: torch.nn.Module, _inputs: Any) -> None:
        parent = self.calls[-1] if self.calls else None
        self.calls.append(prov.ModuleCall(weakref.ref(module), type(module).__name__, parent))

    def module_ended(self, module: torch.nn.Module, _inputs: Any, _output: Any) -> None:
        # A forward that raised never reached its hook: drop its call too.
        while self.calls:
            call = self.calls.pop()
            if call.module() is module:
                return

    # ---- torch calls -----------------------------------------------------------------------

    def after_call(self, func: Any, args: Sequence[Any], kwargs: Dict[str, Any], result: Any, grad_enabled: bool) -> None:
        name = _function_name(func)
        inputs: List[torch.Tensor] = []
        _tensors_in(list(args) + list(kwargs.values()), inputs)
        if name in _VALUES_EXITS and inputs:
            self.handed_out.remember(result, inputs[0])
            return
        outputs: List[torch.Tensor] = []
        _tensors_in(result, outputs)
        if not outputs:
            return
        source = user_place(skip=3)
        input_ids = {id(t) for t in inputs}
        for output in outputs:
            if id(output) in input_ids:
                self._changed_in_place(output, inputs, grad_enabled)
            else:
                made = self._made_of_values(name, output, args, kwargs, inputs, source) if name in _FACTORIES_OF_VALUES else None
                prov.set_tensor_record(output, made or self._made(name, output, inputs, grad_enabled, source))
        self._record_nodes(outputs, inputs, _flat_inputs(args, kwargs), source)

    def _made(self, name: str, output: torch.Tensor, inputs: List[torch.Tensor], grad_enabled: bool, source: Any) -> prov.TensorRecord:
        first = inputs[0] if inputs else None
        if first is None:
            return prov.TensorRecord("created", name=name, source=source)
        if name in ("detach", "data"):
            cuts = [prov.CutSource(weakref.ref(first), "detach", output)] if first.requires_grad else list(prov.cut_sources_of(first))
            return prov.TensorRecord("detach", of=weakref.ref(first), source=source, cut_sources=cuts)
        cuts = self._cut_sources(output, inputs, grad_enabled)
        if name in _CONVERSIONS and output.dtype != first.dtype:
            return prov.TensorRecord(
                "dtypeCopy", of=weakref.ref(first), dtype_from=dtype_name(first.dtype), dtype_to=dtype_name(output.dtype), source=source, cut_sources=cuts
            )
        if not grad_enabled and not output.requires_grad and any(t.requires_grad for t in inputs):
            return prov.TensorRecord("noGrad", name=name, source=source, cut_sources=cuts)
        return prov.TensorRecord("op", name=name, source=source, cut_sources=cuts)

    def _made_of_values(
        self, name: str, output: torch.Tensor, args: Sequence[Any], kwargs: Dict[str, Any], inputs: List[torch.Tensor], source: Any
    ) -> Optional[prov.TensorRecord]:
        """``torch.tensor(...)`` of tensors, or of what ``numpy()``/``tolist()`` handed out: a new leaf
        whose values left the graph; a source that needed a gradient is a cut."""
        data = args[0] if args else kwargs.get("data")
        handed = self.handed_out.source_of(data)
        sources = [(handed[0], handed[1])] if handed is not None else [(t, "tensor") for t in inputs]
        if not sources:
            return None
        cuts = prov.merge_cut_sources(
            [[prov.CutSource(weakref.ref(t), "values", output, via)] if t.requires_grad else prov.cut_sources_of(t) for t, via in sources]
        )
        first, via = sources[0]
        return prov.TensorRecord("created", name=name, of=weakref.ref(first), via=via, source=source, cut_sources=cuts)

    @staticmethod
    def _cut_sources(output: torch.Tensor, inputs: List[torch.Tensor], grad_enabled: bool) -> List[prov.CutSource]:
        """What needed a gradient and reached ``output`` through a cut (only a result with no graph carries it)."""
        if output.requires_grad:
            return []
        return prov.merge_cut_sources(
            [[prov.CutSource(weakref.ref(t), "noGrad", output)] if not grad_enabled and t.requires_grad else prov.cut_sources_of(t) for t in inputs]
        )

    def _changed_in_place(self, tensor: torch.Tensor, inputs: List[torch.Tensor], grad_enabled: bool) -> None:
        """An in-place op without a graph (``x.add_(w)`` under no_grad) adds what it took in to the cuts."""
        if tensor.requires_grad:
            return
        others = [t for t in inputs if t is not tensor]
        added = self._cut_sources(tensor, others, grad_enabled)
        if not added:
            return
        record = prov.tensor_record(tensor) or prov.TensorRecord("created", name="tensor")
        record.cut_sources = prov.merge_cut_sources([record.cut_sources, added])
        prov.set_tensor_record(tensor, record)

    def _record_nodes(self, outputs: List[torch.Tensor], inputs: List[torch.Tensor], flat_inputs: List[Any], source: Any) -> None:
        """Marks the nodes this call made: from each output's grad_fn back to the inputs' nodes."""
        call = self.calls[-1] if self.calls else None
        # The inputs' nodes, held (not their id()s: a node object nobody holds can be freed and its id reused).
        boundary = {t.grad_fn for t in inputs if t.grad_fn is not None}
        for output in outputs:
            root = output.grad_fn
            if root is None or prov.node_record(root) is not None or root in boundary:
                continue
            stack = [root]
            while stack:
                node = stack.pop()
                is_root = node is root
                record = prov.NodeRecord(
                    source=source,
                    call=call,
                    output=(list(output.shape), dtype_name(output.dtype)) if is_root and output.output_nr == 0 else None,
                    constants=_constants(node, flat_inputs) if is_root else None,
                    saved_shapes=_saved_shapes(node),
                )
                if not prov.set_node_record(node, record):
                    continue
                if self.gradients is not None:
                    self.gradients.watch(node)
                for child, _ in node.next_functions:
                    if child is None or child in boundary or node_name(child) == "AccumulateGrad" or prov.node_record(child) is not None:
                        continue
                    stack.append(child)


def _warn_from_user_code(warning: warnings.WarningMessage) -> None:
    """Issues a caught warning again, at the user's line, under the filters the user set."""
    frame = user_frame(skip=2)
    if frame is None:
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
        return
    module_globals = frame.f_globals
    warnings.warn_explicit(
        warning.message,
        warning.category,
        frame.f_code.co_filename,
        frame.f_lineno,
        module=module_globals.get("__name__", "__main__"),
        registry=module_globals.setdefault("__warningregistry__", {}),
        module_globals=module_globals,
    )


class _Mode(TorchFunctionMode):
    def __init__(self, recorder: _Recorder) -> None:
        super().__init__()
        self.recorder = recorder

    def __torch_function__(self, func: Any, types: Any, args: Sequence[Any] = (), kwargs: Optional[Dict[str, Any]] = None) -> Any:
        global _suspended
        kwargs = kwargs or {}
        if _suspended:
            return func(*args, **kwargs)
        name = _function_name(func) if getattr(func, "__name__", None) == "__get__" else None
        if name in _QUIET_PROPERTIES:
            return func(*args, **kwargs)
        grad_enabled = torch.is_grad_enabled()
        # PyTorch's warnings name the innermost Python frame, which is now this one: catch them and
        # warn again from the user's line, so `x.grad` still warns where the user wrote it.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = func(*args, **kwargs)
            finally:
                warnings_raised = list(caught)
        for warning in warnings_raised:
            _warn_from_user_code(warning)
        if name is not None and name not in _TENSOR_PROPERTIES:
            return result  # a read such as x.grad: it may warn, but makes nothing
        _suspended += 1
        try:
            self.recorder.after_call(func, args, kwargs, result, grad_enabled)
        finally:
            _suspended -= 1
        return result


@contextlib.contextmanager
def record(*, gradients: bool = False) -> Iterator[None]:
    """Records how tensors are made inside the block, for gradviz's diagnosis.

    With it, ``make_dot`` names the line that broke a chain (``x = torch.tensor(...).float()``
    in cell [3], line 2), the ``detach()`` or ``torch.no_grad()`` that cut a param off, and the
    module call that made each node, so module groups can be drawn::

        with gradviz.record():
            x = torch.tensor(np_array, requires_grad=True).float()
            loss = model(x).sum()
        make_dot(loss, params={'x': x, **dict(model.named_parameters())})

    Tensors made outside the block are drawn as well, from the graph alone. Nested blocks are one.

    ``gradients=True`` also records gradient flow: how much gradient each backward pass through
    the graph made here sent along every edge, and the node where a NaN or Inf was born, for
    ``make_dot(loss, gradients=True)``.
    """
    global _active
    if not isinstance(gradients, bool):
        raise TypeError(f"record(): gradients must be True or False, got {type(gradients).__name__}")
    if _active is not None:
        outer = _active
        previous = outer.gradients
        if gradients and previous is None:
            outer.gradients = Watcher(suspended)
        try:
            yield
        finally:
            outer.gradients = previous
        return
    recorder = _Recorder(gradients)
    module_hooks = torch.nn.modules.module
    recorder.handles = [
        module_hooks.register_module_forward_pre_hook(recorder.module_started),
        module_hooks.register_module_forward_hook(recorder.module_ended),
    ]
    _active = recorder
    try:
        with _Mode(recorder):
            yield
    finally:
        _active = None
        for handle in recorder.handles:
            handle.remove()
