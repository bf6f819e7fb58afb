"""Backups of the whole library, taken before anything that changes many things at once,
and restoring one of them so that a crash half-way can never leave a mixed library.

A restore first copies the chosen backup into `.restore/` and writes `restore.pending`;
then it puts each file in place (by copy and rename, so `.restore/` stays whole) and
removes the marker. `finish_pending_restore`, run whenever a library is opened, completes a
restore that a crash interrupted.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

from quizapp.store.atomic import atomic_write_bytes, fsync_dir
from quizapp.store.errors import StoreError
from quizapp.store.lock import LibraryLock

KEEP = 10
# The files that make a library (the lock is not part of it).
LIBRARY_FILES = ("library.json", "progress.json", "journal.jsonl")
_SAFE = re.compile(r"[^a-z0-9-]+")
_STAGING = ".restore"
_PENDING = "restore.pending"


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def take_backup(data_dir: Path, reason: str) -> Path | None:
    """Copy the library to backups/<time>-<reason>/; None if there is nothing to back up."""
    if not (data_dir / "library.json").exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backups_dir(data_dir) / f"{stamp}-{_SAFE.sub('-', reason.lower()).strip('-')}"
    partial = target.with_name(target.name + ".partial")
    partial.mkdir(parents=True)
    for name in LIBRARY_FILES:
        if (data_dir / name).exists():
            shutil.copy2(data_dir / name, partial / name)
    if (data_dir / "decks").is_dir():
        shutil.copytree(data_dir / "decks", partial / "decks")
    partial.rename(target)  # a backup is either whole or absent
    fsync_dir(target.parent)
    _prune(backups_dir(data_dir))
    return target


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
    shutil.copytree(backup, staging)
    fsync_dir(data_dir)
    take_backup(data_dir, "before-restore")
    atomic_write_bytes(data_dir / _PENDING, backup.name.encode())
    finish_pending_restore(data_dir)


def finish_pending_restore(data_dir: Path) -> bool:
    """Complete a restore that was started; True if there was one. Safe to run again."""
    marker, staging = data_dir / _PENDING, data_dir / _STAGING
    if not marker.exists():
        return False
    for name in LIBRARY_FILES:
        if (staging / name).exists():
            temporary = data_dir / f".{name}.restoring"
            shutil.copy2(staging / name, temporary)
            temporary.replace(data_dir / name)
        else:
            (data_dir / name).unlink(missing_ok=True)
    incoming, old = data_dir / ".decks.restoring", data_dir / ".decks.old"
    shutil.rmtree(incoming, ignore_errors=True)
    if (staging / "decks").is_dir():
        shutil.copytree(staging / "decks", incoming)
    else:
        incoming.mkdir()
    shutil.rmtree(old, ignore_errors=True)
    if (data_dir / "decks").exists():
        (data_dir / "decks").rename(old)
    incoming.rename(data_dir / "decks")
    fsync_dir(data_dir)
    marker.unlink()
    fsync_dir(data_dir)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    return True


def damaged_files(data_dir: Path) -> list[Path]:
    """Files moved aside as damaged whose place is still empty: the library is not whole."""
    found = []
    for name in LIBRARY_FILES:
        if not (data_dir / name).exists():
            found += sorted(data_dir.glob(f"{name}.corrupt-*"))
    return found


def discard_damaged(data_dir: Path) -> list[Path]:
    """Go on without the damaged files: they are kept (renamed), and no longer block opening."""
    kept = []
    for path in damaged_files(data_dir):
        target = path.with_name(path.name.replace(".corrupt-", ".damaged-", 1))
        with contextlib.suppress(FileNotFoundError):
            path.rename(target)
            kept.append(target)
    return kept
