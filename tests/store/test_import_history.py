"""Imported history is stored as the same documents an answer makes, in time order, and
survives reopening; the fold's UTC text shortcut gives what parsing the time gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from quizapp.model import CardProgress, CardState, Rating, ReviewEntry
from quizapp.store import Library
from quizapp.store.fold import utc_text
from tests.conftest import make_deck


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
