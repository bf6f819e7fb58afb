"""The outbox: what is still to send, derived from the library's own durable records.

Nothing is queued on the answer path. The review log, quiz attempts and classroom results
are already written durably (journal + fsync) by the store; every record has an `_id`.
The outbox keeps, in the table `lrs_sent` (with `append_record`, as durable as an answer),
the ids of the records whose statements the LRS has stored; every other record is queued.
A crash or a kill at any moment loses nothing: at worst the statements of one batch are
sent again, with the same ids, and the LRS keeps one copy (xAPI: a known id is not stored
twice).

A statement the LRS rejects (400/409/413/422) is found by splitting its batch, kept aside
in `lrs_rejected` with the reason, and not retried; the others go on.

Undo. A study answer taken back is removed from the review log. One sent before it was
taken back (it waited `settle` seconds, so only an undo after that) is voided: the outbox
remembers, in memory, the statement ids of the reviews this process sent, and when one of
those reviews is gone from the log it sends an xAPI `voided` statement for it. Only this
process's answers of the last day can be undone (the study session's undo stack lives in
memory too); a quizapp killed between the undo and its next round leaves that one answer
in the LRS.

Threads. Scanning the records (only those after the last one known sent: the store skips
the segments before it) and building statements happen on the sender's thread, never the
UI's. That is safe because
a record is only ever marked sent after the LRS stored it: a scan that misses a record
(an undo removing one while the list is copied) just leaves it for the next round.
Writes to the library and loading a deck run through `on_owner`, which the app points at
its own loop (Textual's call_from_thread); the CLI calls them directly.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from quizapp.xapi.client import LrsClient, LrsError, Rejected
from quizapp.xapi.config import LrsConfig
from quizapp.xapi.statements import SOURCES, StatementBuilder

SENT = "lrs_sent"
REJECTED = "lrs_rejected"
BATCH = 100
#: How long after an answer a void may still be needed for it: longer than any session.
UNDOABLE = timedelta(days=1)
BATCHES_PER_ROUND = 5

T = TypeVar("T")
OnOwner = Callable[[Callable[[], T]], T]


def _direct(fn: Callable[[], T]) -> T:
    return fn()


@dataclass
class Status:
    enabled: bool
    queued_records: int
    sent: int
    rejected: int
    last_sent_at: str | None
    last_error: str | None
    not_in_roster: int = 0
    rejected_reasons: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """A round's batches, each with the records it completes once stored."""

    batches: list[tuple[list[dict[str, Any]], list[int]]]
    #: record id -> (deck id, statement id) of the reviews in this plan
    review_statements: dict[int, tuple[str, str]] = field(default_factory=dict)
    skipped_players: int = 0
    more: bool = False
    #: Records no statement can be built from (a shape this version does not know):
    #: (table, record id, why). Set aside like a rejected statement, never retried.
    unreadable: list[tuple[str, int, str]] = field(default_factory=list)


@dataclass
class PushResult:
    sent: int = 0
    rejected: int = 0
    more: bool = False
    voided: int = 0


