"""Is the library whole? The files it must have, and what is done when one is damaged.

A library must have library.json, manifest.json, one file per deck its summaries name and
every part its manifest names. Such a file that is missing, empty, unparsable or of the
wrong shape is *damage*: it is moved aside (never replaced by an empty one), the library
stays closed, and the newest backup is offered (`quizapp restore`), or going on without it
(`quizapp restore --discard-damaged`), which the user decides.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from quizapp.store.atomic import AtomicJSONStorage, CorruptFile
from quizapp.store.backups import list_backups
from quizapp.store.errors import LibraryCorrupt
from quizapp.store.lock import LibraryLock

T = TypeVar("T")
#: What makes a folder a library (any of them present: it is not a new one).
MARKS = ("library.json", "manifest.json", "decks", "parts", "progress.json", "journal.jsonl")


def survey(data_dir: Path) -> str:
    """'new' for a folder with nothing of a library in it, else 'existing'."""
    for name in MARKS:
        path = data_dir / name
        if path.is_dir() and any(path.iterdir()):
            return "existing"
        if path.is_file() and (name != "journal.jsonl" or path.stat().st_size):
            return "existing"
    if any(data_dir.glob("library.json.corrupt-*")):
        return "existing"
    return "new"


def check_library_doc(path: Path, data: dict[str, Any]) -> None:
    """library.json must hold a schema version and well-formed deck summaries."""
    meta = next(iter(data.get("meta", {}).values()), None)
    if not isinstance(meta, dict) or not isinstance(meta.get("schema_version"), int):
        raise CorruptFile(path, "has the wrong shape (no schema version)")
    for doc in data.get("decks", {}).values():
        if not (
            isinstance(doc.get("id"), str)
            and isinstance(doc.get("title"), str)
            and isinstance(doc.get("card_count"), int)
            and isinstance(doc.get("kinds"), dict)
            and isinstance(doc.get("card_ids", []), list)
        ):
            raise CorruptFile(path, "has the wrong shape (a deck summary is incomplete)")


class Damage:
    def __init__(self, data_dir: Path, read_only: bool) -> None:
        self.data_dir = data_dir
        self.read_only = read_only

    def newest_backup(self) -> str | None:
        backups = list_backups(self.data_dir)
        return backups[0].name if backups else None

    def guarded(self, load: Callable[[], T]) -> T:
        """Run a load; a damaged file is moved aside and reported, never replaced."""
        try:
            return load()
        except CorruptFile as error:
            raise self._found(error.path, error.reason.split(" (")[0]) from None

    def _found(self, path: Path, reason: str) -> LibraryCorrupt:
        moved = None
        if not self.read_only and path.exists():
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            moved = path.with_name(f"{path.name}.corrupt-{stamp}")
            path.replace(moved)
        return LibraryCorrupt(path, moved, reason, self.newest_backup())

    def require(self, path: Path) -> None:
        if not path.exists():
            raise LibraryCorrupt(path, None, "is missing", self.newest_backup())

    def check_files(self, *groups: Iterable[Path]) -> None:
        """Every file the library names must be there and not empty."""
        for group in groups:
            for path in group:
                try:
                    size = path.stat().st_size
                except FileNotFoundError:
                    raise LibraryCorrupt(
                        path, None, "is missing", self.newest_backup()
                    ) from None
                if size == 0:
                    raise self._found(path, "is empty")

    def check_whole(self) -> None:
        """Refuse a library whose damaged file was moved aside and never replaced.

        Opening it would silently start from empty progress (or decks) and the next
        write would make that final: the user decides, with `quizapp restore`.
        """
        damaged = damaged_files(self.data_dir)
        if damaged:
            first = damaged[0]
            original = first.with_name(first.name.split(".corrupt-")[0])
            raise LibraryCorrupt(original, first, "", self.newest_backup(), earlier=True)


def damaged_files(data_dir: Path) -> list[Path]:
    """Files moved aside as damaged whose place is still empty: the library is not whole."""
    found: list[Path] = []
    # os.walk lists names without a stat per file: a 100k-card library has hundreds of
    # parts, and this runs at every start.
    listed = [(str(data_dir), os.listdir(data_dir))] if data_dir.is_dir() else []
    for sub in ("decks", "parts"):
        listed += [(top, names) for top, _, names in os.walk(data_dir / sub)]
    for top, names in listed:
        present = set(names)
        for name in sorted(n for n in names if ".corrupt-" in n):
            if name.split(".corrupt-")[0] not in present:
                found.append(Path(top, name))
    return found


def discard_damaged(data_dir: Path) -> list[Path]:
    """Go on without the damaged or missing files: what is damaged is kept (renamed) and
    the library is made whole again from what is intact. Takes the library's lock."""
    with LibraryLock(data_dir):
        kept = []
        for path in damaged_files(data_dir):
            target = path.with_name(path.name.replace(".corrupt-", ".damaged-", 1))
            with contextlib.suppress(FileNotFoundError):
                path.rename(target)
                kept.append(target)
        _mend(data_dir)
        return kept


def _mend(data_dir: Path) -> None:
    """Rebuild what a library must have from what is left: decks from their files,
    an empty manifest, references to missing files dropped."""
    from quizapp.store.decks import read_deck_file, summary_doc, write_summaries
    from quizapp.store.migrations import SCHEMA_VERSION

    library = data_dir / "library.json"
    try:
        data = AtomicJSONStorage(library).read()
    except CorruptFile:
        data = None
    if data is None:  # rebuild the summaries from the deck files that are intact
        summaries = []
        for path in sorted((data_dir / "decks").glob("*.json")):
            if path.name.endswith(".ids.json"):
                continue  # a cache beside a deck file, not a deck
            with contextlib.suppress(CorruptFile, KeyError, TypeError, ValueError):
                deck = read_deck_file(path, path.stem)
                summaries.append(summary_doc(deck, "", {}, "user"))
        write_summaries(library, SCHEMA_VERSION, summaries)
    else:
        decks = data.get("decks", {})
        present = {
            k: d for k, d in decks.items() if (data_dir / "decks" / f"{d['id']}.json").exists()
        }
        if len(present) != len(decks):
            data["decks"] = present
            AtomicJSONStorage(library).write(data)
    manifest_path = data_dir / "manifest.json"
    try:
        manifest_data = AtomicJSONStorage(manifest_path).read()
    except CorruptFile:
        manifest_data = None
    manifest = next(iter((manifest_data or {}).get("manifest", {}).values()), None)
    if not isinstance(manifest, dict):
        manifest = {"generation": 0, "folded_seq": 0, "keyed": {}, "append": {}}
    _drop_missing_parts(data_dir, manifest)
    AtomicJSONStorage(manifest_path).write({"manifest": {"1": manifest}})


def _drop_missing_parts(data_dir: Path, manifest: dict[str, Any]) -> None:
    from quizapp.store.parts import Parts

    parts = Parts(data_dir)
    for table, groups in manifest.get("keyed", {}).items():
        for group, meta in groups.items():
            meta["files"] = {
                shard: f
                for shard, f in meta.get("files", {}).items()
                if _usable(parts.keyed_path(table, group, int(shard), int(f[0])))
            }
    for table, groups in manifest.get("append", {}).items():
        for group, segments in groups.items():
            groups[group] = [
                s for s in segments
                if _usable(parts.segment_path(table, group, int(s["n"]), int(s["gen"])))
            ]


def _usable(path: Path) -> bool:
    try:
        return path.stat().st_size > 0 and bool(json.loads(path.read_bytes()))
    except (OSError, ValueError):
        return False
