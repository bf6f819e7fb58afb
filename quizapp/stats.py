"""Progress figures: quiz scores over time and study statistics from the review log.

Pure functions over records (attempts, review entries, card progress); the clock
and the timezone are passed in, so the same inputs always give the same figures.
Days are study days (quizapp.study.study_day: the day rolls over at 4 am local time).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from quizapp.model import CardProgress, Deck, ReviewEntry
from quizapp.model.progress import CardState, Rating, progress_key
from quizapp.quiz import Attempt
from quizapp.study.days import study_day


@dataclass(frozen=True)
class ScorePoint:
    started: datetime
    percent: float


@dataclass(frozen=True)
class ScoreSummary:
    attempts: int
    best: float | None
    last: float | None
    average: float | None


@dataclass(frozen=True)
class Missed:
    card_id: str
    missed: int  # times not fully right
    asked: int


@dataclass(frozen=True)
class Retention:
    passed: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.total if self.total else None


def score_history(attempts: Iterable[Attempt]) -> list[ScorePoint]:
    """Each attempt's percent, oldest first."""
    return [ScorePoint(a.started, a.percent) for a in sorted(attempts, key=lambda a: a.started)]


def score_summary(attempts: Iterable[Attempt]) -> ScoreSummary:
    """Best, last (most recent) and average percent; None when there is no attempt."""
    history = score_history(attempts)
    if not history:
        return ScoreSummary(0, None, None, None)
    percents = [p.percent for p in history]
    average = round(sum(percents) / len(percents), 1)
    return ScoreSummary(len(history), max(percents), percents[-1], average)


def most_missed(attempts: Iterable[Attempt], limit: int = 5) -> list[Missed]:
    """The cards missed most often (not fully right), then by how often asked, then by id."""
    asked: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for attempt in attempts:
        for item in attempt.questions:
            asked[item.card_id] += 1
            missed[item.card_id] += not item.correct
    rows = [Missed(cid, n, asked[cid]) for cid, n in missed.items() if n]
    rows.sort(key=lambda m: (-m.missed, -m.asked, m.card_id))
    return rows[:limit]


def reviews_per_day(reviews: Iterable[ReviewEntry], *, tz: tzinfo | None = None) -> dict[date, int]:
    """How many answers were given on each study day (days without reviews are absent)."""
    counts = Counter(study_day(r.at, tz) for r in reviews)
    return dict(sorted(counts.items()))


def true_retention(reviews: Iterable[ReviewEntry], *, since: datetime | None = None) -> Retention:
    """Anki's true retention: of the answers to cards in the review state, the share not Again.

    Learning and relearning steps are not counted: they measure short-term memory.
    """
    passed = total = 0
    for r in reviews:
        if r.state_before is not CardState.review or (since is not None and r.at < since):
            continue
        total += 1
        passed += r.rating is not Rating.again
    return Retention(passed, total)


def cards_by_state(deck: Deck, progress: Mapping[str, CardProgress]) -> dict[str, int]:
    """The deck's cards by state (never studied counts as new); suspended ones apart."""
    counts = {"new": 0, "learning": 0, "review": 0, "relearning": 0, "suspended": 0}
    for card in deck.cards:
        p = _progress(progress, deck.id, card.id)
        if p is not None and p.suspended:
            counts["suspended"] += 1
        else:
            counts[p.state.value if p is not None else "new"] += 1
    return counts


def _progress(
    progress: Mapping[str, CardProgress], deck_id: str, card_id: str
) -> CardProgress | None:
    # Library.progress() keys by card id; study's index keys by "deck/card": accept both.
    return progress.get(card_id) or progress.get(progress_key(deck_id, card_id))


def forecast(
    deck: Deck,
    progress: Mapping[str, CardProgress],
    now: datetime,
    days: int = 30,
    *,
    tz: tzinfo | None = None,
) -> list[int]:
    """Cards falling due on each of the coming `days` study days; today includes overdue ones.

    New and suspended cards are not counted (they have no due date).
    """
    today = study_day(now, tz)
    out = [0] * days
    for card in deck.cards:
        p = _progress(progress, deck.id, card.id)
        if p is None or p.due is None or p.suspended or p.state is CardState.new:
            continue
        offset = max(0, (study_day(p.due, tz) - today).days)
        if offset < days:
            out[offset] += 1
    return out


@dataclass
class DeckStats:
    """Every figure of the progress screen and `quizapp stats`, for one deck."""

    deck_id: str
    title: str
    today: date
    scores: list[ScorePoint]
    summary: ScoreSummary
    missed: list[Missed]
    reviews_per_day: dict[date, int]
    retention: Retention
    states: dict[str, int]
    forecast: list[int]
    prompts: dict[str, str] = field(default_factory=dict)  # card id -> prompt, for most missed

    def to_json(self) -> dict[str, Any]:
        return {
            "deck_id": self.deck_id,
            "title": self.title,
            "today": self.today.isoformat(),
            "attempts": [
                {"started": p.started.isoformat(), "percent": p.percent} for p in self.scores
            ],
            "score": asdict(self.summary),
            "most_missed": [
                {**asdict(m), "prompt": self.prompts.get(m.card_id, "")} for m in self.missed
            ],
            "reviews_per_day": {d.isoformat(): n for d, n in self.reviews_per_day.items()},
            "true_retention": {
                "passed": self.retention.passed,
                "total": self.retention.total,
                "rate": self.retention.rate,
            },
            "cards_by_state": self.states,
            "forecast": self.forecast,
        }


def deck_stats(
    deck: Deck,
    attempts: Sequence[Attempt],
    reviews: Sequence[ReviewEntry],
    progress: Mapping[str, CardProgress],
    now: datetime,
    *,
    days: int = 30,
    tz: tzinfo | None = None,
) -> DeckStats:
    attempts = [a for a in attempts if a.deck_id == deck.id]
    reviews = [r for r in reviews if r.deck_id == deck.id]
    missed = most_missed(attempts)
    prompts = {}
    for m in missed:
        card = next((c for c in deck.cards if c.id == m.card_id), None)
        prompts[m.card_id] = card.prompt if card is not None else ""
    return DeckStats(
        deck_id=deck.id,
        title=deck.title,
        today=study_day(now, tz),
        scores=score_history(attempts),
        summary=score_summary(attempts),
        missed=missed,
        reviews_per_day=reviews_per_day(reviews, tz=tz),
        retention=true_retention(reviews),
        states=cards_by_state(deck, progress),
        forecast=forecast(deck, progress, now, days, tz=tz),
        prompts=prompts,
    )


def days_back(today: date, count: int) -> list[date]:
    """The `count` days ending today, oldest first (the heat-map's columns)."""
    return [today - timedelta(days=count - 1 - i) for i in range(count)]
