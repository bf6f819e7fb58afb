"""Imported reviews are replayed exactly as py-fsrs' own `Scheduler.reschedule_card`
rebuilds a card from its review log (the importer's faster card copy changes nothing),
and in bulk (study/replay.py: memory states from fsrs-rs) to the same states, steps and
due dates, with stability and difficulty within f32's precision."""

from __future__ import annotations

import math
import zlib
from datetime import UTC, datetime, timedelta

import fsrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.formats import CardHistory
from quizapp.model import CardProgress, StudySettings
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
    assert_same_progress(many[0], progress)
    assert log[: len(entries)] == entries


#: How far the bulk replay's stability and difficulty may be from py-fsrs' (relative):
#: fsrs-rs computes in f32 (worst seen: 1.4e-4 after 40 reviews, 2e-5 after 6 Agains).
TOLERANCE = 5e-4


def assert_same_progress(bulk: CardProgress, exact: CardProgress) -> None:
    """The same progress, the fsrs state's floats within TOLERANCE, all else equal."""
    assert bulk.model_copy(update={"fsrs": None}) == exact.model_copy(update={"fsrs": None})
    if exact.fsrs is None:
        assert bulk.fsrs is None
        return
    assert bulk.fsrs is not None and bulk.fsrs.keys() == exact.fsrs.keys()
    for key, value in exact.fsrs.items():
        if key in ("stability", "difficulty"):
            assert math.isclose(bulk.fsrs[key], value, rel_tol=TOLERANCE), (key, bulk, exact)
        else:
            assert bulk.fsrs[key] == value, (key, bulk.fsrs, exact.fsrs)


@settings(max_examples=60, deadline=None)
@given(
    cards=st.lists(_reviews, min_size=1, max_size=30),
    steps=st.sampled_from([(1.0, 10.0), (), (5.0,), (1.0, 5.0, 30.0)]),
    relearning=st.sampled_from([(10.0,), (), (5.0, 60.0)]),
    retention=st.sampled_from([0.9, 0.8, 0.97]),
)
def test_the_bulk_replay_is_the_one_by_one_replay(
    cards: list[list[tuple[int, int]]],
    steps: tuple[float, ...],
    relearning: tuple[float, ...],
    retention: float,
) -> None:
    study = StudySettings(
        learning_steps_minutes=steps,
        relearning_steps_minutes=relearning,
        desired_retention=retention,
    )
    histories = [_history(f"c{i}", drawn) for i, drawn in enumerate(cards)]
    many, log = import_histories("d", histories, study, _START)
    expected_log = []
    for history, bulk in zip(histories, many, strict=True):
        exact, entries = progress_from_history("d", history, study, _START)
        assert_same_progress(bulk, exact)
        expected_log += entries
    assert log == expected_log


def test_a_review_without_a_rating_is_refused_in_bulk() -> None:
    bad = CardHistory("c1", [(_START, 5, 1000)])
    with pytest.raises(ValueError, match="rating"):
        import_histories("d", [bad], StudySettings(), _START)


def test_a_card_whose_interval_f32_could_round_otherwise_is_replayed_by_py_fsrs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from quizapp.study import replay

    monkeypatch.setattr(replay, "ROUNDING_MARGIN", 10.0)  # every interval is "too close"
    history = _history("c1", [(3, 60), (3, 86_400 * 2), (1, 86_400 * 9), (3, 600)])
    (bulk,), _ = import_histories("d", [history], StudySettings(), _START)
    exact, _ = progress_from_history("d", history, StudySettings(), _START)
    assert bulk == exact  # py-fsrs' own floats, not within a tolerance: equal


def test_long_logs_of_many_lapses_keep_their_due_dates_and_stay_within_the_tolerance() -> None:
    import random

    rng = random.Random(7)
    gaps = (30, 600, 5 * 3600, 86_400, 3 * 86_400, 40 * 86_400, 90 * 86_400)
    histories = []
    for n in range(300):
        again = rng.choice((0.1, 0.5, 0.9))
        drawn = [
            (1 if rng.random() < again else rng.choice((2, 3, 3, 4)), rng.choice(gaps))
            for _ in range(rng.randint(1, 40))
        ]
        histories.append(_history(f"c{n}", drawn))
    many, log = import_histories("d", histories, StudySettings(), _START)
    expected_log = []
    for history, bulk in zip(histories, many, strict=True):
        exact, entries = progress_from_history("d", history, StudySettings(), _START)
        assert_same_progress(bulk, exact)
        expected_log += entries
    assert log == expected_log
