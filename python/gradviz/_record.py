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
    if name in ("__get__", "__set__"):
        # A property read such as ``x.data``, or a write such as ``x.requires_grad = True``: the descriptor knows its name.
        prop = getattr(getattr(func, "__self__", None), "__name__", name)
        return prop if name == "__get__" else f"set:{prop}"
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
    # In line only when each place agrees: a gradient edge where the input needs one, None where it does not
    # (linear's inputs are (input, weight, bias), its AddmmBackward0's (bias, input, weight.t())).
    aligned = len(inputs) == len(edges) and all(
        (edge[0] is None) == (not isinstance(value, torch.Tensor) or not value.requires_grad) for edge, value in zip(edges, inputs)
    )
    if aligned:
        return [None if edge[0] is not None else _constant(value) for edge, value in zip(edges, inputs)]
    spare = iter([v for v in inputs if isinstance(v, torch.Tensor) and not v.requires_grad])
    return [None if edge[0] is not None else _constant(next(spare, None)) for edge in edges]


def _saved_tensors(node: Any) -> Tuple[Dict[str, Any], Dict[str, "weakref.ref[torch.Tensor]"]]:
    """Shapes of the saved tensors while they can still be read (backward frees them), and the tensors, held weakly."""
    shapes: Dict[str, Any] = {}
    refs: Dict[str, "weakref.ref[torch.Tensor]"] = {}
    for attribute in saved_attributes(node):
        try:
            value = getattr(node, attribute)
        except RuntimeError:
            continue
        if isinstance(value, torch.Tensor):
            name = attribute[len("_saved_"):]
            shapes[name] = (list(value.shape), dtype_name(value.dtype))
            refs[name] = weakref.ref(value)
    return shapes, refs


def _retain_graph(args: Sequence[Any], kwargs: Dict[str, Any]) -> bool:
    """``backward``'s retain_graph (third argument of both ``Tensor.backward`` and ``torch.autograd.backward``); create_graph implies it."""
    retain = kwargs.get("retain_graph", args[2] if len(args) > 2 else None)
    create = kwargs.get("create_graph", args[3] if len(args) > 3 else False)
    return bool(create) if retain is None else bool(retain)


def _is_differentiable(tensor: torch.Tensor) -> bool:
    return tensor.is_floating_point() or tensor.is_complex()


# Most nodes walked for the leaves behind a cut-off tensor, as the engine bounds it.
_MAX_LEAF_WALK = 10_000


def _describe_cut(tensor: torch.Tensor) -> Optional[prov.CutTensor]:
    """A tensor made by an op, described at its cut: its grad_fn's name, shape, dtype, and the leaves behind it (weakly)."""
    root = tensor.grad_fn
    if root is None:
        return None
    leaves = [weakref.ref(leaf) for leaf in prov.leaves_behind(root, _MAX_LEAF_WALK)]
    record = prov.tensor_record(tensor)
    op = record.name if record is not None and record.kind == "op" else ""
    node = prov.node_record(root)
    return prov.CutTensor(node_name(root), op, node.source if node is not None else None, list(tensor.shape), dtype_name(tensor.dtype), leaves)


def _new_cut(tensor: torch.Tensor, cut: str, at: torch.Tensor, via: str = "", op: str = "") -> prov.CutSource:
    """``tensor``, which needed a gradient, cut off at ``at``: held weakly, and described when an op made it."""
    return prov.CutSource(weakref.ref(tensor), cut, at, via, op, _describe_cut(tensor))


