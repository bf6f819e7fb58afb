"""What can go wrong with the library on disk, said so a user knows what to do."""

from __future__ import annotations

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
    def __init__(self, path: Path, moved_to: Path, reason: str, newest_backup: str | None) -> None:
        self.path = path
        self.moved_to = moved_to
        self.newest_backup = newest_backup
        offer = (
            f"The newest good backup is {newest_backup}: run `quizapp restore` to bring it back."
            if newest_backup
            else "There is no backup to restore; the damaged file is kept for you to inspect."
        )
        super().__init__(
            f"{path.name} in {path.parent} is damaged ({reason}). "
            f"It was moved aside to {moved_to.name}, untouched. {offer}"
        )


class ReadOnly(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "This library is open read-only (another quizapp has it); nothing was changed."
        )


class LibraryTooNew(StoreError):
    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            f"This library was written by a newer quizapp (schema {found}; "
            f"this one knows {known}). "
            "Upgrade quizapp to open it."
        )
