"""Schema versions of the library and the steps between them.

A library records the schema it was written with. Opening an older one runs each step
in order (after a backup); a newer one is refused rather than misread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from quizapp.store.errors import LibraryTooNew

SCHEMA_VERSION = 1

#: MIGRATIONS[n] turns a library of schema n into schema n + 1, in place, given its folder.
MIGRATIONS: dict[int, Callable[[Path], None]] = {}


def migrate(
    data_dir: Path,
    found: int,
    steps: dict[int, Callable[[Path], None]] | None = None,
    target: int = SCHEMA_VERSION,
) -> int:
    """Bring a library from schema `found` to `target`; return the version reached."""
    steps = MIGRATIONS if steps is None else steps
    if found > target:
        raise LibraryTooNew(found, target)
    version = found
    while version < target:
        steps[version](data_dir)
        version += 1
    return version
