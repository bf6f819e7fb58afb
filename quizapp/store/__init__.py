"""The library on disk: crash-safe TinyDB files, a journal for answers, a lock, backups."""

from quizapp.store.backups import (
    discard_damaged,
    list_backups,
    restore,
    restore_backup,
    take_backup,
)
from quizapp.store.decks import DeckExists, DeckSummary, ImportReport
from quizapp.store.errors import LibraryCorrupt, LibraryLocked, LibraryTooNew, ReadOnly, StoreError
from quizapp.store.library import Library

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
    "discard_damaged",
    "list_backups",
    "restore",
    "restore_backup",
    "take_backup",
]
