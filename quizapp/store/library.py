"""The library: the user's decks and progress in a folder of TinyDB files.

    <data dir>/
      library.json      TinyDB: schema version, one summary per deck (what the home screen needs)
      decks/<id>.json   TinyDB: one deck's metadata and cards, read when the deck is opened
      manifest.json     TinyDB: the parts in use, each with its generation (tables.py)
      parts/            progress and settings per deck in shards; the review log, attempts
                        and results per deck in segments (parts.py); each written once
      journal.jsonl     changes since the last fold, one framed, fsync'd record per answer
      backups/          whole copies taken before imports, replacements and deletions
      lock              held while open: one writer at a time

Every file is written atomically (temp file, fsync, rename); see atomic.py. A file the
library must have that is missing, empty, unparsable or of the wrong shape is damage
(whole.py): it is moved aside, never replaced by an empty one, and a backup is offered.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import Query, TinyDB

from quizapp.bulk import collecting_later
from quizapp.store.atomic import AtomicJSONStorage, CorruptFile
from quizapp.store.backups import finish_pending_restore, take_backup
from quizapp.store.decks import (
    DeckExists,
    DeckSummary,
    ImportReport,
    ids_path,
    read_card_ids,
    stored_hash_is,
    summary_doc,
    summary_from_doc,
    write_card_ids,
    write_deck_file,
)
from quizapp.store.errors import LibraryTooNew, WriteFailed
from quizapp.store.lock import LibraryLock
from quizapp.store.migrations import SCHEMA_VERSION, finish_migration, migrate
from quizapp.store.records import Records
from quizapp.store.tables import JournaledTables
from quizapp.store.whole import Damage, check_library_doc, survey

if TYPE_CHECKING:  # the models are imported when first used, not at start-up
    from quizapp.model import Deck
    from quizapp.store.stored_deck import StoredDeck


class Library(Records):
    """An open library. Use `Library.open(path)` as a context manager."""

    def __init__(self, data_dir: Path, read_only: bool) -> None:
        self.data_dir = data_dir
        self.read_only = read_only
        self._lock = LibraryLock(data_dir)
        self._db: TinyDB | None = None
        self._summaries: dict[str, dict[str, Any]] = {}
        self._decks: dict[str, Deck] = {}
        #: Decks read but not (yet) built whole: the reviewer's (stored_deck).
        self._stored_decks: dict[str, StoredDeck] = {}
        self._built = {}
        self.tables = JournaledTables(data_dir, read_only=read_only)
        self.damage = Damage(data_dir, read_only)
        #: What the user should hear about (damaged journal records set aside, ...).
        self.warnings: list[str] = []

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
            lib.damage.check_whole()
            lib._load()
        except BaseException:
            lib._lock.release()
            raise
        return lib

    def _load(self) -> None:
        found = survey(self.data_dir)
        if found == "new":
            if self.read_only:
                return
            self._write_new()
        self._db = self.damage.guarded(self._open_library_json)
        meta = self._db.table("meta").get(doc_id=1)
        assert meta is not None  # checked by check_library_doc
        version = int(meta["schema_version"])
        self._summaries = {doc["id"]: dict(doc) for doc in self._db.table("decks").all()}
        if version > SCHEMA_VERSION:
            raise LibraryTooNew(version, SCHEMA_VERSION)
        if version < SCHEMA_VERSION:
            if self.read_only:
                return  # an old library is read as it is; the next writer migrates it
            take_backup(self.data_dir, f"before-migration-{version}")
            self.damage.guarded(lambda: migrate(self.data_dir, version))
            self._db.table("meta").update({"schema_version": SCHEMA_VERSION}, doc_ids=[1])
            finish_migration(self.data_dir, version)
        self.damage.require(self.tables.manifest_path)
        self.damage.guarded(self.tables.load)
        self.damage.check_files(
            [self._deck_path(d) for d in self._summaries], self.tables.named_paths()
        )
        report = self.tables.replayed
        if report.damaged:
            aside = ", ".join(p.name for p in report.aside)
            self.warnings.append(
                f"{report.damaged} damaged record(s) in the journal were skipped and copied "
                f"to {aside}; every good record before and after them was kept."
            )
        if not self.read_only:
            self.tables.remove_orphans()

    def _write_new(self) -> None:
        db = TinyDB(self.data_dir / "library.json", storage=AtomicJSONStorage)
        db.table("meta").insert({"schema_version": SCHEMA_VERSION})
        db.close()
        self.tables.create()

    def _open_library_json(self) -> TinyDB:
        path = self.data_dir / "library.json"
        data = AtomicJSONStorage(path).read()
        if data is None:
            raise CorruptFile(path, "is empty" if path.exists() else "is missing")
        check_library_doc(path, data)
        return TinyDB(path, storage=AtomicJSONStorage)

    def close(self) -> None:
        try:
            # Not folded (a full disk, say)? The journal keeps every answer for the next open.
            with contextlib.suppress(OSError, WriteFailed):
                self.tables.close()
            if self._db is not None:
                self._db.close()
        finally:
            self._lock.release()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def backup(self, reason: str) -> Path | None:
        """A whole copy of the library as it is now (no fold half-way through it)."""
        self.tables.wait_for_fold()
        with self.tables.lock:
            return take_backup(self.data_dir, reason)

    # --- decks -------------------------------------------------------------------------

    def summaries(self) -> list[DeckSummary]:
        found = (summary_from_doc(doc) for doc in self._summaries.values())
        return sorted(found, key=lambda s: s.title.casefold())

    def summary(self, deck_id: str) -> DeckSummary:
        return next(s for s in self.summaries() if s.id == deck_id)

    def card_ids(self, deck_id: str) -> list[str]:
        """The deck's card ids in order, without loading its cards (KeyError if absent).

        Kept in a small file beside the deck's (not in library.json, which every start
        reads whole); one that is missing or stale is rebuilt from the deck itself.
        """
        summary = self._summaries[deck_id]
        if "card_ids" in summary:  # as libraries written before this kept them
            return list(summary["card_ids"])
        path = self._deck_path(deck_id)
        ids = read_card_ids(path, summary.get("hash", ""))
        if ids is None:
            deck = self.deck(deck_id)
            ids = deck.study_ids  # a reversed flashcard is two
            if not self.read_only:
                with contextlib.suppress(OSError):  # only a cache
                    write_card_ids(path, deck, summary.get("hash", ""))
        return ids

    def siblings(self, deck_id: str) -> list[list[str]]:
        """The deck's groups of cards sharing an Anki note, without loading its cards
        (from the deck itself for a summary written before they were kept)."""
        groups = self._summaries[deck_id].get("siblings")
        if groups is None:
            return self.deck(deck_id).siblings
        return [list(ids) for ids in groups]

    def has_deck(self, deck_id: str) -> bool:
        return deck_id in self._summaries

    def deck(self, deck_id: str) -> Deck:
        """The deck with this id (KeyError if absent; LibraryCorrupt if its file is damaged)."""
        if deck_id in self._decks:
            return self._decks[deck_id]
        deck = self.stored_deck(deck_id).whole()
        self._decks[deck_id] = deck
        return deck

    def stored_deck(self, deck_id: str) -> StoredDeck:
        """The deck with this id read and checked, its cards built when asked for (KeyError
        if absent; LibraryCorrupt if its file is damaged, now or when a card is built): the
        reviewer shows a few cards of a 100k-card deck and need not build them all."""
        from quizapp.store.stored_deck import StoredDeck  # not at start-up: home needs no deck

        if deck_id in self._decks:
            return StoredDeck.of(self._decks[deck_id])
        found = self._stored_decks.get(deck_id)
        if found is not None:
            return found
        if deck_id not in self._summaries:
            raise KeyError(deck_id)
        path, guard = self._deck_path(deck_id), self.damage.guarded
        groups = self._summaries[deck_id].get("siblings")
        siblings = None if groups is None else [list(ids) for ids in groups]
        stored = guard(lambda: StoredDeck.read(path, deck_id, siblings=siblings, guard=guard))
        self._stored_decks[deck_id] = stored
        return stored

    def _deck_path(self, deck_id: str) -> Path:
        return self.data_dir / "decks" / f"{deck_id}.json"

    def save_deck(self, deck: Deck, *, origin: str | None = None) -> None:
        """Write a deck (new or changed) and its summary (WriteFailed if it could not be)."""
        self._writable()
        try:
            with collecting_later():  # an imported deck's every card: quizapp/bulk.py
                content_hash = write_deck_file(self._deck_path(deck.id), deck)
                write_card_ids(self._deck_path(deck.id), deck, content_hash)
                summary = summary_doc(deck, content_hash, self._summaries.get(deck.id, {}), origin)
            assert self._db is not None
            self._db.table("decks").upsert(summary, Query().id == deck.id)
        except OSError as error:
            raise WriteFailed(error, self._deck_path(deck.id), f"the deck {deck.id!r}") from None
        self._summaries[deck.id] = summary
        self._decks[deck.id] = deck
        self._stored_decks.pop(deck.id, None)

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
            # A card kept as the reverse side of a reversed flashcard is still studied.
            now = set(deck.study_ids)
            report.removed = [cid for cid in before if cid not in now]
        if backup and self._summaries:
            self._backup_or_fail(f"before-import-{deck.id}")
        # Progress of removed cards stays in the library: re-adding a card brings it back.
        self.save_deck(deck, origin=origin or ("user" if report.created else None))
        return report

    def _backup_or_fail(self, reason: str) -> None:
        try:
            self.backup(reason)
        except OSError as error:
            raise WriteFailed(error, self.data_dir / "backups", "nothing") from None

    def delete_deck(self, deck_id: str) -> None:
        """Remove a deck and its progress (after a backup)."""
        self._writable()
        if deck_id not in self._summaries:
            raise KeyError(deck_id)
        self._backup_or_fail(f"before-delete-{deck_id}")
        self.tables.commit([["drop", "progress", deck_id], ["drop", "settings", deck_id]])
        assert self._db is not None
        self._db.table("decks").remove(Query().id == deck_id)
        self._deck_path(deck_id).unlink(missing_ok=True)
        ids_path(self._deck_path(deck_id)).unlink(missing_ok=True)
        self._summaries.pop(deck_id, None)
        self._decks.pop(deck_id, None)
        self._stored_decks.pop(deck_id, None)

    def sync_shipped(
        self, files: Iterable[Path], read: Callable[[Path], Deck]
    ) -> list[ImportReport]:
        """Add shipped decks the library lacks; update ones the user never changed.

        A shipped file whose bytes are unchanged since the last run is not even parsed;
        one that is new or changed is read by `read` (formats.read_deck: the store does not
        import the formats, which sit below it).
        """
        by_file = {
            s.get("shipped_file"): s for s in self._summaries.values() if s.get("shipped_file")
        }
        reports = []
        for path in files:
            file_hash = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            if file_hash in by_file:
                continue
            deck = read(path)
            current = self._summaries.get(deck.id)
            if current is None:
                reports.append(self.import_deck(deck, origin="shipped", backup=False))
            elif (
                current.get("origin") == "shipped"
                and current.get("hash") == current.get("shipped_hash")
                # the file itself, in case a crash cut an edit between file and summary
                and stored_hash_is(self._deck_path(deck.id), current.get("shipped_hash"))
            ):
                reports.append(self.import_deck(deck, replace=True, origin="shipped"))
            # else: the user changed this deck since it was shipped; their version wins.
            self._set_summary_field(deck.id, "shipped_file", file_hash)
        return reports

    def _set_summary_field(self, deck_id: str, key: str, value: Any) -> None:
        assert self._db is not None
        self._db.table("decks").update({key: value}, Query().id == deck_id)
        self._summaries[deck_id][key] = value
