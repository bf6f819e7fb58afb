"""Crash-safe files: write a temp file beside the target, fsync, rename, fsync the folder.

TinyDB's JSONStorage rewrites its file in place, so a kill mid-write leaves a file
that no longer parses. `AtomicJSONStorage` is a drop-in Storage that never does.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tinydb.storages import Storage


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once, at import: os.umask can only be read by setting it, which is not thread-safe.
_FILE_MODE = 0o666 & ~_read_umask()


def write_all(fd: int, data: bytes, offset: int | None = None) -> None:
    """Write all of `data` (at `offset`, or at the file position), looping on short writes.

    A full disk often shows first as a short write, then as ENOSPC: both end here as an
    OSError, never as a write silently cut short.
    """
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset) if offset is not None else os.write(fd, view)
        if written <= 0:
            raise OSError(28, "No space left on device (short write)")
        view = view[written:]
        if offset is not None:
            offset += written


def atomic_write_bytes(path: Path | str, data: bytes, *, make_parents: bool = False) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file.

    The file gets the permissions a plain open() would give it (mkstemp's are 0600).
    On any error (a full disk, say) the old file is untouched and the temp file removed.
    """
    path = Path(path)
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, _FILE_MODE)
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def copy_durably(source: Path, target: Path) -> None:
    """Copy one file so that the copy is on disk when this returns (backups, restores)."""
    atomic_write_bytes(target, source.read_bytes(), make_parents=True)


def copy_tree_durably(source: Path, target: Path) -> None:
    """Copy a folder's files (recursively), each fsync'd, and every folder's entries too."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(source.iterdir()):
        if entry.is_dir():
            copy_tree_durably(entry, target / entry.name)
        elif entry.is_file():
            copy_durably(entry, target / entry.name)
    fsync_dir(target)


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
            data = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
            raise CorruptFile(self.path, f"does not parse ({error})") from None
        if not isinstance(data, dict) or not all(
            isinstance(table, dict) and all(isinstance(doc, dict) for doc in table.values())
            for table in data.values()
        ):
            raise CorruptFile(self.path, "is not a TinyDB database (wrong shape)")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), **self.kwargs)
        atomic_write_bytes(self.path, text.encode("utf-8"), make_parents=True)

    def close(self) -> None:
        pass
