"""Where an exported file goes: stdout, a regular file (atomically), or a special file.

The atomic replace (write beside, rename over) is right for a regular file and wrong for
anything else: renaming over `/dev/stdout` replaces the symlink with a file (as root it
can), over a FIFO it leaves the reader waiting, and over a symlink it cuts the link. So
`-` writes to stdout, a regular file or a new path is replaced atomically, a symlink to a
regular file has its target replaced (the link stays), and a device, pipe or socket (or a
link into /dev or /proc, such as /dev/stdout) is written in place.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from quizapp.model import DeckError, Problem
from quizapp.store.atomic import atomic_write_bytes

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
