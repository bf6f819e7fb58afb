"""Writing files: the one place quizapp puts bytes on disk, crash-safe.

A temp file is written beside the target, fsynced, renamed over it, and the folder fsynced,
so a crash leaves the old file or the new one, never half of either. The store's databases,
backups and media, and every export, are written through here; formats only return bytes.

Where an exported file goes (`write_output`): stdout, a regular file (atomically), or a
special file.

The atomic replace (write beside, rename over) is right for a regular file and wrong for
anything else: renaming over `/dev/stdout` replaces the symlink with a file (as root it
can), over a FIFO it leaves the reader waiting, and over a symlink it cuts the link. So
`-` writes to stdout, a regular file or a new path is replaced atomically, a symlink to a
regular file has its target replaced (the link stays), and a device, pipe or socket (or a
link into /dev or /proc, such as /dev/stdout) is written in place.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from quizapp.model.problems import DeckError, Problem


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
    _replace_with(path, data)
    fsync_dir(path.parent)


#: Files of one `atomic_write_files` call written at once: fsync waits on the disk with
#: the GIL released, and the file system commits waiting syncs together.
WRITERS = 8


def atomic_write_files(folder: Path, files: dict[str, bytes]) -> None:
    """`atomic_write_bytes` for many files of one folder: each file is written, fsync'd
    and renamed (up to WRITERS at once), and the folder is fsync'd once at the end, not
    once per file (an import of a thousand images pays a thousand directory syncs less).
    If one fails, its error is raised once every other has finished; each file is then
    whole or absent, as with atomic_write_bytes."""
    if not files:
        return
    folder.mkdir(parents=True, exist_ok=True)
    if len(files) == 1:
        for name, data in files.items():
            _replace_with(folder / name, data)
    else:
        with ThreadPoolExecutor(min(WRITERS, len(files)), "quizapp-write") as pool:
            done = [pool.submit(_replace_with, folder / n, d) for n, d in files.items()]
        for future in done:
            future.result()  # the first failure, raised after all are done
    fsync_dir(folder)


def _replace_with(path: Path, data: bytes) -> None:
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
            _replace_with(target / entry.name, entry.read_bytes())
    fsync_dir(target)  # once for the folder's entries, not once per file


STDOUT = "-"


def _in_place(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()


def write_output(path: Path | str, data: bytes) -> None:
    """Write `data` to `path` (or stdout for "-") without breaking what the path is."""
    if str(path) == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(path)
    try:
        if not os.path.lexists(path):
            atomic_write_bytes(path, data)
            return
        target = path.stat()  # follows links
        if stat.S_ISDIR(target.st_mode):
            raise DeckError([Problem(str(path), "is a folder; give a file name to write")])
        if not stat.S_ISREG(target.st_mode):
            _in_place(path, data)  # device, pipe, socket
        elif not path.is_symlink():
            atomic_write_bytes(path, data)
        else:
            real = path.resolve()
            if real.parts[1:2] in (("dev",), ("proc",)):  # /dev/stdout -> /proc/self/fd/1
                _in_place(path, data)
            else:
                atomic_write_bytes(real, data)
    except FileNotFoundError:
        raise DeckError(
            [Problem(str(path), "cannot be written: it is a link to a file that does not exist")]
        ) from None
    except OSError as error:
        raise DeckError(
            [Problem(str(path), f"cannot be written: {error.strerror or error}")]
        ) from None
