"""An append-only journal of small changes, so one answer never rewrites the library.

Each record is one transaction, framed so that damage anywhere is found and skipped:

    <length:8 hex> <crc32:8 hex> {"seq": n, "ops": [...]}\\n

A record is written at the offset where the last good one ended (never after a torn
fragment: a failed write is cut off again) and fdatasync'd before `append` returns, so an
answer reported done survives a kill -9 or a power cut. Replay yields every record whose
length and checksum match; a damaged record in the middle is skipped (every good one after
it is kept), copied aside and reported; a torn last record, never reported done, is cut.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quizapp import jsonio
from quizapp.files import atomic_write_bytes, fsync_dir, write_all
from quizapp.store.errors import WriteFailed

Op = list[Any]


@dataclass
class Replayed:
    """What a replay found besides the good records."""

    damaged: int = 0  # records skipped because their frame or checksum was wrong
    torn: bool = False  # the last record was cut short (a crash mid-append)
    aside: list[Path] = field(default_factory=list)  # where the bad bytes were copied


def frame(seq: int, ops: list[Op]) -> bytes:
    payload = jsonio.dumps({"seq": seq, "ops": ops})
    return b"%08x %08x " % (len(payload), zlib.crc32(payload)) + payload + b"\n"


def _unframe(line: bytes) -> tuple[int, list[Op]] | None:
    """The (seq, ops) of one line without its newline, or None if it is damaged."""
    if line.startswith(b"{"):  # schema 1 wrote bare JSON lines; migration replays them
        payload = line
    else:
        try:
            length, crc = int(line[:8], 16), int(line[9:17], 16)
        except ValueError:
            return None
        payload = line[18:]
        if line[8:9] != b" " or line[17:18] != b" " or len(payload) != length:
            return None
        if zlib.crc32(payload) != crc:
            return None
    try:
        record = jsonio.loads(payload)
        seq, ops = int(record["seq"]), record["ops"]
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    if not isinstance(ops, list) or not all(isinstance(op, list) and op for op in ops):
        return None
    return seq, ops


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self.size = 0  # where the next record goes: the end of the last good one
        self.entries = 0  # transactions in the file (for deciding when to fold)
        self.report = Replayed()
        self._replayed = False  # whether `size` was found by a replay (else: the file's size)

    def replay(self, repair: bool = True) -> Iterator[tuple[int, list[Op]]]:
        """Yield (seq, ops) of every good record; with `repair`, set damage aside and cut it."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        good: list[bytes] = []
        bad: list[bytes] = []
        lines = data.split(b"\n")
        tail = lines.pop()  # after the last newline: empty, or a torn record
        for line in lines:
            if not line:
                continue
            record = _unframe(line)
            if record is None:
                bad.append(line + b"\n")
                continue
            good.append(line + b"\n")
            yield record
        self.entries = len(good)
        self.report = Replayed(damaged=len(bad), torn=bool(tail.strip()))
        self.size = len(data)
        self._replayed = True
        if repair and (bad or tail):
            self._set_aside(b"".join(bad), tail, b"".join(good))

    def _set_aside(self, bad: bytes, tail: bytes, good: bytes) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        if bad:
            aside = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
            atomic_write_bytes(aside, bad)
            self.report.aside.append(aside)
        if tail.strip():
            aside = self.path.with_name(f"{self.path.name}.torn-{stamp}")
            atomic_write_bytes(aside, tail)
            self.report.aside.append(aside)
        atomic_write_bytes(self.path, good)  # the good records, in order, nothing after them
        self.size = len(good)

    def _open(self) -> int:
        if self._fd is None:
            created = not self.path.exists()
            self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o644)
            if created:
                fsync_dir(self.path.parent)  # the new file's name is durable too
            elif not self._replayed:
                self.size = os.fstat(self._fd).st_size
        return self._fd

    def append(self, seq: int, ops: list[Op]) -> None:
        """Write one transaction durably, or raise WriteFailed having written nothing."""
        record = frame(seq, ops)
        try:
            fd = self._open()
            write_all(fd, record, self.size)
            _sync(fd)
        except OSError as error:
            self._cut_back()
            raise WriteFailed(error, self.path) from None
        self.size += len(record)
        self.entries += 1

    def _cut_back(self) -> None:
        """Drop whatever a failed write left after the last good record."""
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, self.size)
            _sync(self._fd)
        except OSError:
            # The next record overwrites the fragment from `size` on, and replay's
            # framing rejects whatever of it might be left beyond the newline.
            pass

    def rotate(self, to: Path) -> None:
        """Rename the journal to `to` (for a fold) and start an empty one."""
        self.close()
        if self.path.exists():
            os.replace(self.path, to)
            fsync_dir(self.path.parent)
        self.size = 0
        self.entries = 0
        self._replayed = True

    def reset(self) -> None:
        """Empty the journal (after its contents reached the parts)."""
        self.close()
        atomic_write_bytes(self.path, b"")
        self.size = 0
        self.entries = 0

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


# fdatasync flushes the data and the size, which is all a replay needs; fsync elsewhere.
_sync = getattr(os, "fdatasync", os.fsync)
