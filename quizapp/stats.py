"""Progress figures: quiz scores over time and study statistics from the review log.

Pure functions over records (attempts, review entries, card progress); the clock
and the timezone are passed in, so the same inputs always give the same figures.
Days are study days (quizapp.study.study_day: the day rolls over at 4 am local time).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from typing import TYPE_CHECKING, Any, ClassVar

from quizapp.model import CardProgress, Deck, ReviewEntry
from quizapp.model.progress import (
    CODE_STATES,
    CardState,
    ProgressBrief,
    ProgressColumns,
    Rating,
    micros,
    progress_key,
)
from quizapp.quiz import Attempt
from quizapp.quiz.attempts import Scores
from quizapp.store.summaries import REVIEWS_SUMMARY_NAME, summarize_reviews
from quizapp.study.days import _utc, day_start, study_day

if TYPE_CHECKING:
    from quizapp.store import Library
    from quizapp.store.stored_deck import StoredDeck

#: What the state figures read of a card's progress: the whole record or its brief.
Brief = CardProgress | ProgressBrief


@dataclass(frozen=True)
class ScorePoint:
    started: datetime
    percent: float
    kind: str = "full"  # full, retry or ended (quiz.attempts): the chart marks them


@dataclass(frozen=True)
class ScoreSummary:
    attempts: int  # the full attempts, which best, last and average are of
    best: float | None
    last: float | None
    average: float | None
    apart: str = ""  # the retries and quizzes ended early left out, in words


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
    """Each attempt's percent and kind, oldest first."""
    return [
        ScorePoint(a.started, a.percent, a.kind)
        for a in sorted(attempts, key=lambda a: a.started)
    ]


def score_summary(attempts: Iterable[Attempt]) -> ScoreSummary:
    """Best, last (most recent) and average percent of the full attempts (quiz.Scores:
    retries and quizzes ended early are kept apart); None when there is none."""
    scores = Scores.of(attempts)
    return ScoreSummary(
        len(scores.counted), scores.best, scores.last, scores.average, scores.apart
    )


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


def cards_by_state(
    deck_id: str, card_ids: Iterable[str], progress: Mapping[str, Brief]
) -> dict[str, int]:
    """The deck's cards by state (never studied counts as new); suspended ones apart."""
    counts = {"new": 0, "learning": 0, "review": 0, "relearning": 0, "suspended": 0}
    for card_id in card_ids:
        p = _progress(progress, deck_id, card_id)
        if p is not None and p.suspended:
            counts["suspended"] += 1
        else:
            counts[p.state.value if p is not None else "new"] += 1
    return counts


def _progress(
    progress: Mapping[str, Brief], deck_id: str, card_id: str
) -> Brief | None:
    # Library.progress() keys by card id; study's index keys by "deck/card": accept both.
    return progress.get(card_id) or progress.get(progress_key(deck_id, card_id))


def forecast(
    deck_id: str,
    card_ids: Iterable[str],
    progress: Mapping[str, Brief],
    now: datetime,
    days: int = 30,
    *,
    tz: tzinfo | None = None,
) -> list[int]:
    """Cards falling due on each of the coming `days` study days; today includes overdue ones.

    New and suspended cards are not counted (they have no due date).
    """
    bounds = _day_bounds(now, days, tz)
    out = [0] * (days + 1)  # the last: after the last day shown
    for card_id in card_ids:
        p = _progress(progress, deck_id, card_id)
        if p is None or p.due is None or p.suspended or p.state is CardState.new:
            continue
        out[bisect_right(bounds, micros(_utc(p.due)))] += 1
    return out[:days]


def _day_bounds(now: datetime, days: int, tz: tzinfo | None) -> list[int]:
    """Where each of the study days after today begins (microseconds): the day a time
    falls on is how many of these it has passed (overdue ones fall on today)."""
    today = study_day(now, tz)
    return [micros(day_start(today + timedelta(days=k), tz)) for k in range(1, days + 1)]


def column_figures(
    card_ids: Sequence[str], columns: ProgressColumns, now: datetime, days: int = 30,
    *, tz: tzinfo | None = None,
) -> tuple[dict[str, int], list[int]]:
    """`cards_by_state` and `forecast` from the store's progress columns: a whole shard
    from its state codes and sorted due times, with no record built per card (equal to
    the two on any deck: a property test)."""
    split = columns.split(dict.fromkeys(card_ids))
    states = {"new": split.unstudied, "learning": 0, "review": 0, "relearning": 0,
              "suspended": 0}
    bounds = _day_bounds(now, days, tz)
    out = [0] * (days + 1)

    def spread(dues: Sequence[int]) -> None:  # sorted due times, into days
        at = [bisect_left(dues, b) for b in bounds] + [len(dues)]
        for day, (low, high) in enumerate(zip([0, *at], at, strict=False)):
            out[day] += high - low

    for part in split.whole:
        held_codes = Counter(part["s"][i] for i, k in enumerate(part["k"]) if k in part["h"])
        for code, state in CODE_STATES.items():
            states[state.value] += part["s"].count(code) - held_codes[code]
        spread(part["L"])
        spread(part["R"])
    for code, due in split.plain:
        states[CODE_STATES[code].value] += 1
        if code != "n" and due is not None:
            out[bisect_right(bounds, due)] += 1
    for p in split.apart.values():
        if p is not None and p.suspended:
            states["suspended"] += 1
            continue
        states[p.state.value if p is not None else "new"] += 1
        if p is not None and p.due is not None and p.state is not CardState.new:
            out[bisect_right(bounds, micros(_utc(p.due)))] += 1
    return states, out[:days]


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
                {"started": p.started.isoformat(), "percent": p.percent, "kind": p.kind}
                for p in self.scores
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
    """A deck's figures from records in memory (see `library_stats` for a library)."""
    reviews = [r for r in reviews if r.deck_id == deck.id]
    cards = deck.study_cards  # a reversed flashcard is two cards to study
    prompts = {card.id: card.prompt for card in cards}
    ids = [c.id for c in cards]
    return _figures(
        deck.id, deck.title, prompts.get, attempts, ReviewSummary.of(reviews),
        cards_by_state(deck.id, ids, progress), forecast(deck.id, ids, progress, now, days, tz=tz),
        now, tz=tz,
    )


