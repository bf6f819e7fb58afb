"""Backups of the whole library, taken before anything that changes many things at once."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

from quizapp.store.atomic import fsync_dir

KEEP = 10
# The files that make a library (the lock is not part of it).
LIBRARY_FILES = ("library.json", "progress.json", "journal.jsonl")
_SAFE = re.compile(r"[^a-z0-9-]+")


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
    for old in sorted((p for p in folder.iterdir() if p.is_dir()), key=lambda p: p.name)[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)


def restore_backup(data_dir: Path, backup: Path) -> None:
    """Put a backup's files back. The current files are first backed up themselves."""
    take_backup(data_dir, "before-restore")
    for name in LIBRARY_FILES:
        src = backup / name
        if src.exists():
            shutil.copy2(src, data_dir / f".{name}.restore")
            (data_dir / f".{name}.restore").replace(data_dir / name)
        elif (data_dir / name).exists():
            (data_dir / name).unlink()
    if (backup / "decks").is_dir():
        staging = data_dir / ".decks.restore"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(backup / "decks", staging)
        old = data_dir / ".decks.old"
        shutil.rmtree(old, ignore_errors=True)
        if (data_dir / "decks").exists():
            (data_dir / "decks").rename(old)
        staging.rename(data_dir / "decks")
        shutil.rmtree(old, ignore_errors=True)
    fsync_dir(data_dir)
