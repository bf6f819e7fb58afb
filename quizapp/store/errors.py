"""What can go wrong with the library on disk, said so a user knows what to do."""

from __future__ import annotations

import errno
from pathlib import Path


class StoreError(Exception):
    """A library problem with a message meant for the user."""


class LibraryLocked(StoreError):
    def __init__(self, data_dir: Path, holder: str) -> None:
        self.data_dir = data_dir
        super().__init__(
            f"The library in {data_dir} is open in another quizapp{holder}. "
            "Close that one first, or open this one read-only (--read-only)."
        )


class LibraryCorrupt(StoreError):
    def __init__(
        self,
        path: Path,
        moved_to: Path | None,
        reason: str,
        newest_backup: str | None,
        *,
        earlier: bool = False,
    ) -> None:
        self.path = path
        self.moved_to = moved_to
        self.newest_backup = newest_backup
        if earlier:
            what = f"{path.name} in {path.parent} was found damaged earlier and is missing"
        else:
            what = f"{path.name} in {path.parent} is damaged ({reason})"
        kept = f" It was moved aside to {moved_to.name}, untouched." if moved_to else ""
        offer = (
            f" The newest good backup is {newest_backup}: run `quizapp restore` to bring it "
            "back, or `quizapp restore --discard-damaged` to go on without it."
            if newest_backup
            else " There is no backup to restore: run `quizapp restore --discard-damaged` to "
            "go on without it (the damaged file is kept for you to inspect)."
        )
        super().__init__(f"{what}.{kept}{offer}")


class WriteFailed(StoreError):
    """A write that did not happen: nothing of it was kept, and nothing before it was lost."""

    _WHY = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the disk is read-only",
        errno.EIO: "the disk reported an input/output error",
        errno.EACCES: "quizapp may not write there",
        errno.EPERM: "quizapp may not write there",
    }

    def __init__(self, error: OSError, path: Path, what: str = "your last answer") -> None:
        self.errno = error.errno
        self.path = path
        why = self._WHY.get(error.errno or 0, error.strerror or str(error))
        super().__init__(
            f"Not saved: {why} ({path.parent}), so {what} was not saved. "
            "Everything saved before it is safe. Free some space (or fix the disk) and try again."
        )


class ReadOnly(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "This library is open read-only (another quizapp has it), so this was not saved; "
            "nothing was changed."
        )


class LibraryTooNew(StoreError):
    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            f"This library was written by a newer quizapp (schema {found}; "
            f"this one knows {known}). "
            "Upgrade quizapp to open it."
        )
