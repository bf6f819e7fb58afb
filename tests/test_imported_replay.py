"""Imported reviews are replayed exactly as py-fsrs' own `Scheduler.reschedule_card`
rebuilds a card from its review log (the importer's faster card copy changes nothing)."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta

import fsrs
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.formats import CardHistory
from quizapp.model import StudySettings
from quizapp.study.imported import import_histories, progress_from_history
from quizapp.study.scheduling import scheduler_for

_START = datetime(2025, 1, 6, 8, tzinfo=UTC)
_reviews = st.lists(
    st.tuples(st.integers(1, 4), st.integers(30, 90 * 86_400)), min_size=1, max_size=12
)


def _history(card_id: str, drawn: list[tuple[int, int]]) -> CardHistory:
    at, reviews = _START, []
    for rating, gap in drawn:
        at += timedelta(seconds=gap)
        reviews.append((at, rating, 5000))
    return CardHistory(card_id, reviews)


@settings(max_examples=150, deadline=None)
@given(drawn=_reviews, steps=st.sampled_from([(1.0, 10.0), (), (5.0,)]))
def test_the_replay_is_py_fsrs_reschedule_card(
    drawn: list[tuple[int, int]], steps: tuple[float, ...]
) -> None:
    study = StudySettings(learning_steps_minutes=steps)
    history = _history("c1", drawn)
    progress, entries = progress_from_history("d", history, study, _START)
    scheduler = scheduler_for(study, fuzz=False)
    card_id = zlib.crc32(b"d/c1")
    logs = [
        fsrs.ReviewLog(card_id=card_id, rating=fsrs.Rating(r), review_datetime=at,
                       review_duration=None)
        for at, r, _ in history.reviews
    ]
    first = fsrs.Card(card_id=card_id, due=history.reviews[0][0])
    expected = scheduler.reschedule_card(first, logs)
    assert progress.fsrs == expected.to_dict()
    assert progress.due == expected.due and progress.reps == len(drawn) == len(entries)
    assert [e.at for e in entries] == [at for at, _, _ in history.reviews]
    assert entries[-1].due_after == expected.due
    # and in bulk, as an import does, the same records
    many, log = import_histories("d", [history, _history("c2", drawn[::-1])], study, _START)
    assert many[0] == progress and log[: len(entries)] == entries
