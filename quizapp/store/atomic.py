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


def atomic_write_bytes(path: Path | str, data: bytes, *, make_parents: bool = False) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file.

    The file gets the permissions a plain open() would give it (mkstemp's are 0600).
    """
    path = Path(path)
    if make_parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


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
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CorruptFile(self.path, f"does not parse ({error})") from None
        if not isinstance(data, dict):
            raise CorruptFile(self.path, "is not a TinyDB database")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), **self.kwargs)
        atomic_write_bytes(self.path, text.encode("utf-8"), make_parents=True)

    def close(self) -> None:
        pass
