"""The library: the user's decks and progress in a folder of TinyDB files.

    <data dir>/
      library.json      TinyDB: schema version, one summary per deck (what the home screen needs)
      decks/<id>.json   TinyDB: one deck's metadata and cards, read when the deck is opened
      progress.json     TinyDB snapshot of progress, settings, review log, attempts (tables.py)
      journal.jsonl     changes since that snapshot, one fsync'd line per answer
      backups/          whole copies taken before imports, replacements and deletions
      lock              held while open: one writer at a time

Every file is written atomically (temp file, fsync, rename); see atomic.py.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import Query, TinyDB

from quizapp.store.atomic import AtomicJSONStorage, CorruptFile
from quizapp.store.backups import (
    damaged_files,
    finish_pending_restore,
    list_backups,
    take_backup,
)
from quizapp.store.decks import (
    DeckExists,
    DeckSummary,
    ImportReport,
    read_deck_file,
    stored_hash,
    summary_doc,
    summary_from_doc,
    write_deck_file,
)
from quizapp.store.errors import LibraryCorrupt, ReadOnly
from quizapp.store.lock import LibraryLock
from quizapp.store.migrations import SCHEMA_VERSION, migrate
from quizapp.store.tables import JournaledTables

if TYPE_CHECKING:  # the models are imported when first used, not at start-up
    from quizapp.model import CardProgress, Deck, ReviewEntry, StudySettings


class Library:
    """An open library. Use `Library.open(path)` as a context manager."""

    def __init__(self, data_dir: Path, read_only: bool) -> None:
        self.data_dir = data_dir
        self.read_only = read_only
        self._lock = LibraryLock(data_dir)
        self._db: TinyDB | None = None
        self._summaries: dict[str, dict[str, Any]] = {}
        self._decks: dict[str, Deck] = {}
        self.tables = JournaledTables(
            data_dir / "progress.json", data_dir / "journal.jsonl", read_only=read_only
        )

    # --- opening and closing -----------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, *, read_only: bool = False) -> Library:
        data_dir.mkdir(parents=True, exist_ok=True)
        lib = cls(data_dir, read_only)
        if not read_only:
            lib._lock.acquire()
        try:
            if not read_only:
                finish_pending_restore(data_dir)  # a restore a crash interrupted
            lib._check_whole()
            lib._load()
        except BaseException:
            lib._lock.release()
            raise
        return lib

    def _load(self) -> None:
        self._db = self._guarded(
            lambda: _opened(TinyDB(self.data_dir / "library.json", storage=AtomicJSONStorage)),
            self.data_dir / "library.json",
        )
        meta = self._db.table("meta").get(doc_id=1)
        if meta is None:
            if not self.read_only:
                self._db.table("meta").insert({"schema_version": SCHEMA_VERSION})
        elif meta["schema_version"] != SCHEMA_VERSION:
            if meta["schema_version"] < SCHEMA_VERSION:
                take_backup(self.data_dir, f"before-migration-{meta['schema_version']}")
            migrate(self.data_dir, meta["schema_version"])
            self._db.table("meta").update({"schema_version": SCHEMA_VERSION}, doc_ids=[1])
        self._summaries = {doc["id"]: dict(doc) for doc in self._db.table("decks").all()}
        self._guarded(self.tables.load, self.tables.snapshot_path)

    def _guarded(self, load: Any, path: Path) -> Any:
        """Run a load; a file that does not parse is moved aside and reported, never replaced."""
        try:
            return load()
        except CorruptFile as error:
            moved = None
            if not self.read_only:
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
                moved = path.with_name(f"{path.name}.corrupt-{stamp}")
                path.replace(moved)
            raise LibraryCorrupt(
                path, moved, error.reason.split(" (")[0], self._newest_backup()
            ) from None

    def _newest_backup(self) -> str | None:
        backups = list_backups(self.data_dir)
        return backups[0].name if backups else None

    def _check_whole(self) -> None:
        """Refuse a library whose damaged file was moved aside and never replaced.

        Opening it would silently start from empty progress (or decks) and the next
        write would make that final: the user decides, with `quizapp restore`.
        """
        damaged = damaged_files(self.data_dir)
        if damaged:
            first = damaged[0]
            original = first.with_name(first.name.split(".corrupt-")[0])
            raise LibraryCorrupt(original, first, "", self._newest_backup(), earlier=True)

    def close(self) -> None:
        try:
            self.tables.close()
            if self._db is not None:
                self._db.close()
        finally:
            self._lock.release()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnly()

    # --- decks -------------------------------------------------------------------------

    def summaries(self) -> list[DeckSummary]:
        found = (summary_from_doc(doc) for doc in self._summaries.values())
        return sorted(found, key=lambda s: s.title.casefold())

    def summary(self, deck_id: str) -> DeckSummary:
        return next(s for s in self.summaries() if s.id == deck_id)

    def card_ids(self, deck_id: str) -> list[str]:
        """The deck's card ids in order, without loading its cards (KeyError if absent)."""
        ids = self._summaries[deck_id].get("card_ids")
        return list(ids) if ids is not None else [c.id for c in self.deck(deck_id).cards]

    def has_deck(self, deck_id: str) -> bool:
        return deck_id in self._summaries

    def deck(self, deck_id: str) -> Deck:
        """The deck with this id (KeyError if absent). Loaded once, then kept."""
        if deck_id in self._decks:
            return self._decks[deck_id]
        if deck_id not in self._summaries:
            raise KeyError(deck_id)
        path = self._deck_path(deck_id)
        deck = self._guarded(lambda: read_deck_file(path), path)
        self._decks[deck_id] = deck
        return deck

    def _deck_path(self, deck_id: str) -> Path:
        return self.data_dir / "decks" / f"{deck_id}.json"

    def save_deck(self, deck: Deck, *, origin: str | None = None) -> None:
        """Write a deck (new or changed) and its summary."""
        self._writable()
        content_hash = write_deck_file(self._deck_path(deck.id), deck)
        summary = summary_doc(deck, content_hash, self._summaries.get(deck.id, {}), origin)
        assert self._db is not None
        self._db.table("decks").upsert(summary, Query().id == deck.id)
        self._summaries[deck.id] = summary
        self._decks[deck.id] = deck

    def import_deck(
        self,
        deck: Deck,
        *,
        replace: bool = False,
        skipped: Iterable[str] = (),
        origin: str | None = None,
        backup: bool = True,
    ) -> ImportReport:
        """Add a deck, or (with replace) update one; progress of unchanged card ids is kept."""
        self._writable()
        report = ImportReport(
            deck.id, deck.title, created=not self.has_deck(deck.id), skipped=list(skipped)
        )
        if report.created:
            report.added = [c.id for c in deck.cards]
        else:
            old = self.deck(deck.id)
            if not replace:
                raise DeckExists(deck.id, len(old.cards))
            before = {c.id: c for c in old.cards}
            for card in deck.cards:
                if card.id not in before:
                    report.added.append(card.id)
                elif before[card.id] != card:
                    report.updated.append(card.id)
                else:
                    report.unchanged += 1
            now = {c.id for c in deck.cards}
            report.removed = [cid for cid in before if cid not in now]
        if backup and self._summaries:
            take_backup(self.data_dir, f"before-import-{deck.id}")
        # Progress of removed cards stays in the library: re-adding a card brings it back.
        self.save_deck(deck, origin=origin or ("user" if report.created else None))
        return report

    def delete_deck(self, deck_id: str) -> None:
        """Remove a deck and its progress (after a backup)."""
        self._writable()
        if deck_id not in self._summaries:
            raise KeyError(deck_id)
        take_backup(self.data_dir, f"before-delete-{deck_id}")
        self.tables.commit([["drop", "progress", deck_id], ["drop", "settings", deck_id]])
        assert self._db is not None
        self._db.table("decks").remove(Query().id == deck_id)
        self._deck_path(deck_id).unlink(missing_ok=True)
        self._summaries.pop(deck_id, None)
        self._decks.pop(deck_id, None)

    def sync_shipped(self, files: Iterable[Path]) -> list[ImportReport]:
        """Add shipped decks the library lacks; update ones the user never changed.

        A shipped file whose bytes are unchanged since the last run is not even parsed.
        """
        by_file = {
            s.get("shipped_file"): s for s in self._summaries.values() if s.get("shipped_file")
        }
        reports = []
        for path in files:
            file_hash = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            if file_hash in by_file:
                continue
            from quizapp.formats import read_deck  # only when a shipped file is new or changed

            deck = read_deck(path)
            current = self._summaries.get(deck.id)
            if current is None:
                reports.append(self.import_deck(deck, origin="shipped", backup=False))
            elif (
                current.get("origin") == "shipped"
                and current.get("hash") == current.get("shipped_hash")
                # the file itself, in case a crash cut an edit between file and summary
                and stored_hash(self._deck_path(deck.id)) == current.get("shipped_hash")
            ):
                reports.append(self.import_deck(deck, replace=True, origin="shipped"))
            # else: the user changed this deck since it was shipped; their version wins.
            self._set_summary_field(deck.id, "shipped_file", file_hash)
        return reports

    def _set_summary_field(self, deck_id: str, key: str, value: Any) -> None:
        assert self._db is not None
        self._db.table("decks").update({key: value}, Query().id == deck_id)
        self._summaries[deck_id][key] = value

    # --- settings ----------------------------------------------------------------------

    def settings(self, deck_id: str) -> StudySettings:
        from quizapp.model import StudySettings

        doc = self.tables.keyed.get("settings", {}).get(deck_id, {}).get("study")
        return StudySettings.model_validate(doc) if doc else StudySettings()

    def set_settings(self, deck_id: str, settings: StudySettings) -> None:
        self._writable()
        self.tables.commit(
            [["put", "settings", deck_id, "study", settings.model_dump(mode="json")]]
        )

    # --- progress and the review log ------------------------------------------------------

    def progress(self, deck_id: str) -> dict[str, CardProgress]:
        """Progress of a deck's cards, by card id (cards never studied are absent)."""
        from quizapp.model import CardProgress

        docs = self.tables.keyed.get("progress", {}).get(deck_id, {})
        return {
            card_id: CardProgress.model_validate({**doc, "deck_id": deck_id, "card_id": card_id})
            for card_id, doc in docs.items()
        }

    @staticmethod
    def _progress_op(progress: CardProgress) -> list[Any]:
        doc = progress.model_dump(mode="json", exclude={"deck_id", "card_id"})
        return ["put", "progress", progress.deck_id, progress.card_id, doc]

    def put_progress(self, *changes: CardProgress) -> None:
        """Save progress changes (suspend, bury...) in one durable transaction."""
        self._writable()
        self.tables.commit([self._progress_op(p) for p in changes])

    def record_answer(self, progress: CardProgress, review: ReviewEntry) -> int:
        """Save a card's new state and its review-log entry together; returns the review's id.

        Durable when it returns: one fsync'd journal line, not a rewrite of the library.
        """
        self._writable()
        review_id = self.tables.seq + 1
        doc = {"_id": review_id, **review.model_dump(mode="json")}
        self.tables.commit([self._progress_op(progress), ["append", "reviews", doc]])
        return review_id

    def undo_answer(self, previous: CardProgress, review_id: int) -> None:
        """Put a card back as it was before an answer and drop that answer from the log."""
        self._writable()
        self.tables.commit([self._progress_op(previous), ["remove", "reviews", review_id]])

    def reviews(
        self, deck_id: str | None = None, since: datetime | None = None
    ) -> list[ReviewEntry]:
        from quizapp.model import ReviewEntry

        docs = self.tables.appended.get("reviews", [])
        out = []
        since_text = since.astimezone(UTC).isoformat() if since else None
        for doc in docs:
            if deck_id is not None and doc.get("deck_id") != deck_id:
                continue
            if since_text is not None and _as_utc_text(doc["at"]) < since_text:
                continue
            out.append(ReviewEntry.model_validate({k: v for k, v in doc.items() if k != "_id"}))
        return out

    # --- other records: quiz attempts, classroom results ---------------------------------

    def append_record(self, table: str, doc: dict[str, Any]) -> int:
        """Durably add a document to an append-only table; returns its id."""
        self._writable()
        record_id = self.tables.seq + 1
        self.tables.commit([["append", table, {"_id": record_id, **doc}]])
        return record_id

    def records(self, table: str, deck_id: str | None = None) -> list[dict[str, Any]]:
        docs = self.tables.appended.get(table, [])
        return [dict(d) for d in docs if deck_id is None or d.get("deck_id") == deck_id]

    def checkpoint(self) -> None:
        self.tables.checkpoint()

    def import_history(
        self,
        deck_id: str,
        progress: Iterable[CardProgress],
        reviews: Iterable[ReviewEntry],
    ) -> int:
        """Put imported progress and append its reviews in one durable step; returns how
        many reviews were added. (i13's stand-in until the store's own version lands.)"""
        self._writable()
        seq = self.tables.seq + 1
        ops: list[Any] = [self._progress_op(p) for p in progress if p.deck_id == deck_id]
        added = [r for r in reviews if r.deck_id == deck_id]
        ops += [
            ["append", "reviews", {"_id": f"{seq}.{n}", **r.model_dump(mode="json")}]
            for n, r in enumerate(added)
        ]
        if ops:
            self.tables.commit(ops)
        return len(added)


def _opened(db: TinyDB) -> TinyDB:
    db.storage.read()  # parse now, so a corrupt file is reported at open
    return db


def _as_utc_text(value: str) -> str:
    return datetime.fromisoformat(value).astimezone(UTC).isoformat()