class Outbox:
    def __init__(self, library: Any, config: LrsConfig, on_owner: OnOwner[Any] = _direct) -> None:
        self.library = library
        self.config = config
        self.on_owner = on_owner
        #: Reviews this process sent: record id -> (deck id, statement id), to void one
        #: taken back later.
        self.sent_reviews: dict[int, tuple[str, str]] = {}
        self._present_reviews: set[int] = set()
        #: What earlier scans learnt, so that a round reads what is new, not the whole
        #: log again (a million reviews would be parsed every round): the sent ids and
        #: the last `lrs_sent` record read; per table, an id up to which every record
        #: is sent (ids only grow: a new record always comes after it).
        self._sent: set[int] = set()
        self._sent_read = 0
        self._done_up_to: dict[str, int] = {}
        self._scanned: dict[str, list[int]] = {}  # per table, the ids the last scan read

    def _builder(self) -> StatementBuilder:
        lib = self.library
        decks: dict[str, Any] = {}

        def deck_of(deck_id: str) -> Any:
            if deck_id not in decks:  # loading may touch the library: on its thread
                decks[deck_id] = self.on_owner(
                    lambda: lib.deck(deck_id) if lib.has_deck(deck_id) else None
                )
            return decks[deck_id]

        cards: dict[tuple[str, str], Any] = {}

        def card_of(deck_id: str, card_id: str) -> Any:
            if (deck_id, card_id) not in cards:
                deck = deck_of(deck_id)
                for card in deck.study_cards if deck is not None else ():  # a reverse too
                    cards[(deck_id, card.id)] = card
                cards.setdefault((deck_id, card_id), None)
            return cards[(deck_id, card_id)]

        return StatementBuilder(self.config, card_of, deck_of)

    # --- reading the state -----------------------------------------------------------

    def sent_ids(self) -> set[int]:
        for doc in self.library.records(SENT, after=self._sent_read):  # only appended to
            self._sent.update(int(i) for i in doc.get("ids", ()))
            self._sent_read = max(self._sent_read, int(doc["_id"]))
        return self._sent

    def pending(self) -> list[tuple[str, dict[str, Any]]]:
        """Records not yet sent, oldest first."""
        done = self.sent_ids()
        found = []
        for table in SOURCES:
            # Move the mark past the records the last scan saw that are now sent.
            up_to = self._done_up_to.get(table, 0)
            for record_id in self._scanned.get(table, ()):
                if record_id not in done:
                    break
                up_to = record_id
            self._done_up_to[table] = up_to
            after = up_to
            if table == "reviews" and self.sent_reviews:
                # Reviews this process sent stay in view, to see one taken back (voids).
                after = min(after, min(self.sent_reviews) - 1)
            docs = self.library.records(table, after=after)
            if table == "reviews":
                self._present_reviews = {d.get("_id") for d in docs}
            self._scanned[table] = [
                int(d.get("_id", 0)) for d in docs if int(d.get("_id", 0)) > up_to
            ]
            found += [(table, doc) for doc in docs if doc.get("_id") not in done]
        found.sort(key=lambda pair: int(pair[1].get("_id", 0)))
        return found

    def voids(self) -> list[tuple[int, dict[str, Any]]]:
        """Voiding statements for reviews sent by this process and since taken back.

        The last `pending()` scan names the candidates; each is confirmed gone on the
        library's thread, because a scan on another thread racing an undo can miss a
        review that is still there, and voiding a real answer would lose it.
        """
        candidates = [rid for rid in self.sent_reviews if rid not in self._present_reviews]
        if not candidates:
            return []
        decks = {self.sent_reviews[rid][0] for rid in candidates}

        after = min(candidates) - 1

        def still_there() -> set[int]:
            return {
                d.get("_id")
                for deck in decks
                for d in self.library.records("reviews", deck, after=after)
            }

        present = self.on_owner(still_there)
        gone = [rid for rid in candidates if rid not in present]
        return [(rid, voiding(self.config.actor, self.sent_reviews[rid][1])) for rid in gone]

    def status(self) -> Status:
        sent_docs = self.library.records(SENT)
        rejected = self.library.records(REJECTED)
        last_sent = next((d["at"] for d in reversed(sent_docs) if d.get("sent")), None)
        last = sent_docs[-1] if sent_docs else {}
        return Status(
            enabled=self.config.enabled,
            queued_records=len(self.pending()),
            sent=sum(int(d.get("sent", 0)) for d in sent_docs),
            rejected=len(rejected),
            last_sent_at=last_sent,
            last_error=last.get("error"),
            not_in_roster=max((int(d.get("not_in_roster", 0)) for d in sent_docs), default=0),
            rejected_reasons=[
                f"{d.get('statement_id') or d.get('record')}: {d['reason']}" for d in rejected[-5:]
            ],
        )

    # --- planning (any thread) and recording (through on_owner) ------------------------

    def plan(self, batches: int = BATCHES_PER_ROUND, settle: float = 0.0) -> Plan:
        """The next batches to send; a record's statements may span several batches.

        `settle`: seconds a review waits before it is sent, so that one the student
        takes back at once (undo) is never sent.
        """
        builder = self._builder()
        records = self.pending()
        # Only a study session's own answers can be taken back (its undo stack lives in
        # memory): older reviews, imported history above all, need no watching for a void.
        undoable = datetime.now(UTC) - UNDOABLE
        if settle > 0:
            young = datetime.now(UTC) - timedelta(seconds=settle)
            records = [
                (table, doc)
                for table, doc in records
                if table != "reviews" or _moment(doc.get("at")) <= young
            ]
        flat: list[tuple[dict[str, Any] | None, int]] = []  # None: the record is complete
        skipped = 0
        unreadable: list[tuple[str, int, str]] = []
        reviews: dict[int, tuple[str, str]] = {}
        limit = batches * BATCH
        used = 0
        more = False
        for index, (table, doc) in enumerate(records):
            record_id = int(doc["_id"])
            try:
                built = builder.build(table, doc)
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                unreadable.append((table, record_id, f"{type(error).__name__}: {error}"))
                flat.append((None, record_id))
                continue
            skipped += built.skipped
            if table == "reviews" and built.statements and _moment(doc.get("at")) >= undoable:
                reviews[record_id] = (doc["deck_id"], built.statements[0]["id"])
            flat.extend((s, record_id) for s in built.statements)
            flat.append((None, record_id))
            used += len(built.statements)
            if used >= limit:
                more = index + 1 < len(records)
                break
        out: list[tuple[list[dict[str, Any]], list[int]]] = []
        batch: list[dict[str, Any]] = []
        completed: list[int] = []
        for statement, record_id in flat:
            if statement is None:
                completed.append(record_id)
                continue
            if len(batch) == BATCH:
                out.append((batch, completed))
                batch, completed = [], []
            batch.append(statement)
        if batch or completed:
            out.append((batch, completed))
        return Plan(out, reviews, skipped_players=skipped, more=more, unreadable=unreadable)

    def record_sent(self, ids: list[int], sent: int, not_in_roster: int = 0) -> None:
        doc: dict[str, Any] = {"ids": ids, "sent": sent, "at": _now()}
        if not_in_roster:
            doc["not_in_roster"] = not_in_roster
        self.on_owner(lambda: self.library.append_record(SENT, doc))

    def record_error(self, message: str) -> None:
        """Note a failed round once (not once per retry: a week offline is one line)."""

        def note() -> None:
            docs = self.library.records(SENT)
            if docs and docs[-1].get("error") == message:
                return
            self.library.append_record(SENT, {"sent": 0, "error": message, "at": _now()})

        self.on_owner(note)

    def set_aside_record(self, table: str, record_id: int, reason: str) -> None:
        doc = {"record": f"{table} #{record_id}", "reason": f"not understood ({reason})",
               "at": _now()}  # fmt: skip

        def keep() -> None:  # once, even if the round fails and the record comes back
            if all(d.get("record") != doc["record"] for d in self.library.records(REJECTED)):
                self.library.append_record(REJECTED, doc)

        self.on_owner(keep)

    def set_aside(self, statement: dict[str, Any], reason: str) -> None:
        doc = {"statement_id": statement["id"], "reason": reason, "statement": statement,
               "at": _now()}  # fmt: skip

        def keep() -> None:  # once, even if the round fails and the statement comes back
            known = (d.get("statement_id") for d in self.library.records(REJECTED))
            if doc["statement_id"] not in known:
                self.library.append_record(REJECTED, doc)

        self.on_owner(keep)


