"""A package's names loaded on first use (PEP 562): the one `__getattr__` that
quizapp.model and quizapp.study use, so that starting the app does not pay for modules
(pydantic's models, the fsrs scheduler) a screen may never need."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(package: str, where: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package`: `name` is imported from `where[name]` the
    first time it is asked for, then kept in the package like any other name."""

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(where[name]), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
