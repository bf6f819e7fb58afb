"""FSRS-6 parameters fitted to one student's review log, with fsrs-rs-python (the Rust FSRS).

Why fsrs-rs-python and not py-fsrs's Optimizer: the Optimizer needs torch (a framework of
gigabytes for 21 numbers) and gives back the defaults under 512 reviews; the Rust FSRS is
the optimizer Anki itself runs, ships as one wheel and fits tens of thousands of reviews in
well under a second. Both speak FSRS-6's 21 parameters, so what is fitted here is handed to
the `fsrs` Scheduler unchanged (`StudySettings.parameters`).

The log is turned into FSRS items the way Anki does: one item per review made on a later
day than the one before it, holding the card's history up to that review (days counted
in study days, so the 4 am rollover is respected). The items are split in time: the fit
sees the first 80 %, and the fitted, current and default parameters are all scored on
the last 20 % (log loss and RMSE over bins, the srs-benchmark's two figures). The fitted
parameters are only offered when they beat the current ones on those held-out reviews.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

import fsrs_rs_python as rs

from quizapp.model.progress import CardState, ReviewEntry
from quizapp.study.days import study_day

#: Below this many reviews in a deck's log a fit is not attempted (py-fsrs's own threshold):
#: a few hundred reviews say more about chance than about the student's memory.
MIN_REVIEWS = 512
#: The newest share of the items, held out of the fit to score it.
HOLDOUT = 0.2
#: Fewer held-out (or training) items than this cannot score a fit either way.
MIN_ITEMS = 16
DEFAULT_PARAMETERS: tuple[float, ...] = tuple(rs.DEFAULT_PARAMETERS)


@dataclass(frozen=True)
class Score:
    """How well a set of parameters predicted the held-out reviews (lower is better)."""

    log_loss: float
    rmse_bins: float


@dataclass(frozen=True)
class Fit:
    """The outcome of fitting a deck's log; `parameters` is None when no fit was made."""

    reviews: int
    #: Reviews still needed before a fit is attempted (0: enough).
    needed: int
    #: Enough reviews, but on too few separate days to fit and score (a cram session).
    too_few_days: bool = False
    train_items: int = 0
    test_items: int = 0
    parameters: tuple[float, ...] | None = None
    fitted: Score | None = None
    current: Score | None = None
    defaults: Score | None = None

    @property
    def better(self) -> bool:
        """Whether the fit predicts the held-out reviews better than the current parameters."""
        return (
            self.parameters is not None
            and self.fitted is not None
            and self.current is not None
            and self.fitted.log_loss < self.current.log_loss
        )


def _histories(
    reviews: Iterable[ReviewEntry], tz: tzinfo | None
) -> list[list[tuple[datetime, int]]]:
    """Each card's (moment, rating) history, oldest first, from its last time as a new card."""
    by_card: dict[tuple[str, str], list[ReviewEntry]] = defaultdict(list)
    for review in reviews:
        by_card[(review.deck_id, review.card_id)].append(review)
    out = []
    for entries in by_card.values():
        entries.sort(key=lambda r: r.at)
        starts = [i for i, r in enumerate(entries) if r.state_before is CardState.new]
        # A history that starts mid-way (its first reviews were lost or imported without
        # their start) still teaches the later steps; a reset card starts over.
        entries = entries[starts[-1] :] if starts else entries
        out.append([(r.at, int(r.rating)) for r in entries])
    return out


def fsrs_items(
    reviews: Iterable[ReviewEntry], tz: tzinfo | None = None
) -> list[tuple[datetime, rs.FSRSItem]]:
    """The log as FSRS items, each with the moment of its last review, oldest first."""
    items: list[tuple[datetime, rs.FSRSItem]] = []
    for history in _histories(reviews, tz):
        steps: list[rs.FSRSReview] = []
        last_day = study_day(history[0][0], tz)
        for at, rating in history:
            day = study_day(at, tz)
            delta = (day - last_day).days
            steps.append(rs.FSRSReview(rating, delta))
            last_day = day
            if delta > 0:
                item = rs.FSRSItem(list(steps))
                if item.long_term_review_cnt() > 0:
                    items.append((at, item))
    items.sort(key=lambda pair: pair[0])
    return items


def _within_bounds(parameters: Sequence[float]) -> tuple[float, ...]:
    """The fit as the `fsrs` Scheduler accepts it: the two FSRS share FSRS-6's bounds, but a
    rounding at an edge must not make the study screen refuse the deck's parameters."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS as LOW
    from fsrs.scheduler import UPPER_BOUNDS_PARAMETERS as HIGH

    return tuple(min(max(w, lo), hi) for w, lo, hi in zip(parameters, LOW, HIGH, strict=True))


def score(parameters: Sequence[float], items: Sequence[rs.FSRSItem]) -> Score:
    evaluation = rs.FSRS(list(parameters)).evaluate(list(items))
    return Score(log_loss=evaluation.log_loss, rmse_bins=evaluation.rmse_bins)


def fit(
    reviews: Sequence[ReviewEntry],
    current: Sequence[float] | None = None,
    *,
    tz: tzinfo | None = None,
    minimum: int = MIN_REVIEWS,
    relearning_steps: int = 1,
) -> Fit:
    """Fit FSRS-6 to `reviews` (one deck's log) and score it against `current` and the defaults."""
    count = len(reviews)
    if count < minimum:
        return Fit(reviews=count, needed=minimum - count)
    items = [item for _, item in fsrs_items(reviews, tz)]
    cut = int(len(items) * (1 - HOLDOUT))
    train, test = items[:cut], items[cut:]
    if len(train) < MIN_ITEMS or len(test) < MIN_ITEMS:
        # Many reviews but few on separate days (a cram session): wait for more days.
        return Fit(reviews=count, needed=0, too_few_days=True, train_items=len(train))
    fitted = _within_bounds(
        rs.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(
            train, enable_short_term=True, num_relearning_steps=relearning_steps
        )
    )
    defaults = score(DEFAULT_PARAMETERS, test)
    return Fit(
        reviews=count,
        needed=0,
        train_items=len(train),
        test_items=len(test),
        parameters=fitted,
        fitted=score(fitted, test),
        current=score(current, test) if current else defaults,
        defaults=defaults,
    )
