"""One writer per library: an advisory lock held for as long as the library is open.

The lock is taken on a file of its own with flock (fcntl) or msvcrt, so it is released by
the operating system when the process dies, even by kill -9: no stale lock files.
"""

from __future__ import annotations

import os
from pathlib import Path

from quizapp.store.errors import LibraryLocked

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


class LibraryLock:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / "lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            holder = ""
            try:
                pid = os.pread(fd, 32, 0).decode().strip()
                holder = f" (process {pid})" if pid else ""
            except OSError:
                pass
            os.close(fd)
            raise LibraryLocked(self.data_dir, holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def __enter__(self) -> LibraryLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            if fcntl is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None
