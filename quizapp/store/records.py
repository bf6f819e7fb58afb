"""The library's records: settings, card progress, the review log, attempts and results.

All of it lives in JournaledTables (tables.py): a change is one durable journal record;
reads come from memory and the parts, rebuilt with `construct` (the library's own data is
not validated again; its files are checked for damage by the store).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from quizapp.bulk import collecting_later
from quizapp.store.errors import ReadOnly
from quizapp.store.parts import utc_text
from quizapp.store.summaries import progress_brief
from quizapp.store.tables import JournaledTables

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from quizapp.model import CardProgress, ReviewEntry, StudySettings
    from quizapp.model.progress import ProgressBrief, ProgressColumns
    from quizapp.store.whole import Damage


class Records:
    """Mixed into Library: everything a study, quiz or classroom session records."""

    tables: JournaledTables
    read_only: bool
    damage: Damage
    #: deck -> card -> (the stored document, the record built from it)
    _built: dict[str, dict[str, tuple[dict[str, Any], CardProgress]]]

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnly()

    # --- settings ----------------------------------------------------------------------

    def settings(self, deck_id: str) -> StudySettings:
        from quizapp.model import StudySettings
        from quizapp.model.trusted import construct

        doc = self.damage.guarded(lambda: self.tables.get("settings", deck_id, "study"))
        return construct(StudySettings, doc) if doc else StudySettings()

    def set_settings(self, deck_id: str, settings: StudySettings) -> None:
        self._writable()
        self.tables.commit(
            [["put", "settings", deck_id, "study", settings.model_dump(mode="json")]]
        )

    # --- progress and the review log ------------------------------------------------------

    def progress(self, deck_id: str) -> dict[str, CardProgress]:
        """Progress of a deck's cards, by card id (cards never studied are absent).

        The records are immutable: one built from a stored document is kept while that
        document is the current one, so the home screen's recount after a session builds
        only the cards that session changed.
        """
        stored = self.stored_progress(deck_id)
        with collecting_later():  # a record per card, none in a cycle: quizapp/bulk.py
            return {card_id: stored.record(card_id, doc) for card_id, doc in stored.docs.items()}

    def stored_progress(self, deck_id: str) -> StoredProgress:
        """A deck's progress read now (every part parsed, so damage is found here) with
        each card's record built when first asked for: a study session shows a few cards
        of a 100k-card deck and need not build 100k records to start."""
        docs = self.damage.guarded(lambda: self.tables.group("progress", deck_id))
        built = self._built.setdefault(deck_id, {})
        for gone in built.keys() - docs.keys():
            del built[gone]
        return StoredProgress(deck_id, docs, built)

    def progress_brief(self, deck_id: str) -> dict[str, ProgressBrief]:
        """What counting due cards needs of each card's progress (state, due, suspended,
        buried until), read from small per-shard projections the store keeps: the home
        screen counts a 100k-card deck without reading every card's full state."""
        from quizapp.model.progress import PROGRESS_BRIEF_NAME, ProgressBrief

        found = self.damage.guarded(
            lambda: self.tables.projected("progress", deck_id, PROGRESS_BRIEF_NAME, progress_brief)
        )
        return {card_id: ProgressBrief.of(row) for card_id, row in found.items()}

    def progress_columns(self, deck_id: str) -> ProgressColumns:
        """A deck's progress as parallel columns per shard (kept beside each shard, written
        by the fold) plus what changed since: what the home screen counts a 100k-card
        deck from, with no record built per card (study.queues.column_counts)."""
        from quizapp.model.progress import ProgressBrief, ProgressColumns
        from quizapp.store.summaries import PROGRESS_COLUMNS_NAME, progress_columns

        parts, changed = self.damage.guarded(
            lambda: self.tables.summarized(
                "progress", deck_id, PROGRESS_COLUMNS_NAME, progress_columns
            )
        )
        return ProgressColumns(parts, {
            key: None if doc is None else ProgressBrief.of(progress_brief(doc))
            for key, doc in changed.items()
        })

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

        Durable when it returns: one fsync'd journal record, not a rewrite of the library.
        Raises WriteFailed (a StoreError) if it could not be saved; then nothing changed.
        """
        self._writable()
        review_id = self.tables.seq + 1
        doc = {"_id": review_id, **review.model_dump(mode="json")}
        self.tables.commit([self._progress_op(progress), ["append", "reviews", doc]])
        return review_id

    def undo_answer(self, previous: CardProgress, review_id: int) -> None:
        """Put a card back as it was before an answer and drop that answer from the log."""
        self._writable()
        self.tables.commit(
            [self._progress_op(previous), ["remove", "reviews", review_id, previous.deck_id]]
        )

    def import_history(
        self,
        deck_id: str,
        progress: Iterable[CardProgress],
        reviews: Iterable[ReviewEntry],
    ) -> int:
        """Put imported progress and append imported reviews in one durable step.

        For history brought from another tool (Anki's revlog): written straight into the
        parts, however many reviews, and made the library's by one manifest write (no
        journal record to write first). Returns how many reviews were added.
        """
        self._writable()
        cards = [p for p in progress if p.deck_id == deck_id]
        # The log is kept in time order, so that its segments are too (a question about
        # today then reads the last segment only), whatever order another tool gave.
        log = sorted((r for r in reviews if r.deck_id == deck_id), key=_at_utc)
        if not cards and not log:
            return 0
        # The same documents as _progress_op and record_answer make, dumped in two calls
        # (one per list) instead of one per record: a third of the cost at 11k reviews.
        progress_docs, review_docs = _bulk_dump(cards, log)
        ops: list[list[Any]] = [
            ["put", "progress", deck_id, p.card_id, doc]
            for p, doc in zip(cards, progress_docs, strict=True)
        ]
        first = self.tables.seq + 1
        for index, doc in enumerate(review_docs):
            ops.append(["append", "reviews", {"_id": first + index, **doc}])
        added = len(review_docs)
        # Review ids are taken from seq: the transaction's seq goes past them. Folded at
        # once, without a journal record the fold would only write again (tables.py).
        self.tables.commit_folded(ops, reserve=added)
        return added

    def reviews(
        self, deck_id: str | None = None, since: datetime | None = None
    ) -> list[ReviewEntry]:
        """The review log (of one deck; from `since` on), oldest first."""
        since_text = since.astimezone(UTC).isoformat() if since else None
        # Times the model wrote in UTC end in "Z" and compare as text with this one.
        since_z = since_text.removesuffix("+00:00") if since_text else None
        docs = self.damage.guarded(lambda: self.tables.docs("reviews", deck_id, since_text))
        with collecting_later():  # a million reviews, none in a cycle: quizapp/bulk.py
            return self._entries(docs, since_text, since_z)

    @staticmethod
    def _entries(
        docs: list[dict[str, Any]], since_text: str | None, since_z: str | None
    ) -> list[ReviewEntry]:
        from quizapp.model import ReviewEntry
        from quizapp.model.trusted import construct

        out = []
        for doc in docs:
            if since_text is not None:
                at = doc["at"]
                if at[-1:] == "Z" and since_z is not None:
                    if at[:-1] < since_z:
                        continue
                elif utc_text(at) < since_text:
                    continue
            out.append(construct(ReviewEntry, {k: v for k, v in doc.items() if k != "_id"}))
        return out

    def review_count(self, deck_id: str) -> int:
        """How many reviews a deck's log holds (`len(reviews(deck_id))`), from the summaries
        kept beside its segments: a few small files, not a million reviews built."""
        from quizapp.store.summaries import REVIEWS_SUMMARY_NAME, summarize_reviews

        pieces = self.review_summaries(deck_id, REVIEWS_SUMMARY_NAME, summarize_reviews)
        return sum(sum(piece["q"].values()) for piece in pieces)

    def review_summaries(
        self, deck_id: str, name: str, summarize: Callable[[list[dict[str, Any]]], dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """`summarize` over a deck's review log, in pieces (one per segment, cached, plus
        what is not folded yet): what reports merge instead of reading the whole log.
        `summarize` gets stored review documents (ReviewEntry dumped as JSON) and must
        return JSON-able data; change `name` when what it computes changes."""
        return self.damage.guarded(
            lambda: self.tables.summaries("reviews", deck_id, name, summarize)
        )

    # --- other records: quiz attempts, classroom results ---------------------------------

    def append_record(self, table: str, doc: dict[str, Any]) -> int:
        """Durably add a document to an append-only table; returns its id."""
        self._writable()
        record_id = self.tables.seq + 1
        self.tables.commit([["append", table, {"_id": record_id, **doc}]])
        return record_id

    def records(
        self, table: str, deck_id: str | None = None, *, after: int | None = None
    ) -> list[dict[str, Any]]:
        """An append table's documents (with their `_id`), oldest first; `after`: only
        those with a greater id, reading no segment that ends before it (a sender that
        has sent everything up to an id reads what is new, not the whole log)."""
        return [
            dict(d)
            for d in self.damage.guarded(lambda: self.tables.docs(table, deck_id, after=after))
        ]

    def checkpoint(self) -> None:
        """Fold the journal into the parts now (and wait for it)."""
        self.tables.checkpoint()


@cache
def _list_adapters() -> tuple[TypeAdapter[list[CardProgress]], TypeAdapter[list[ReviewEntry]]]:
    from pydantic import TypeAdapter  # not at start-up

    from quizapp.model import CardProgress, ReviewEntry

    return TypeAdapter(list[CardProgress]), TypeAdapter(list[ReviewEntry])


def _bulk_dump(
    progress: list[CardProgress], reviews: list[ReviewEntry]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """model_dump(mode="json") of each record (progress without its deck and card ids)."""
    cards, log = _list_adapters()
    return (
        cards.dump_python(progress, mode="json", exclude={"__all__": {"deck_id", "card_id"}}),
        log.dump_python(reviews, mode="json"),
    )


def _at_utc(review: ReviewEntry) -> datetime:
    return review.at.astimezone(UTC)


class StoredProgress(Mapping[str, "CardProgress"]):
    """One deck's stored progress, keyed as a study session keys it (`progress_key`:
    "deck/card"), each record built from its document on first use and then kept."""

    def __init__(
        self,
        deck_id: str,
        docs: dict[str, Any],
        built: dict[str, tuple[dict[str, Any], CardProgress]],
    ) -> None:
        self.deck_id = deck_id
        self.docs = docs  # by card id
        self._built = built  # shared with Records: kept while a document stays current
        self._prefix = f"{deck_id}/"

    def record(self, card_id: str, doc: dict[str, Any]) -> CardProgress:
        from quizapp.model import CardProgress
        from quizapp.model.trusted import construct

        known = self._built.get(card_id)
        if known is None or known[0] is not doc:
            progress = construct(CardProgress, {**doc, "deck_id": self.deck_id, "card_id": card_id})
            known = self._built[card_id] = (doc, progress)
        return known[1]

    def briefs(self) -> dict[str, ProgressBrief]:
        """What the session's queues are built from (state, due, flags), by the same keys:
        a tuple per card instead of a record."""
        from quizapp.model.progress import ProgressBrief

        of, brief, prefix = ProgressBrief.of, progress_brief, self._prefix
        return {prefix + card_id: of(brief(doc)) for card_id, doc in self.docs.items()}

    def __getitem__(self, key: str) -> CardProgress:
        if not key.startswith(self._prefix):
            raise KeyError(key)
        card_id = key[len(self._prefix):]
        return self.record(card_id, self.docs[card_id])

    def __iter__(self) -> Iterator[str]:
        return (self._prefix + card_id for card_id in self.docs)

    def __len__(self) -> int:
        return len(self.docs)
