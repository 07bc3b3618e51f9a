"""What ``make_dot`` and ``export`` accept, checked up front with an error that says what was
passed and what to pass instead (torchviz users often pass ``model`` or ``loss.mean``)."""
from __future__ import annotations

from typing import Any, List, Tuple

import torch


def describe(value: Any) -> str:
    """A short description of a value for an error message."""
    if isinstance(value, torch.nn.Module):
        return f"a module ({type(value).__name__})"
    if callable(value):
        return f"a function ({getattr(value, '__qualname__', type(value).__name__)})"
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 40 else text[:40] + '...'}"


def _output_hint(value: Any) -> str:
    if isinstance(value, torch.nn.Module):
        return ": pass the tensor it computes, e.g. make_dot(model(x)) or make_dot(loss)"
    if callable(value):
        return "; did you pass a method instead of calling it (loss.mean instead of loss.mean())?"
    return ""


def check_outputs(outputs: Any, where: str) -> List[torch.Tensor]:
    """One tensor or a sequence of tensors; a single tensor with no graph at all is refused."""
    if isinstance(outputs, torch.Tensor):
        items = [outputs]
        single = True
    elif isinstance(outputs, (list, tuple)):
        items = list(outputs)
        single = False
        if not items:
            raise TypeError(f"{where}: expected a tensor or a sequence of tensors, got an empty {type(outputs).__name__}")
    else:
        raise TypeError(f"{where}: expected a tensor or a sequence of tensors, got {describe(outputs)}{_output_hint(outputs)}")
    for i, item in enumerate(items):
        if not isinstance(item, torch.Tensor):
            at = "the output" if single else f"outputs[{i}]"
            raise TypeError(f"{where}: {at} must be a tensor, got {describe(item)}{_output_hint(item)}")
    return items


def check_params(params: Any, where: str) -> List[Tuple[str, torch.Tensor]]:
    """Names for tensors: a dict, or (name, tensor) pairs such as ``model.named_parameters()``."""
    if params is None:
        return []
    if isinstance(params, torch.nn.Module):
        raise TypeError(f"{where}: params must name tensors, got {describe(params)}; pass dict(model.named_parameters())")
    if isinstance(params, dict):
        pairs = list(params.items())
    elif isinstance(params, (str, bytes, torch.Tensor)) or not hasattr(params, "__iter__"):
        raise TypeError(f"{where}: params must be a dict of named tensors or (name, tensor) pairs such as model.named_parameters(), got {describe(params)}")
    else:
        pairs = []
        for i, pair in enumerate(params):
            if not isinstance(pair, tuple) or len(pair) != 2:
                raise TypeError(f"{where}: params entry {i} must be a (name, tensor) pair, got {describe(pair)}")
            pairs.append(pair)
    seen = set()
    for name, value in pairs:
        if not isinstance(name, str):
            raise TypeError(f"{where}: every params name must be a string, got {describe(name)}")
        if not isinstance(value, torch.Tensor):
            hint = "; did you mean to call it?" if callable(value) and not isinstance(value, torch.nn.Module) else ""
            raise TypeError(f"{where}: params[{name!r}] must be a tensor, got {describe(value)}{hint}")
        if name in seen:
            raise ValueError(f"{where}: the name {name!r} is given twice in params; give each tensor one name")
        seen.add(name)
    return pairs
