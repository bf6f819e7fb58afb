"""One card's scheduling: FSRS-6 through the `fsrs` package, plus Anki's leech rule.

What an answer does to a card's progress, what each rating button would give, and how
such a wait is written on a button.
"""

from __future__ import annotations

import zlib
from datetime import datetime, timedelta
from functools import lru_cache

import fsrs

from quizapp import durations
from quizapp.model import DeckError, Problem
from quizapp.model.progress import CardProgress, CardState, Rating, StudySettings
from quizapp.study.days import _utc

_STATES = {
    fsrs.State.Learning: CardState.learning,
    fsrs.State.Review: CardState.review,
    fsrs.State.Relearning: CardState.relearning,
}


@lru_cache(maxsize=64)
def scheduler_for(settings: StudySettings, *, fuzz: bool = True) -> fsrs.Scheduler:
    return fsrs.Scheduler(
        **({"parameters": settings.parameters} if settings.parameters else {}),
        desired_retention=settings.desired_retention,
        learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps_minutes),
        relearning_steps=tuple(timedelta(minutes=m) for m in settings.relearning_steps_minutes),
        maximum_interval=settings.maximum_interval_days,
        enable_fuzzing=fuzz,
    )


def default_rating(correct: bool) -> Rating:
    """What a graded answer rates unless the student changes it."""
    return Rating.good if correct else Rating.again


def _fsrs_card(progress: CardProgress, now: datetime) -> fsrs.Card:
    if progress.fsrs is None:
        # A stable id, so that Card() neither reads the wall clock nor sleeps.
        return fsrs.Card(card_id=zlib.crc32(progress.key.encode()), due=now)
    try:
        return fsrs.Card.from_dict(progress.fsrs)  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError) as error:
        problem = Problem(
            file=f"progress of deck '{progress.deck_id}'",
            card=progress.card_id,
            field="fsrs",
            message=f"the saved scheduling state cannot be read ({error!r}); "
            "restore a backup of the library or reset this card's progress",
        )
        raise DeckError([problem]) from error


def is_leech_lapse(lapses: int, threshold: int) -> bool:
    """Anki's rule: a leech at the threshold, then again every half threshold."""
    if lapses < threshold:
        return False
    return (lapses - threshold) % max(1, threshold // 2) == 0


def schedule(
    progress: CardProgress,
    rating: Rating,
    now: datetime,
    settings: StudySettings,
    *,
    fuzz: bool = True,
) -> tuple[CardProgress, bool]:
    """The card's progress after answering `rating` at `now`, and whether it just became a leech."""
    now, rating = _utc(now), Rating(rating)
    card, _ = scheduler_for(settings, fuzz=fuzz).review_card(
        _fsrs_card(progress, now), fsrs.Rating(int(rating)), now
    )
    lapsed = progress.state is CardState.review and rating is Rating.again
    lapses = progress.lapses + lapsed
    leeched = lapsed and is_leech_lapse(lapses, settings.leech_lapses)
    updated = progress.model_copy(
        update={
            "state": _STATES[card.state],
            "fsrs": dict(card.to_dict()),
            "due": card.due,
            "reps": progress.reps + 1,
            "lapses": lapses,
            "leech": progress.leech or leeched,
            "suspended": progress.suspended or leeched,
        }
    )
    return updated, leeched


def preview_intervals(
    progress: CardProgress, settings: StudySettings, now: datetime
) -> dict[Rating, timedelta]:
    """The wait each button would give, without fuzz (what the answer buttons show)."""
    now = _utc(now)
    scheduler = scheduler_for(settings, fuzz=False)
    card = _fsrs_card(progress, now)
    out: dict[Rating, timedelta] = {}
    for rating in Rating:
        after, _ = scheduler.review_card(card, fsrs.Rating(int(rating)), now)
        out[rating] = after.due - now
    return out


#: Kept under its old name for the study package's callers: the one formatter is
#: quizapp.durations.interval.
format_interval = durations.interval
