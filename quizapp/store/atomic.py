"""Crash-safe TinyDB files (the bytes are written by quizapp.files, atomically).

TinyDB's JSONStorage rewrites its file in place, so a kill mid-write leaves a file
that no longer parses. `AtomicJSONStorage` is a drop-in Storage that never does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from quizapp import jsonio
from quizapp.bulk import collecting_later
from quizapp.files import atomic_write_bytes


class CorruptFile(Exception):
    """A database file that exists but does not parse."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class AtomicJSONStorage(Storage):
    """TinyDB storage that writes atomically and refuses (never blanks) a corrupt file."""

    def __init__(self, path: str | Path, **kwargs: Any) -> None:
        self.path = Path(path)
        self.kwargs = kwargs

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw.strip():
            return None
        try:
            # A parse builds only acyclic containers (a 100k-card deck: a million of them):
            # the cyclic GC's passes over them find nothing and took most of the time.
            with collecting_later():
                data = jsonio.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
            raise CorruptFile(self.path, f"does not parse ({error})") from None
        if not isinstance(data, dict) or not all(
            isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
            for table in data.values()
        ):
            raise CorruptFile(self.path, "is not a TinyDB database (wrong shape)")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.kwargs:  # TinyDB's options for json.dumps (indent...): only json takes them
            raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"), **self.kwargs)
            atomic_write_bytes(self.path, raw.encode("utf-8"), make_parents=True)
        else:
            atomic_write_bytes(self.path, jsonio.dumps(data), make_parents=True)

    def close(self) -> None:
        pass
