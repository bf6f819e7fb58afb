"""Backups of the whole library, taken before anything that changes many things at once,
and restoring one of them so that a crash or a power cut half-way can never leave a mixed
library, or none.

Every file of a backup is fsync'd, and so is every folder. A restore first copies the
chosen backup into `.restore/`, adds to its journal the answers recorded since the backup
was taken (they are intact: the damage that made the user restore was elsewhere), and
writes `restore.pending`; then it puts each file in place (by copy and rename, so
`.restore/` stays whole) and removes the marker; only then is `.restore/` deleted.
`finish_pending_restore`, run whenever a library is opened, completes a restore that a
crash interrupted.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

from quizapp.files import atomic_write_bytes, copy_durably, copy_tree_durably, fsync_dir
from quizapp.store.atomic import AtomicJSONStorage, CorruptFile
from quizapp.store.errors import StoreError
from quizapp.store.journal import Journal, frame
from quizapp.store.lock import LibraryLock

KEEP = 10
# The files that make a library (the lock is not part of it); progress.json is schema 1's.
LIBRARY_FILES = (
    "library.json",
    "manifest.json",
    "journal.jsonl",
    "journal.folding.jsonl",
    "progress.json",
)
LIBRARY_FOLDERS = ("decks", "parts", "media")
_SAFE = re.compile(r"[^a-z0-9-]+")
_STAGING = ".restore"
_PENDING = "restore.pending"


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def take_backup(data_dir: Path, reason: str) -> Path | None:
    """Copy the library to backups/<time>-<reason>/; None if there is nothing to back up.

    The caller makes sure no fold is writing meanwhile (Library.backup). On an error (a
    full disk) the partial copy is removed and the error raised: no half backup is left.
    """
    if not (data_dir / "library.json").exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups_dir(data_dir) / f"{stamp}-{_SAFE.sub('-', reason.lower()).strip('-')}"
    partial = target.with_name(target.name + ".partial")
    try:
        partial.mkdir(parents=True)
        _copy_library(data_dir, partial)
        partial.rename(target)  # a backup is either whole or absent
        fsync_dir(target.parent)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _prune(backups_dir(data_dir))
    return target


def _copy_library(source: Path, target: Path) -> None:
    for name in LIBRARY_FILES:
        if (source / name).is_file():
            copy_durably(source / name, target / name)
    for folder in LIBRARY_FOLDERS:
        if (source / folder).is_dir():
            copy_tree_durably(source / folder, target / folder)
    fsync_dir(target)


def list_backups(data_dir: Path) -> list[Path]:
    """Complete backups, newest first."""
    folder = backups_dir(data_dir)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_dir() and not p.name.endswith(".partial")]
    return sorted(found, key=lambda p: p.name, reverse=True)


def _prune(folder: Path) -> None:
    for leftover in folder.glob("*.partial"):  # from a backup a crash interrupted
        shutil.rmtree(leftover, ignore_errors=True)
    complete = sorted(p for p in folder.iterdir() if p.is_dir())
    for old in complete[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)


def restore(data_dir: Path, backup: Path) -> None:
    """Restore a backup into a library no quizapp has open (LibraryLocked otherwise)."""
    with LibraryLock(data_dir):
        restore_backup(data_dir, backup)


def restore_backup(data_dir: Path, backup: Path) -> None:
    """Put a backup's files back (the caller holds the library's lock).

    The current library is backed up first, after the chosen backup has been copied
    aside, so pruning old backups can never take away the one being restored.
    """
    if not (backup / "library.json").is_file():
        raise StoreError(
            f"{backup.name} is not a complete backup (no library.json); nothing was changed"
        )
    staging = data_dir / _STAGING
    shutil.rmtree(staging, ignore_errors=True)
    copy_tree_durably(backup, staging)
    _carry_newer_answers(data_dir, staging)
    fsync_dir(data_dir)
    take_backup(data_dir, "before-restore")
    atomic_write_bytes(data_dir / _PENDING, backup.name.encode())
    finish_pending_restore(data_dir)


def _carry_newer_answers(data_dir: Path, staging: Path) -> None:
    """Append to the staged journal what the library recorded after the backup was taken.

    Answers folded since then are read from the current parts where they are intact
    (the damage that made the user restore is elsewhere), the rest from the journals.
    """
    last = _last_seq(staging)
    records = [
        frame(seq, ops)
        for name in ("journal.folding.jsonl", "journal.jsonl")
        for seq, ops in Journal(data_dir / name).replay(repair=False)
        if seq > last
    ]
    folded = _newer_folded(data_dir, last)
    if folded is not None:
        records.insert(0, frame(*folded))
    if records:
        journal = staging / "journal.jsonl"
        before = journal.read_bytes() if journal.exists() else b""
        if before and not before.endswith(b"\n"):
            before += b"\n"  # a torn last record of the backup's must not swallow the first
        atomic_write_bytes(journal, before + b"".join(records))


def _newer_folded(data_dir: Path, last: int) -> tuple[int, list[list[object]]] | None:
    """One transaction re-adding the folded records newer than `last` that are intact,
    with the current progress of the cards they answered; None if there are none."""
    from quizapp.store.tables import JournaledTables

    tables = JournaledTables(data_dir, read_only=True)
    try:
        tables.load()
    except (CorruptFile, OSError):
        return None
    ops: list[list[object]] = []
    for table, groups in tables.appended.items():
        for group in groups.values():
            try:
                docs = [d for d in group.docs() if int(d.get("_id", 0)) > last]
            except (CorruptFile, OSError):
                continue
            for doc in docs:
                if int(doc["_id"]) > tables.folded_seq:
                    continue  # in a journal: carried as its own record
                ops.append(["append", table, doc])
                card = doc.get("card_id")
                if table == "reviews" and isinstance(card, str):
                    with contextlib.suppress(CorruptFile, OSError):
                        progress = tables.get("progress", group.group, card)
                        if progress is not None:
                            ops.append(["put", "progress", group.group, card, progress])
    return (tables.folded_seq, ops) if ops else None


def _last_seq(folder: Path) -> int:
    """The last transaction a library folder holds (its parts and its journals)."""
    last = 0
    for name, table in (("manifest.json", "manifest"), ("progress.json", "_snapshot")):
        with contextlib.suppress(
            CorruptFile, OSError, ValueError, TypeError, AttributeError, KeyError, StopIteration
        ):
            meta = next(iter((AtomicJSONStorage(folder / name).read() or {})[table].values()))
            last = max(last, int(meta.get("folded_seq", meta.get("seq", 0))))
    for name in ("journal.folding.jsonl", "journal.jsonl"):
        for seq, _ in Journal(folder / name).replay(repair=False):
            last = max(last, seq)
    return last


def finish_pending_restore(data_dir: Path) -> bool:
    """Complete a restore that was started; True if there was one. Safe to run again."""
    marker, staging = data_dir / _PENDING, data_dir / _STAGING
    if not marker.exists():
        return False
    for name in LIBRARY_FILES:
        if (staging / name).exists():
            temporary = data_dir / f".{name}.restoring"
            copy_durably(staging / name, temporary)
            os.replace(temporary, data_dir / name)
        else:
            (data_dir / name).unlink(missing_ok=True)
    for folder in LIBRARY_FOLDERS:
        incoming, old = data_dir / f".{folder}.restoring", data_dir / f".{folder}.old"
        shutil.rmtree(incoming, ignore_errors=True)
        if (staging / folder).is_dir():
            copy_tree_durably(staging / folder, incoming)
        else:
            incoming.mkdir()
        shutil.rmtree(old, ignore_errors=True)
        if (data_dir / folder).exists():
            (data_dir / folder).rename(old)
        incoming.rename(data_dir / folder)
    fsync_dir(data_dir)
    marker.unlink()
    fsync_dir(data_dir)
    for folder in LIBRARY_FOLDERS:
        shutil.rmtree(data_dir / f".{folder}.old", ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    return True
