"""The library on disk: crash-safe TinyDB files, a journal for answers, a lock, backups."""

from quizapp.store.backups import list_backups, restore, restore_backup, take_backup
from quizapp.store.decks import DeckExists, DeckSummary, ImportReport
from quizapp.store.errors import (
    LibraryCorrupt,
    LibraryLocked,
    LibraryTooNew,
    ReadOnly,
    StoreError,
    WriteFailed,
)
from quizapp.store.library import Library
from quizapp.store.whole import discard_damaged

__all__ = [
    "DeckExists",
    "DeckSummary",
    "ImportReport",
    "Library",
    "LibraryCorrupt",
    "LibraryLocked",
    "LibraryTooNew",
    "ReadOnly",
    "StoreError",
    "WriteFailed",
    "discard_damaged",
    "list_backups",
    "restore",
    "restore_backup",
    "take_backup",
]