class _HandedOut:
    """Arrays, lists and numbers that ``numpy()``/``tolist()``/``item()`` handed out, with the
    tensor they came from, so a tensor rebuilt from them knows its values left the graph there."""

    def __init__(self) -> None:
        self._arrays: Dict[int, Tuple[Any, "weakref.ref[torch.Tensor]"]] = {}
        self._lists: "collections.OrderedDict[int, Tuple[Any, weakref.ref[torch.Tensor]]]" = collections.OrderedDict()
        # Floats from item(), by identity (a float cannot be held weakly, so these are held).
        self._numbers: "collections.OrderedDict[int, Tuple[float, weakref.ref[torch.Tensor]]]" = collections.OrderedDict()

    def remember(self, value: Any, tensor: torch.Tensor) -> None:
        if isinstance(value, float):
            self._numbers[id(value)] = (value, weakref.ref(tensor))
            if len(self._numbers) > _REMEMBERED_LISTS:
                self._numbers.popitem(last=False)
            return
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

    def number_sources(self, value: Any) -> List[torch.Tensor]:
        """The tensors whose item() gave the numbers in ``value`` (a number, or lists of them), each once."""
        if not self._numbers:
            return []
        found: List[torch.Tensor] = []
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, (list, tuple)):
                stack.extend(item)
                continue
            number = self._numbers.get(id(item))
            tensor = number[1]() if number is not None and number[0] is item else None
            if tensor is not None and all(tensor is not t for t in found):
                found.append(tensor)
        return found

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

    def after_call(self, func: Any, args: Sequence[Any], kwargs: Dict[str, Any], result: Any, grad_enabled: bool, required: Optional[bool]) -> None:
        name = _function_name(func)
        inputs: List[torch.Tensor] = []
        _tensors_in(list(args) + list(kwargs.values()), inputs)
        if name in _EVENTS:
            _EVENTS[name](self, args, kwargs, user_place(skip=3), required)
            return
        if name in _VALUES_EXITS and inputs:
            self.handed_out.remember(result, inputs[0])
            return
        if name == "item" and inputs and inputs[0].requires_grad and isinstance(result, float) and not result.is_integer():
            self.handed_out.remember(result, inputs[0])
            return
        outputs: List[torch.Tensor] = []
        _tensors_in(result, outputs)
        if not outputs:
            return
        source = user_place(skip=3)
        input_ids = {id(t) for t in inputs}
        for t in inputs:
            # A later requires_grad_() on it comes too late for what this op made.
            if id(t) not in {id(o) for o in outputs} and t.is_leaf and not t.requires_grad and _is_differentiable(t):
                prov.events_of(t).used_without_grad = True
        for output in outputs:
            if id(output) in input_ids:
                self._changed_in_place(name, output, inputs, grad_enabled, source)
            else:
                made = self._made_of_values(name, output, args, kwargs, inputs, source) if name in _FACTORIES_OF_VALUES else None
                prov.set_tensor_record(output, made or self._made(name, output, inputs, grad_enabled, source))
        self._record_nodes(outputs, inputs, _flat_inputs(args, kwargs), source)

    def _made(self, name: str, output: torch.Tensor, inputs: List[torch.Tensor], grad_enabled: bool, source: Any) -> prov.TensorRecord:
        first = inputs[0] if inputs else None
        if first is None:
            return prov.TensorRecord("created", name=name, source=source)
        if name in ("detach", "data"):
            via = "data" if name == "data" else ""
            cuts = [_new_cut(first, "detach", output, via)] if first.requires_grad else list(prov.cut_sources_of(first))
            return prov.TensorRecord("detach", of=weakref.ref(first), via=via, source=source, cut_sources=cuts)
        cuts = self._cut_sources(output, inputs, grad_enabled, name)
        if name in _CONVERSIONS and output.dtype != first.dtype:
            return prov.TensorRecord(
                "dtypeCopy",
                of=weakref.ref(first),
                dtype_from=dtype_name(first.dtype),
                dtype_to=dtype_name(output.dtype),
                method=name,
                source=source,
                cut_sources=cuts,
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
        numbers = self.handed_out.number_sources(data) if handed is None else []
        sources = [(handed[0], handed[1])] if handed is not None else [(t, "tensor") for t in inputs] + [(t, "item") for t in numbers]
        if not sources:
            return None
        cuts = prov.merge_cut_sources(
            [[_new_cut(t, "values", output, via)] if t.requires_grad else prov.cut_sources_of(t) for t, via in sources]
        )
        first, via = sources[0]
        return prov.TensorRecord("created", name=name, of=weakref.ref(first), via=via, source=source, cut_sources=cuts)

    @staticmethod
    def _cut_sources(output: torch.Tensor, inputs: List[torch.Tensor], grad_enabled: bool, name: str) -> List[prov.CutSource]:
        """What needed a gradient and reached ``output`` through a cut (only a result with no graph carries it):
        under no_grad, through an op with no gradient (an integral or bool result: argmax, ==, .long()), or
        through the cuts its inputs carry."""
        if output.requires_grad:
            return []

        def cut(t: torch.Tensor) -> List[prov.CutSource]:
            if t.requires_grad and not grad_enabled:
                return [_new_cut(t, "noGrad", output)]
            if t.requires_grad and not _is_differentiable(output):
                return [_new_cut(t, "nonDifferentiable", output, op=name)]
            return prov.cut_sources_of(t)

        return prov.merge_cut_sources([cut(t) for t in inputs])

    def _changed_in_place(self, name: str, tensor: torch.Tensor, inputs: List[torch.Tensor], grad_enabled: bool, source: Any) -> None:
        """An in-place op: noted on the tensor and its base (a saved tensor it changed, a leaf it moved
        into the graph); one without a graph (``x.add_(w)`` under no_grad) adds what it took in to the cuts."""
        for changed in (tensor, tensor._base):
            if changed is not None:
                prov.events_of(changed).in_place = (name, source)
        if tensor.requires_grad:
            return
        others = [t for t in inputs if t is not tensor]
        added = self._cut_sources(tensor, others, grad_enabled, name)
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
                shapes, refs = _saved_tensors(node)
                record = prov.NodeRecord(
                    source=source,
                    call=call,
                    output=(list(output.shape), dtype_name(output.dtype)) if is_root and output.output_nr == 0 else None,
                    constants=_constants(node, flat_inputs) if is_root else None,
                    saved_shapes=shapes,
                    saved_refs=refs,
                    output_ref=weakref.ref(output) if is_root else None,
                )
                if not prov.set_node_record(node, record):
                    continue
                if self.gradients is not None:
                    self.gradients.watch(node)
                for child, _ in node.next_functions:
                    if child is None or child in boundary or node_name(child) == "AccumulateGrad" or prov.node_record(child) is not None:
                        continue
                    stack.append(child)


def _backward_called(recorder: _Recorder, args: Sequence[Any], kwargs: Dict[str, Any], source: Any, _required: Optional[bool]) -> None:
    """After a backward(): the nodes it freed remember the call; the leaves it filled count how many
    backward() calls their ``.grad`` now sums (one more when nothing zeroed it in between)."""
    roots: List[torch.Tensor] = []
    _tensors_in(args[0] if args else kwargs.get("tensors"), roots)
    retained = _retain_graph(args, kwargs)
    stack = [t.grad_fn for t in roots if t.grad_fn is not None]
    seen = set(stack)
    while stack:
        node = stack.pop()
        leaf = getattr(node, "variable", None)
        if isinstance(leaf, torch.Tensor):
            _count_accumulation(leaf, source)
        elif not retained:
            record = prov.node_record(node)
            if record is None:
                record = prov.NodeRecord(source=None, call=None)
                prov.set_node_record(node, record)
            if not record.released:
                record.released, record.released_by = True, source
        for child, _ in node.next_functions:
            if child is not None and child not in seen:
                seen.add(child)
                stack.append(child)


def _count_accumulation(leaf: torch.Tensor, source: Any) -> None:
    grad = leaf.grad
    if grad is None:
        return
    events = prov.events_of(leaf)
    last = events.accumulation
    if last is not None and last.grad() is grad:
        backwards = last.backwards + 1 if grad._version == last.version + 1 else 1
    else:
        # A grad never counted: one earlier gradient if it was changed in place once (by this backward's sum).
        backwards = 2 if grad._version == 1 else 1
    events.accumulation = prov.Accumulation(backwards, source, weakref.ref(grad), grad._version)


def _retain_grad_called(_recorder: _Recorder, args: Sequence[Any], _kwargs: Dict[str, Any], source: Any, _required: Optional[bool]) -> None:
    tensor = args[0] if args else None
    record = prov.node_record(tensor.grad_fn) if isinstance(tensor, torch.Tensor) and tensor.grad_fn is not None else None
    if record is not None and record.released:
        prov.events_of(tensor).retain_after_backward = (source, record.released_by)


def _requires_grad_set(_recorder: _Recorder, args: Sequence[Any], kwargs: Dict[str, Any], source: Any, required: Optional[bool]) -> None:
    """``requires_grad_(flag)`` or ``x.requires_grad = flag``: freezing, or asking for a gradient after the tensor was used."""
    tensor = args[0] if args else None
    if not isinstance(tensor, torch.Tensor) or required is None:
        return
    events = prov.events_of(tensor)
    if tensor.requires_grad and not required:
        events.frozen, events.frozen_set = None, False
        if events.used_without_grad:
            events.requires_grad_after_use = source
    elif required and not tensor.requires_grad:
        events.frozen, events.frozen_set = source, True


# Calls that change what happens to tensors rather than make new ones.
_EVENTS = {
    "backward": _backward_called,
    "retain_grad": _retain_grad_called,
    "requires_grad_": _requires_grad_set,
    "set:requires_grad": _requires_grad_set,
}


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
        name = _function_name(func) if getattr(func, "__name__", None) in ("__get__", "__set__") else None
        if name in _QUIET_PROPERTIES:
            return func(*args, **kwargs)
        grad_enabled = torch.is_grad_enabled()
        # Whether the tensor required grad before a call that may change it.
        required = args[0].requires_grad if args and isinstance(args[0], torch.Tensor) and _function_name(func) in ("requires_grad_", "set:requires_grad") else None
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
        if name is not None and name not in _TENSOR_PROPERTIES and name != "set:requires_grad":
            return result  # a read such as x.grad: it may warn, but makes nothing
        _suspended += 1
        try:
            self.recorder.after_call(func, args, kwargs, result, grad_enabled, required)
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
