"""Schema versions of the library and the steps between them.

A library records the schema it was written with. Opening an older one runs each step
in order (after a backup); a newer one is refused rather than misread. A step writes the
new files beside the old ones; the library's schema version in library.json, written
atomically after the steps, is the moment the new layout takes over. A crash before it
leaves the old library whole (the step runs again); `finish_migration` then removes what
the old layout had, and a crash before that leaves only files nothing reads.

- 1 -> 2: progress.json (one TinyDB snapshot of everything) and a journal of bare JSON
  lines become per-deck parts and a manifest (tables.py, parts.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from quizapp.files import atomic_write_bytes
from quizapp.store.atomic import AtomicJSONStorage
from quizapp.store.errors import LibraryTooNew

SCHEMA_VERSION = 2


def _v1_to_v2(data_dir: Path) -> None:
    from quizapp.store.journal import Journal
    from quizapp.store.tables import JournaledTables

    old = AtomicJSONStorage(data_dir / "progress.json").read() or {}
    meta: dict[str, Any] = next(iter(old.get("_snapshot", {}).values()), {})
    seq = int(meta.get("seq", 0))
    keyed_names = set(meta.get("keyed", ()))
    tables = JournaledTables(data_dir)
    for name, table in old.items():
        if name == "_snapshot":
            continue
        for doc in table.values():
            if name in keyed_names:
                group, key = doc.pop("_group"), doc.pop("_key")
                tables._apply([["put", name, group, key, doc]])
            else:
                tables._apply([["append", name, doc]])
    for record_seq, ops in Journal(data_dir / "journal.jsonl").replay(repair=False):
        if record_seq > seq:
            tables._apply(ops)
            seq = record_seq
    tables.seq = seq
    tables.write_all_parts()


#: MIGRATIONS[n] turns a library of schema n into schema n + 1, given its folder.
MIGRATIONS: dict[int, Callable[[Path], None]] = {1: _v1_to_v2}


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


def finish_migration(data_dir: Path, found: int) -> None:
    """After the new schema is recorded: remove what only the old layout read."""
    if found < 2:
        (data_dir / "progress.json").unlink(missing_ok=True)
        if (data_dir / "journal.jsonl").exists():
            atomic_write_bytes(data_dir / "journal.jsonl", b"")  # all of it is in the parts