def _figures(
    deck_id: str,
    title: str,
    prompt: Callable[[str], str | None],
    attempts: Sequence[Attempt],
    reviews: ReviewSummary,
    states: dict[str, int],
    due: list[int],
    now: datetime,
    *,
    tz: tzinfo | None,
) -> DeckStats:
    attempts = [a for a in attempts if a.deck_id == deck_id]
    missed = most_missed(attempts)
    return DeckStats(
        deck_id=deck_id,
        title=title,
        today=study_day(now, tz),
        scores=score_history(attempts),
        summary=score_summary(attempts),
        missed=missed,
        reviews_per_day=reviews.per_day(tz),
        retention=reviews.retention,
        states=states,
        forecast=due,
        prompts={m.card_id: prompt(m.card_id) or "" for m in missed},
    )


def library_stats(
    library: Library, deck_id: str, now: datetime, *, days: int = 30, tz: tzinfo | None = None
) -> DeckStats:
    """A deck's figures from the library, reading what they need and no more: the card ids
    from its summary, the review log as cached per-segment summaries, the deck itself
    only if a card is among the most missed (KeyError if there is no such deck)."""
    from quizapp.quiz import load_attempts

    summary = library.summary(deck_id) if library.has_deck(deck_id) else None
    if summary is None:
        raise KeyError(deck_id)

    @cache
    def deck() -> StoredDeck:  # read when a prompt is first asked for
        return library.stored_deck(deck_id)

    def prompt(card_id: str) -> str | None:
        # Only the cards asked for (the most missed) are built, not the whole deck.
        try:
            return deck().card(card_id).prompt
        except KeyError:
            return None

    pieces = library.review_summaries(deck_id, ReviewSummary.NAME, ReviewSummary.summarize)
    # States and the forecast from the columns the store keeps beside each shard, not
    # from every card's state: the first report of a 100k-card deck reads small files.
    card_ids = library.card_ids(deck_id)
    states, due = column_figures(
        card_ids, library.progress_columns(deck_id), now, days, tz=tz
    )
    return _figures(
        deck_id, summary.title, prompt, load_attempts(library, deck_id),
        ReviewSummary.merge(pieces), states, due, now, tz=tz,
    )


@dataclass(frozen=True)
class ReviewSummary:
    """What the figures need of a review log: answers per quarter hour, true retention.

    Quarter hours, because every time zone's offset is a multiple of 15 minutes: a
    study day (which starts at 4 am local time) is made of whole quarters in any zone.
    Pieces of a long log are summarised once each (the store keeps them) and merged.
    """

    # One piece, from stored review documents: the store computes and keeps it beside each
    # segment of the log when it writes the segment (store/summaries.py).
    NAME: ClassVar[str] = REVIEWS_SUMMARY_NAME
    summarize: ClassVar[Callable[[list[dict[str, Any]]], dict[str, Any]]] = staticmethod(
        summarize_reviews
    )
    quarters: Mapping[int, int]  # epoch seconds // 900 -> answers
    retention: Retention

    @classmethod
    def merge(cls, pieces: Iterable[dict[str, Any]]) -> ReviewSummary:
        quarters: Counter[int] = Counter()
        passed = total = 0
        for piece in pieces:
            quarters.update({int(k): int(v) for k, v in piece["q"].items()})
            passed, total = passed + int(piece["p"]), total + int(piece["t"])
        return cls(quarters, Retention(passed, total))

    @classmethod
    def of(cls, reviews: Iterable[ReviewEntry]) -> ReviewSummary:
        reviews = list(reviews)
        quarters = Counter(int(r.at.timestamp()) // 900 for r in reviews)
        return cls(quarters, true_retention(reviews))

    def per_day(self, tz: tzinfo | None = None) -> dict[date, int]:
        """Answers per study day, as `reviews_per_day` counts them.

        The quarters in time order, walking the study days: the day of a quarter is
        looked up only where a day ends, not for each of a long log's quarters."""
        counts: Counter[date] = Counter()
        day, ends = None, 0.0
        for quarter, n in sorted(self.quarters.items()):
            if day is None or quarter * 900 >= ends:
                day = study_day(datetime.fromtimestamp(quarter * 900, UTC), tz)
                ends = day_start(day + timedelta(days=1), tz).timestamp()
            counts[day] += n
        return dict(counts)


def days_back(today: date, count: int) -> list[date]:
    """The `count` days ending today, oldest first (the heat-map's columns)."""
    return [today - timedelta(days=count - 1 - i) for i in range(count)]
