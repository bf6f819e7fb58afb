"""Building models from the library's own files, without validating them again.

Untrusted input (imports, edits) is validated once, where it enters. What the library wrote
itself is trusted: it is rebuilt here with `model_construct`, field by field from the
models' own annotations (tuples, nested models, the card union, enums, dates), so a new
field needs nothing here. Damage to those files is the store's to find, not pydantic's.
Validating a 100k-card deck costs seconds; constructing it costs a fraction of that.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)
Convert = Callable[[Any], Any]


def construct(cls: type[M], data: dict[str, Any]) -> M:
    """`cls` from data it dumped itself (JSON mode), converting each field back.

    What `model_construct` does, without its per-call bookkeeping (a third of the time at
    100k cards): the instance's dict is the converted data over the field defaults.
    """
    plan, defaults, factories = _plan(cls)
    values = dict(defaults)
    for name, make in factories:
        values[name] = make()
    for name, value in data.items():
        convert = plan.get(name)
        values[name] = convert(value) if convert is not None else value
    return _instance(cls, values, set(data))


def construct_typed(cls: type[M], data: dict[str, Any]) -> M:
    """`cls` from values already of their fields' types (tuples, not lists; models, enums
    and dates, not their JSON): `construct` without converting each field, for a reader
    that built and bounded every value itself (the Anki importer's notes, one per card)."""
    _, defaults, factories = _plan(cls)
    values = {**defaults, **data}
    for name, make in factories:
        if name not in data:
            values[name] = make()
    return _instance(cls, values, set(data))


_set = object.__setattr__


def _instance(cls: type[M], values: dict[str, Any], fields_set: set[str]) -> M:
    """The model with `values` as its fields, as pydantic's own constructors leave it."""
    model = cls.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


@cache
def _plan(
    cls: type[BaseModel],
) -> tuple[dict[str, Convert], dict[str, Any], tuple[tuple[str, Callable[..., Any]], ...]]:
    if cls.__private_attributes__:
        raise TypeError(f"{cls.__name__} has private attributes: construct cannot build it")
    plan: dict[str, Convert] = {}
    defaults: dict[str, Any] = {}
    factories: list[tuple[str, Callable[..., Any]]] = []
    for name, info in cls.model_fields.items():
        convert = _converter(info.annotation)
        if convert is not None:
            plan[name] = convert
        if info.default_factory is not None:
            factories.append((name, info.default_factory))
        elif not info.is_required():
            defaults[name] = info.default
    return plan, defaults, tuple(factories)


def _converter(annotation: Any) -> Convert | None:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _converter(args[0])
    if origin in (Union, types.UnionType):
        return _union(args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            inner = _converter(args[0])
            return (lambda v: tuple(map(inner, v))) if inner else tuple
        parts = [_converter(a) for a in args]
        return lambda v: tuple(c(x) if c else x for c, x in zip(parts, v, strict=False))
    if origin is dict:
        value = _converter(args[1]) if len(args) == 2 else None
        return (lambda v: {k: value(x) for k, x in v.items()}) if value else None
    if not isinstance(annotation, type):
        return None
    if issubclass(annotation, BaseModel):
        return lambda v: construct(annotation, v) if isinstance(v, dict) else v
    if issubclass(annotation, Enum):
        return annotation
    if annotation is datetime:
        return lambda v: datetime.fromisoformat(v) if isinstance(v, str) else v
    if annotation is date:
        return lambda v: date.fromisoformat(v) if isinstance(v, str) else v
    if annotation is float:
        return lambda v: float(v) if isinstance(v, int) and not isinstance(v, bool) else v
    return None


def _union(args: tuple[Any, ...]) -> Convert | None:
    present = [a for a in args if a is not type(None)]
    if len(present) == 1:
        inner = _converter(present[0])
        return (lambda v: None if v is None else inner(v)) if inner else None
    models = [get_args(a)[0] if get_origin(a) is Annotated else a for a in present]
    by_kind = {
        m.model_fields["kind"].default: m
        for m in models
        if isinstance(m, type) and issubclass(m, BaseModel) and "kind" in m.model_fields
    }
    if not by_kind:
        return None
    return lambda v: construct(by_kind[v["kind"]], v) if isinstance(v, dict) else v
