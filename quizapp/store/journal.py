"""An append-only journal of small changes, so one answer never rewrites the library.

Each line is one transaction: {"seq": n, "ops": [...]} written with a single write and
fsync'd before `append` returns, so an answer reported done survives a kill -9. A kill
mid-append leaves at most a torn last line, which was never reported done; it is cut
off on the next open. The snapshot (a TinyDB file) records the last seq it contains,
so replaying after a crash between snapshot and truncation applies nothing twice.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from quizapp.store.atomic import atomic_write_bytes

Op = list[Any]


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: Any = None
        self.entries = 0  # transactions in the file (for deciding when to compact)

    def replay(self, cut: bool = True) -> Iterator[tuple[int, list[Op]]]:
        """Yield (seq, ops) of every complete transaction; cut off a torn tail if `cut`."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        good_end = 0
        count = 0
        for line in data.splitlines(keepends=True):
            if not line.endswith(b"\n"):
                break
            try:
                record = json.loads(line)
                seq, ops = int(record["seq"]), record["ops"]
            except (ValueError, KeyError, TypeError):
                break
            good_end += len(line)
            count += 1
            yield seq, ops
        self.entries = count
        if cut and good_end != len(data):
            self._cut(data, good_end)

    def _cut(self, data: bytes, good_end: int) -> None:
        # Keep what follows the last good line for inspection, then drop it from the journal.
        tail = data[good_end:]
        if tail.strip():
            aside = self.path.with_name(self.path.name + ".torn")
            atomic_write_bytes(aside, tail)
        with self.path.open("r+b") as handle:
            handle.truncate(good_end)
            handle.flush()
            os.fsync(handle.fileno())

    def append(self, seq: int, ops: list[Op]) -> None:
        line = json.dumps({"seq": seq, "ops": ops}, ensure_ascii=False, separators=(",", ":"))
        if self._handle is None:
            self._handle = self.path.open("ab", buffering=0)
        self._handle.write(line.encode("utf-8") + b"\n")
        _sync(self._handle.fileno())
        self.entries += 1

    def reset(self) -> None:
        """Empty the journal (after its contents reached a snapshot)."""
        self.close()
        atomic_write_bytes(self.path, b"")
        self.entries = 0

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


# fdatasync flushes the data and the size, which is all a replay needs; fsync elsewhere.
_sync = getattr(os, "fdatasync", os.fsync)
