"""A study session opens over StoredProgress: every part read and checked at once, each
card's record built only when the session asks for it, and the session's cards, counts
and schedule the same as over every record built up front."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.model import CardProgress, CardState, Rating
from quizapp.model.progress import progress_key
from quizapp.store import Library, StoreError
from quizapp.study.session import StudySession
from tests.conftest import make_deck

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _studied(lib: Library, n: int = 60) -> None:
    """A deck of n cards: a third due for review, a third learning, a third new."""
    lib.import_deck(make_deck(n=n))
    changes = []
    for i in range(2 * n // 3):
        state = CardState.review if i % 2 else CardState.learning
        changes.append(CardProgress(
            deck_id="demo", card_id=f"c{i}", state=state, reps=1 + i % 4,
            due=NOW - timedelta(minutes=5 + i), suspended=i == 7,
        ))
    lib.put_progress(*changes)
    lib.checkpoint()  # into the parts, so the records come from there


def test_it_gives_each_card_as_progress_does_and_builds_only_what_is_asked(
    library: Library,
) -> None:
    _studied(library)
    stored = library.stored_progress("demo")
    every = library.progress("demo")
    assert len(stored) == len(every) == 40
    assert set(stored) == {progress_key("demo", card_id) for card_id in every}
    library._built["demo"].clear()  # what progress() built above: count what stored builds
    assert stored[progress_key("demo", "c3")] == every["c3"]
    assert stored.get(progress_key("demo", "c59")) is None  # never studied
    assert stored.get(progress_key("other", "c3")) is None  # another deck's key
    assert list(library._built["demo"]) == ["c3"]
    briefs = stored.briefs()
    assert briefs[progress_key("demo", "c7")].suspended
    assert {k: (b.state, b.due) for k, b in briefs.items()} == {
        progress_key("demo", cid): (p.state, p.due) for cid, p in every.items()
    }


def test_a_session_over_it_runs_as_over_every_record(library: Library) -> None:
    _studied(library)
    deck, settings = library.deck("demo"), library.settings("demo")
    every = {progress_key("demo", cid): p for cid, p in library.progress("demo").items()}
    clock = iter(NOW + timedelta(seconds=s) for s in range(10_000))
    moments = [next(clock) for _ in range(200)]

    def run(
        progress: Mapping[str, CardProgress],
    ) -> list[tuple[str, int, int, int, datetime | None]]:
        times = iter(moments)
        session = StudySession(deck, progress, settings, clock=lambda: next(times), fuzz=False)
        seen = []
        for step in range(25):
            card = session.next_card()
            if card is None:
                break
            counts = session.counts
            answered = session.answer(card.id, Rating(1 + step % 4), 3000)
            seen.append((card.id, counts.new, counts.learning, counts.due,
                         answered.progress.due))
        return seen

    lazily, eagerly = run(library.stored_progress("demo")), run(every)
    assert lazily == eagerly
    assert len(lazily) == 25


def test_a_damaged_part_is_found_when_the_session_opens_not_mid_session(
    data_dir: Path,
) -> None:
    with Library.open(data_dir) as lib:
        _studied(lib)
    shard = next((data_dir / "parts" / "progress").rglob("*.json"))
    shard.write_bytes(shard.read_bytes()[:-40] + b"\x00garbage")
    with Library.open(data_dir) as lib, pytest.raises(StoreError):
        lib.stored_progress("demo")


def test_queues_from_the_progress_columns_run_as_from_every_record(library: Library) -> None:
    """The reviewer's queues built from the store's columns (the cards no flag holds as
    rows, the rest as briefs) give the same cards, counts and next due time as from every
    record: flags, a bury, changes not folded yet and a removed card included."""
    _studied(library)
    library.put_progress(
        CardProgress(deck_id="demo", card_id="c8", state=CardState.review, reps=2,
                     due=NOW - timedelta(days=1), buried_until=(NOW + timedelta(days=1)).date()),
        CardProgress(deck_id="demo", card_id="c9", state=CardState.relearning, reps=3,
                     due=NOW + timedelta(minutes=3)),  # in the journal, not in the columns
    )
    deck, settings = library.deck("demo"), library.settings("demo")
    every = {progress_key("demo", cid): p for cid, p in library.progress("demo").items()}
    moments = [NOW + timedelta(seconds=s) for s in range(0, 40_000, 5)]

    def run(columns: bool) -> list[tuple[str, int, int, int, datetime | None]]:
        times = iter(moments)
        session = StudySession(
            deck, library.stored_progress("demo") if columns else every, settings,
            clock=lambda: next(times), fuzz=False,
            columns=library.progress_columns("demo") if columns else None,
        )
        seen = []
        for step in range(70):
            card = session.next_card()
            if card is None:
                break
            counts = session.counts
            seen.append((card.id, counts.new, counts.learning, counts.due,
                         session.summary().next_due))
            if step % 9 == 4:
                session.suspend(card.id)
            else:
                session.answer(card.id, Rating(1 + step % 4), 3000)
        seen.append(("end", 0, 0, 0, session.summary().next_due))
        return seen

    from_columns, from_records = run(True), run(False)
    assert from_columns == from_records
    assert len(from_columns) > 40


def test_the_next_due_time_from_the_columns_is_the_records_one(library: Library) -> None:
    library.import_deck(make_deck(n=6))
    library.put_progress(*(  # nothing to do today: each due in the coming days
        CardProgress(deck_id="demo", card_id=f"c{i}", state=CardState.review, reps=2,
                     due=NOW + timedelta(days=2, hours=5 - i), suspended=i == 5)
        for i in range(6)
    ))
    library.checkpoint()  # the rows come from the columns kept beside the shards
    deck, settings = library.deck("demo"), library.settings("demo")
    session = StudySession(deck, library.stored_progress("demo"), settings, clock=lambda: NOW,
                           columns=library.progress_columns("demo"))
    assert session.next_card() is None
    assert session.summary().next_due == NOW + timedelta(days=2, hours=1)  # c4; c5 suspended