class Sender:
    """One push: plan here, POST here, record through the outbox's on_owner.

    Raises the client's Unreachable or Refused (after noting it in the status) so a
    background loop can back off; a CLI push reports it.
    """

    def __init__(
        self, outbox: Outbox, client: LrsClient | None = None, *, settle: float = 0.0
    ) -> None:
        self.outbox = outbox
        self.client = client or LrsClient(outbox.config)
        self.settle = settle

    def push_round(self) -> PushResult:
        plan = self.outbox.plan(settle=self.settle)
        result = PushResult(more=plan.more)
        for table, record_id, reason in plan.unreadable:
            self.outbox.set_aside_record(table, record_id, reason)
        result.rejected += len(plan.unreadable)
        sent_since = 0
        try:
            for batch, completed in plan.batches:
                rejected = self._send(batch) if batch else []
                for statement, reason in rejected:
                    self.outbox.set_aside(statement, reason)
                result.rejected += len(rejected)
                refused = {statement["id"] for statement, _ in rejected}
                for record_id in completed:
                    sent = plan.review_statements.get(record_id)
                    if sent is not None and sent[1] not in refused:
                        self.outbox.sent_reviews[record_id] = sent
                sent_now = len(batch) - len(rejected)
                result.sent += sent_now
                sent_since += sent_now
                if completed:
                    self.outbox.record_sent(completed, sent_since, plan.skipped_players)
                    sent_since = 0
            voids = self.outbox.voids()
            if voids:
                self._send([statement for _, statement in voids])  # a refused one: gone too
                for record_id, _ in voids:
                    del self.outbox.sent_reviews[record_id]
                result.voided = len(voids)
        except LrsError as error:
            self.outbox.record_error(str(error))
            raise
        return result

    def push(self) -> PushResult:
        """Send everything queued (rounds until nothing is left)."""
        total = PushResult()
        while True:
            one = self.push_round()
            total.sent += one.sent
            total.rejected += one.rejected
            if not one.more:
                return total

    def _send(self, batch: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
        """POST a batch; on a rejection, split it until the statements at fault are found."""
        try:
            self.client.post(batch)
            return []
        except Rejected as error:
            if len(batch) == 1:
                return [(batch[0], str(error))]
        middle = len(batch) // 2
        return self._send(batch[:middle]) + self._send(batch[middle:])


def voiding(actor: dict[str, Any], statement_id: str) -> dict[str, Any]:
    """xAPI's way to take a statement back: `voided` with a StatementRef to it."""
    return {
        "id": str(uuid.uuid5(uuid.UUID(statement_id), "voided")),
        "actor": actor,
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en-US": "voided"}},
        "object": {"objectType": "StatementRef", "id": statement_id},
    }


def _moment(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _now() -> str:
    return datetime.now(UTC).isoformat()
