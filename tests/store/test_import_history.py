"""Imported history is stored as the same documents an answer makes, in time order, and
survives reopening; it goes straight into the parts (no journal record), keeps the
answers given before it, and a write that fails leaves the library as it was; the fold's
UTC text shortcut gives what parsing the time gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.model import CardProgress, CardState, Rating, ReviewEntry
from quizapp.store import Library, WriteFailed
from quizapp.store.fold import utc_text
from quizapp.store.parts import Parts
from tests.conftest import make_deck
from tests.store.test_library import answer, crash


def _review(card: str, at: datetime, n: int) -> ReviewEntry:
    return ReviewEntry(
        deck_id="demo", card_id=card, rating=Rating(1 + n % 4), at=at, duration_ms=n,
        state_before=CardState.new, state_after=CardState.learning,
        due_after=at + timedelta(minutes=10),
    )


def test_imported_history_is_stored_as_answers_are(data_dir: Path) -> None:
    base = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    eastern = timezone(timedelta(hours=-5))
    reviews = [
        _review("c1", base + timedelta(days=2), 1),
        _review("c0", (base + timedelta(days=1)).astimezone(eastern), 2),  # not in UTC
        _review("c0", base.replace(microsecond=250), 3),
        ReviewEntry(  # another deck's: left out
            deck_id="other", card_id="c0", rating=Rating.good, at=base, duration_ms=0,
            state_before=CardState.new, state_after=CardState.review,
        ),
    ]
    progress = [
        CardProgress(deck_id="demo", card_id="c0", state=CardState.review, reps=2,
                     due=base + timedelta(days=3), fsrs={"stability": 2.5}),
        CardProgress(deck_id="demo", card_id="c1", suspended=True, reps=1),
    ]
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(n=2), backup=False)
        assert lib.import_history("demo", progress, reviews) == 3
        for answered in progress:  # what record_answer and put_progress would have kept
            assert lib.progress("demo")[answered.card_id] == answered
    with Library.open(data_dir) as lib:
        stored = lib.reviews("demo")
        assert [r.duration_ms for r in stored] == [3, 2, 1]  # oldest first
        assert stored == sorted(reviews[:3], key=lambda r: r.at)
        assert lib.progress("demo") == {p.card_id: p for p in progress}
        assert len(lib.reviews("demo", since=base + timedelta(days=1))) == 2


def _imported(n: int) -> tuple[list[CardProgress], list[ReviewEntry]]:
    base = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    reviews = [_review(f"c{i % 2}", base + timedelta(hours=i), 100 + i) for i in range(n)]
    progress = [CardProgress(deck_id="demo", card_id="c1", state=CardState.review, reps=n)]
    return progress, reviews


def test_imported_history_is_written_into_the_parts_and_keeps_earlier_answers(
    data_dir: Path,
) -> None:
    lib = Library.open(data_dir)
    lib.import_deck(make_deck(n=2), backup=False)
    answer(lib, "c0", 1)  # in the journal, not folded yet
    progress, reviews = _imported(5)
    assert lib.import_history("demo", progress, reviews) == 5
    assert lib.tables.journal.entries == 0  # the import wrote no journal record
    crash(lib)  # no goodbye: what import_history returned from must be on disk
    with Library.open(data_dir) as again:
        assert sorted(r.duration_ms for r in again.reviews("demo")) == [1, *range(100, 105)]
        assert again.progress("demo")["c1"].reps == 5
        answer(again, "c0", 2)  # the ids after the imported ones are free
        assert len({r.duration_ms for r in again.reviews("demo")}) == 7


def test_a_failed_import_history_keeps_nothing_of_it_and_loses_nothing_before(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib = Library.open(data_dir)
    lib.import_deck(make_deck(n=2), backup=False)
    answer(lib, "c0", 1)
    write = Parts.write

    def failing(self: Parts, path: Path, docs: list[dict[str, Any]]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Parts, "write", failing)
    progress, reviews = _imported(5)
    with pytest.raises(WriteFailed, match="disk is full"):
        lib.import_history("demo", progress, reviews)
    assert [r.duration_ms for r in lib.reviews("demo")] == [1]  # not in memory either
    assert "c1" not in lib.progress("demo")
    monkeypatch.setattr(Parts, "write", write)
    answer(lib, "c0", 2)
    lib.close()
    with Library.open(data_dir) as again:
        assert [r.duration_ms for r in again.reviews("demo")] == [1, 2]
        assert "c1" not in again.progress("demo")


_times = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
)


@given(at=_times, offset=st.integers(-14 * 60, 14 * 60))
def test_utc_text_of_a_stored_time_is_that_of_its_parsed_value(at: datetime, offset: int) -> None:
    for text in (
        ReviewEntry(deck_id="d", card_id="c", rating=Rating.good, at=at, duration_ms=0,
                    state_before=CardState.new, state_after=CardState.new)
        .model_dump(mode="json")["at"],
        at.astimezone(timezone(timedelta(minutes=offset))).isoformat(),
    ):
        assert utc_text(text) == datetime.fromisoformat(text).astimezone(UTC).isoformat()
