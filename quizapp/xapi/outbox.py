"""The outbox: what is still to send, derived from the library's own durable records.

Nothing is queued on the answer path. The review log, quiz attempts and classroom results
are already written durably (journal + fsync) by the store; every record has a growing
`_id`. The outbox is one cursor, the highest `_id` whose statements the LRS has stored,
kept with `append_record` in the table `lrs_sent`; everything after it is queued. A crash
or a kill at any moment loses nothing: at worst the statements of one batch are sent again,
with the same ids, and the LRS keeps one copy (xAPI: a known id is not stored twice).

A statement the LRS rejects (400/409/413/422) is found by splitting its batch, kept aside
in `lrs_rejected` with the reason, and not retried; the others go on.

Library access happens through `on_owner`, which runs a function on the thread that owns
the library (the UI's event loop); only the HTTP requests run in the sender's thread.
"""

from __future__ import annotations

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
    """A round's batches, each with the cursor it moves to once stored (None: not yet)."""

    batches: list[tuple[list[dict[str, Any]], int | None]]
    skipped_players: int = 0
    more: bool = False


@dataclass
class PushResult:
    sent: int = 0
    rejected: int = 0
    more: bool = False


class Outbox:
    def __init__(self, library: Any, config: LrsConfig) -> None:
        self.library = library
        self.config = config

    def _builder(self) -> StatementBuilder:
        lib = self.library

        def deck_of(deck_id: str) -> Any:
            return lib.deck(deck_id) if lib.has_deck(deck_id) else None

        cards: dict[tuple[str, str], Any] = {}

        def card_of(deck_id: str, card_id: str) -> Any:
            if (deck_id, card_id) not in cards:
                deck = deck_of(deck_id)
                for card in deck.cards if deck is not None else ():
                    cards[(deck_id, card.id)] = card
                cards.setdefault((deck_id, card_id), None)
            return cards[(deck_id, card_id)]

        return StatementBuilder(self.config, card_of, deck_of)

    # --- reading the state -----------------------------------------------------------

    def cursor(self) -> int:
        return max((int(d.get("upto", 0)) for d in self.library.records(SENT)), default=0)

    def pending(self) -> list[tuple[str, dict[str, Any]]]:
        """Records not yet sent, oldest first."""
        upto = self.cursor()
        found = [
            (table, doc)
            for table in SOURCES
            for doc in self.library.records(table)
            if int(doc.get("_id", 0)) > upto
        ]
        return sorted(found, key=lambda pair: int(pair[1]["_id"]))

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
            rejected_reasons=[f"{d['statement_id']}: {d['reason']}" for d in rejected[-5:]],
        )

    # --- planning and recording (on the library's thread) ------------------------------

    def plan(self, batches: int = BATCHES_PER_ROUND, settle: float = 0.0) -> Plan:
        """The next batches to send; a record's statements may span several batches.

        `settle`: seconds a review waits before it is sent, so that one the student
        takes back at once (undo) is never sent; everything after it waits too, since
        the cursor only moves forward.
        """
        builder = self._builder()
        flat: list[tuple[dict[str, Any] | None, int]] = []  # None: a record with no statements
        skipped = 0
        records = self.pending()
        if settle > 0:
            young = datetime.now(UTC) - timedelta(seconds=settle)
            cut = next(
                (i for i, (table, doc) in enumerate(records)
                 if table == "reviews" and _moment(doc.get("at")) > young),
                len(records),
            )  # fmt: skip
            records = records[:cut]
        limit = batches * BATCH
        used = 0
        for index, (table, doc) in enumerate(records):
            built = builder.build(table, doc)
            skipped += built.skipped
            record_id = int(doc["_id"])
            flat.extend((s, record_id) for s in built.statements)
            flat.append((None, record_id))  # the record is complete after this point
            used += len(built.statements)
            if used >= limit:
                more = index + 1 < len(records)
                break
        else:
            more = False
        out: list[tuple[list[dict[str, Any]], int | None]] = []
        batch: list[dict[str, Any]] = []
        done: int | None = None
        for statement, record_id in flat:
            if statement is None:
                done = record_id
                continue
            if len(batch) == BATCH:
                out.append((batch, done))
                batch, done = [], None
            batch.append(statement)
        if batch or done is not None:
            out.append((batch, done))
        return Plan(out, skipped_players=skipped, more=more)

    def record_sent(self, upto: int, sent: int, not_in_roster: int = 0) -> None:
        doc: dict[str, Any] = {"upto": upto, "sent": sent, "at": _now()}
        if not_in_roster:
            doc["not_in_roster"] = not_in_roster
        self.library.append_record(SENT, doc)

    def record_error(self, message: str) -> None:
        """Note a failed round once (not once per retry: a week offline is one line)."""
        docs = self.library.records(SENT)
        if docs and docs[-1].get("error") == message:
            return
        self.library.append_record(
            SENT, {"upto": self.cursor(), "sent": 0, "error": message, "at": _now()}
        )

    def set_aside(self, statement: dict[str, Any], reason: str) -> None:
        self.library.append_record(
            REJECTED,
            {
                "statement_id": statement["id"],
                "reason": reason,
                "statement": statement,
                "at": _now(),
            },
        )


class Sender:
    """One push: plan on the library's thread, POST here, record on the library's thread.

    Raises the client's Unreachable or Refused (after noting it in the status) so a
    background loop can back off; a CLI push reports it.
    """

    def __init__(
        self,
        outbox: Outbox,
        client: LrsClient | None = None,
        on_owner: OnOwner = _direct,
        *,
        settle: float = 0.0,
    ) -> None:
        self.outbox = outbox
        self.client = client or LrsClient(outbox.config)
        self.on_owner = on_owner
        self.settle = settle

    def push_round(self) -> PushResult:
        plan = self.on_owner(lambda: self.outbox.plan(settle=self.settle))
        result = PushResult(more=plan.more)
        sent_since = 0
        try:
            for batch, upto in plan.batches:
                rejected = self._send(batch) if batch else []
                for statement, reason in rejected:
                    self.on_owner(lambda s=statement, r=reason: self.outbox.set_aside(s, r))
                result.rejected += len(rejected)
                sent_now = len(batch) - len(rejected)
                result.sent += sent_now
                sent_since += sent_now
                if upto is not None:
                    self.on_owner(
                        lambda u=upto, n=sent_since: self.outbox.record_sent(
                            u, n, plan.skipped_players
                        )
                    )
                    sent_since = 0
        except LrsError as error:
            message = str(error)
            self.on_owner(lambda: self.outbox.record_error(message))
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


def _moment(value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _now() -> str:
    return datetime.now(UTC).isoformat()
