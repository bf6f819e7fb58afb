"""Progress figures from a hand-built review log, progress and attempts: exact expected values."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.model import CardProgress, ReviewEntry
from quizapp.model.progress import CardState, Rating
from quizapp.quiz import Attempt, AttemptItem, QuizSettings
from quizapp.stats import (
    Missed,
    cards_by_state,
    days_back,
    deck_stats,
    forecast,
    most_missed,
    reviews_per_day,
    score_summary,
    true_retention,
)
from tests.conftest import make_deck

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
S = CardState


def review(
    card: str, at: datetime, rating: Rating, before: CardState, deck: str = "demo"
) -> ReviewEntry:
    return ReviewEntry(
        deck_id=deck,
        card_id=card,
        rating=rating,
        at=at,
        duration_ms=1000,
        state_before=before,
        state_after=S.review,
    )


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=UTC)


LOG = [
    review("c0", at(1), Rating.good, S.new),
    review("c0", at(1, 11), Rating.good, S.learning),
    review("c1", at(1, 2), Rating.again, S.new),  # 02:00 UTC: still study day Feb 28
    review("c0", at(4), Rating.again, S.review),
    review("c0", at(4, 10), Rating.good, S.relearning),
    review("c1", at(5), Rating.hard, S.review),
    review("c2", at(5), Rating.easy, S.review),
    review("c2", at(9), Rating.good, S.review),
    review("c3", at(9), Rating.again, S.review),
]


def test_reviews_per_day_uses_study_days() -> None:
    assert reviews_per_day(LOG, tz=UTC) == {
        date(2026, 2, 28): 1,
        date(2026, 3, 1): 2,
        date(2026, 3, 4): 2,
        date(2026, 3, 5): 2,
        date(2026, 3, 9): 2,
    }


def test_true_retention_counts_review_state_only() -> None:
    retention = true_retention(LOG)
    # Review-state answers: c0 again, c1 hard, c2 easy, c2 good, c3 again -> 3 of 5 passed.
    assert (retention.passed, retention.total, retention.rate) == (3, 5, 0.6)
    assert true_retention(LOG, since=at(5)).rate == 0.75
    assert true_retention([]).rate is None


def progress(
    card: str, state: CardState, due: datetime | None, suspended: bool = False
) -> CardProgress:
    return CardProgress(deck_id="demo", card_id=card, state=state, due=due, suspended=suspended)


PROGRESS = {
    "c0": progress("c0", S.review, NOW - timedelta(days=2)),  # overdue: counted today
    "c1": progress("c1", S.learning, NOW + timedelta(hours=1)),  # today
    "c2": progress("c2", S.review, NOW + timedelta(days=3)),
    "c3": progress("c3", S.relearning, NOW + timedelta(days=1)),
    "c4": progress("c4", S.review, NOW + timedelta(days=10)),  # beyond a 7-day forecast
    "c5": progress("c5", S.review, NOW + timedelta(days=3), suspended=True),
    # c6, c7: never studied
}


def test_cards_by_state_and_forecast() -> None:
    deck = make_deck(n=8)
    ids = [c.id for c in deck.cards]
    assert cards_by_state(deck.id, ids, PROGRESS) == {
        "new": 2,
        "learning": 1,
        "review": 3,
        "relearning": 1,
        "suspended": 1,
    }
    assert forecast(deck.id, ids, PROGRESS, NOW, 7, tz=UTC) == [2, 1, 0, 1, 0, 0, 0]
    assert sum(forecast(deck.id, ids, PROGRESS, NOW, 30, tz=UTC)) == 5


def attempt(day: int, percent: float, wrong: tuple[str, ...], asked: tuple[str, ...]) -> Attempt:
    items = tuple(
        AttemptItem(
            card_id=c,
            kind="flashcard",
            correct=c not in wrong,
            points=0.0 if c in wrong else 1.0,
            verdict="wrong" if c in wrong else "correct",
        )
        for c in asked
    )
    return Attempt(
        deck_id="demo",
        started=at(day),
        finished=at(day, 11),
        settings=QuizSettings(seed=1),
        questions=items,
        points=0,
        max_points=1,
        percent=percent,
        correct=0,
        time_ms=1000,
    )


ATTEMPTS = [
    attempt(3, 50.0, ("c1", "c2"), ("c0", "c1", "c2", "c3")),
    attempt(1, 25.0, ("c1", "c2", "c3"), ("c0", "c1", "c2", "c3")),  # stored out of order
    attempt(8, 75.0, ("c1",), ("c0", "c1", "c2", "c3")),
    attempt(9, 70.0, ("c3",), ("c3", "c4")),
]


def test_score_summary_and_most_missed() -> None:
    summary = score_summary(ATTEMPTS)
    assert (summary.attempts, summary.best, summary.last, summary.average) == (4, 75.0, 70.0, 55.0)
    assert score_summary([]).best is None
    assert most_missed(ATTEMPTS) == [
        Missed("c1", 3, 3),
        Missed("c3", 2, 4),
        Missed("c2", 2, 3),
    ]
    assert most_missed(ATTEMPTS, limit=1) == [Missed("c1", 3, 3)]


def test_deck_stats_json() -> None:
    deck = make_deck(n=8)
    other = review("c0", at(9), Rating.again, S.review, deck="other")
    stats = deck_stats(deck, ATTEMPTS, [*LOG, other], PROGRESS, NOW, days=3, tz=UTC)
    data = stats.to_json()
    assert data["today"] == "2026-03-10"
    assert [p["percent"] for p in data["attempts"]] == [25.0, 50.0, 75.0, 70.0]
    assert data["score"] == {"attempts": 4, "best": 75.0, "last": 70.0, "average": 55.0,
                             "apart": ""}
    assert data["most_missed"][0] == {"card_id": "c1", "missed": 3, "asked": 3, "prompt": "front 1"}
    assert data["true_retention"] == {"passed": 3, "total": 5, "rate": 0.6}  # other deck ignored
    assert data["reviews_per_day"]["2026-03-09"] == 2
    assert data["forecast"] == [2, 1, 0]
    assert data["cards_by_state"]["new"] == 2


def test_days_back() -> None:
    assert days_back(date(2026, 3, 2), 3) == [date(2026, 2, 28), date(2026, 3, 1), date(2026, 3, 2)]


def test_library_stats_merge_cached_segments_to_the_same_figures(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zoneinfo import ZoneInfo

    import quizapp.store.fold as fold
    from quizapp.stats import library_stats
    from quizapp.store import Library

    monkeypatch.setattr(fold, "SEGMENT", 7)  # many segments, some partly full
    kolkata = ZoneInfo("Asia/Kolkata")  # a half-hour offset: quarters must still add up
    deck = make_deck("d", n=5)
    ids = []
    with Library.open(data_dir) as lib:
        lib.import_deck(deck)
        for n in range(40):
            at = NOW - timedelta(hours=5 * n + 0.5)
            review = ReviewEntry(
                deck_id="d", card_id=f"c{n % 5}", rating=Rating(1 + n % 4), at=at,
                duration_ms=n, state_before=CardState.review if n % 3 else CardState.new,
                state_after=CardState.review,
            )
            progress = CardProgress(deck_id="d", card_id=f"c{n % 5}", state=CardState.review)
            ids.append(lib.record_answer(progress, review))
            if n in (10, 25):
                lib.checkpoint()
        lib.checkpoint()
        lib.undo_answer(CardProgress(deck_id="d", card_id="c3"), ids[3])  # in a folded segment
        for _ in range(2):  # the second time from the summaries kept beside the segments
            ours = library_stats(lib, "d", NOW, days=7, tz=kolkata)
            reviews, progress = lib.reviews("d"), lib.progress("d")
            plain = deck_stats(deck, [], reviews, progress, NOW, days=7, tz=kolkata)
            assert ours.reviews_per_day == plain.reviews_per_day and ours.reviews_per_day
            assert ours.retention == plain.retention and ours.retention.total
            assert (ours.states, ours.forecast) == (plain.states, plain.forecast)
        assert list((data_dir / "parts" / "reviews" / "d").glob("*.sum-reviews-v1"))


def test_retries_and_ended_quizzes_stay_out_of_the_deck_figures() -> None:
    """The progress screen and `quizapp stats` count full attempts only (quiz.Scores)."""
    from quizapp.stats import score_history, score_summary

    attempts = [
        attempt(1, 50.0, ("a",), ("a", "b")),
        attempt(2, 100.0, (), ("a",)).model_copy(update={"kind": "retry"}),
        attempt(3, 10.0, ("a", "b"), ("a", "b")).model_copy(update={"kind": "ended"}),
    ]
    summary = score_summary(attempts)
    assert (summary.attempts, summary.best, summary.last, summary.average) == (1, 50.0, 50.0, 50.0)
    assert summary.apart == "1 retry and 1 ended early not counted"
    assert [p.kind for p in score_history(attempts)] == ["full", "retry", "ended"]
