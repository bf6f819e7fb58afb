"""An import's review logs replayed in bulk: the memory states from the Rust FSRS in one
call, the steps and due dates as py-fsrs gives them.

py-fsrs' `review_card` costs about 12 us a review in pure Python (a copy of the card,
enum lookups, the formulas one call each): 11k imported reviews, 0.13 s. The memory
state it computes (stability, difficulty) depends only on the ratings and on the whole
days between reviews, not on the card's state or steps, and fsrs-rs computes exactly
that for a batch of cards in one call (`FSRS.historical_memory_state_batch`: 16k
reviews in 4 ms, the same formulas in f32: stability within 1.4e-4 of py-fsrs' float64
after 40 reviews, difficulty within 2e-6).

What depends on the steps (learning, review, relearning; the step; a learning card's
due time) is walked here as `Scheduler.review_card` walks it; a review card's interval
is py-fsrs' own `_next_interval` of the stability. Where f32 could round an interval to
another day than float64 (an interval within ROUNDING_MARGIN of a half day) or where py-fsrs and
fsrs-rs clamp differently (stability past MAX_STABILITY), the card is replayed by
`review_card` itself, so due dates are py-fsrs' to the day. tests/test_imported_replay.py
compares both paths on real Anki logs and generated ones.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import fsrs
import fsrs_rs_python as rs

from quizapp.study.days import _utc

if TYPE_CHECKING:
    from quizapp.formats import CardHistory

#: Beyond it fsrs-rs may clamp a stability that py-fsrs keeps (FSRS's 100-year bound).
MAX_STABILITY = 30_000.0
#: An interval this close (relative) to a half day may round the other way in f32 (its
#: stability is within 1.4e-4 of float64's after 40 reviews of 3000 random logs).
ROUNDING_MARGIN = 1e-3

_LEARNING, _REVIEW, _RELEARNING = fsrs.State.Learning, fsrs.State.Review, fsrs.State.Relearning
_AGAIN, _HARD, _GOOD, _EASY = 1, 2, 3, 4

#: One review as replayed: when, rating, duration, the state after it (None before the
#: first), and the due time after it.
Step = tuple[datetime, int, int, fsrs.State, datetime]


@lru_cache(maxsize=8)
def fsrs_rs(parameters: tuple[float, ...]) -> Any:
    """The Rust FSRS model for these parameters, built once."""
    return rs.FSRS(list(parameters))


def sorted_reviews(history: CardHistory) -> list[tuple[datetime, int, int]]:
    """A card's imported reviews, oldest first, in UTC as fsrs insists."""
    reviews = sorted(history.reviews, key=lambda review: review[0])
    return [(at if at.tzinfo is UTC else _utc(at), r, d) for at, r, d in reviews]


def replay_many(
    scheduler: fsrs.Scheduler,
    logs: Sequence[list[tuple[datetime, int, int]]],
    card_ids: Sequence[int],
) -> list[tuple[fsrs.Card, list[Step]]]:
    """Each log (oldest first, UTC, ratings 1-4) replayed from a new card: the card after
    it and each review's step, as `review_card` one review at a time gives them."""
    items = []
    for log in logs:
        last: datetime | None = None
        reviews = []
        for at, rating, _ in log:
            reviews.append(rs.FSRSReview(rating, 0 if last is None else (at - last).days))
            last = at
        items.append(rs.FSRSItem(reviews))
    memories = fsrs_rs(tuple(scheduler.parameters)).historical_memory_state_batch(items)
    per_day = (scheduler.desired_retention ** (1 / scheduler._DECAY) - 1) / scheduler._FACTOR
    out = []
    for log, card_id, states in zip(logs, card_ids, memories, strict=True):
        walked = _walk(scheduler, log, card_id, states, per_day)
        out.append(walked if walked is not None else _one_by_one(scheduler, log, card_id))
    return out


def _walk(
    scheduler: fsrs.Scheduler,
    log: list[tuple[datetime, int, int]],
    card_id: int,
    memories: list[Any],
    per_day: float,
) -> tuple[fsrs.Card, list[Step]] | None:
    """`review_card`'s steps over one log with the memory states given; None where an
    interval could differ from py-fsrs' (the caller replays that card one by one)."""
    next_interval: Callable[..., int] = scheduler._next_interval
    learning, relearning = scheduler.learning_steps, scheduler.relearning_steps
    state, step = _LEARNING, 0
    stability = difficulty = 0.0
    steps: list[Step] = []
    for (at, rating, duration), memory in zip(log, memories, strict=True):
        stability, difficulty = float(memory.stability), float(memory.difficulty)
        if stability > MAX_STABILITY:
            return None
        wait: timedelta | None = None  # None: a review interval from the stability
        if state is _REVIEW:
            if rating == _AGAIN and relearning:
                state, step, wait = _RELEARNING, 0, relearning[0]
        else:
            stepped = learning if state is _LEARNING else relearning
            if not stepped or (step >= len(stepped) and rating != _AGAIN):
                state, step = _REVIEW, 0
            elif rating == _AGAIN:
                step, wait = 0, stepped[0]
            elif rating == _HARD:
                if step != 0:
                    wait = stepped[step]
                elif len(stepped) == 1:
                    wait = stepped[0] * 1.5
                else:
                    wait = (stepped[0] + stepped[1]) / 2.0
            elif rating == _GOOD and step + 1 < len(stepped):
                step += 1
                wait = stepped[step]
            else:  # Good on the last step, or Easy
                state, step = _REVIEW, 0
        if wait is None:
            raw = stability * per_day
            if abs(raw % 1.0 - 0.5) <= raw * ROUNDING_MARGIN:
                return None
            wait = timedelta(days=next_interval(stability=stability))
        steps.append((at, rating, duration, state, at + wait))
    card = fsrs.Card(
        card_id=card_id,
        state=state,
        step=None if state is _REVIEW else step,
        stability=stability,
        difficulty=difficulty,
        due=steps[-1][4],
        last_review=steps[-1][0],
    )
    return card, steps


def _one_by_one(
    scheduler: fsrs.Scheduler, log: list[tuple[datetime, int, int]], card_id: int
) -> tuple[fsrs.Card, list[Step]]:
    """The same replay through py-fsrs' `review_card`, one review at a time."""
    card = fsrs.Card(card_id=card_id, due=log[0][0])
    steps: list[Step] = []
    for at, rating, duration in log:
        card, _ = scheduler.review_card(card, fsrs.Rating(rating), at)
        steps.append((at, rating, duration, card.state, card.due))
    return card, steps


def fsrs_card_id(deck_id: str, card_id: str) -> int:
    """The fsrs card id of a card (stable, so that Card() neither reads the clock nor sleeps)."""
    return zlib.crc32(f"{deck_id}/{card_id}".encode())
