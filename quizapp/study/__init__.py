"""Spaced-repetition study: which card comes next and what an answer does to it.

Scheduling is FSRS-6 through the `fsrs` package; this package only decides the
order of cards (learning, then reviews, then new), enforces the daily limits,
and keeps Anki's habits: the day rolls over at ROLLOVER_HOUR local time,
learning cards due within LEARN_AHEAD are shown when nothing else is left,
leeches are suspended. Pure and headless: the clock and timezone are injected,
records go out as CardProgress/ReviewEntry for the store to persist.

days.py: study days and the rollover; scheduling.py: one card's FSRS step and the
button intervals; queues.py: today's queues and counts; session.py: StudySession.
"""

# Names load on first use, as quizapp.model's do: the home screen's count needs
# queues.py alone, not the fsrs scheduler and the session.
from typing import TYPE_CHECKING

from quizapp.lazy import lazy_names

_WHERE = {
    "Answered": "quizapp.study.session",
    "Counts": "quizapp.study.queues",
    "LEARN_AHEAD": "quizapp.study.queues",
    "ROLLOVER_HOUR": "quizapp.study.days",
    "StudySession": "quizapp.study.session",
    "Summary": "quizapp.study.session",
    "card_counts": "quizapp.study.queues",
    "day_start": "quizapp.study.days",
    "deck_counts": "quizapp.study.queues",
    "default_rating": "quizapp.study.scheduling",
    "format_interval": "quizapp.study.scheduling",
    "is_leech_lapse": "quizapp.study.scheduling",
    "next_due": "quizapp.study.queues",
    "next_rollover": "quizapp.study.days",
    "preview_intervals": "quizapp.study.scheduling",
    "schedule": "quizapp.study.scheduling",
    "scheduler_for": "quizapp.study.scheduling",
    "study_day": "quizapp.study.days",
    "utcnow": "quizapp.study.days",
}


__getattr__ = lazy_names(__name__, _WHERE)


if TYPE_CHECKING:
    from quizapp.study.days import ROLLOVER_HOUR, day_start, next_rollover, study_day, utcnow
    from quizapp.study.queues import LEARN_AHEAD, Counts, card_counts, deck_counts, next_due
    from quizapp.study.scheduling import (
        default_rating,
        format_interval,
        is_leech_lapse,
        preview_intervals,
        schedule,
        scheduler_for,
    )
    from quizapp.study.session import Answered, StudySession, Summary

__all__ = [
    "LEARN_AHEAD",
    "ROLLOVER_HOUR",
    "Answered",
    "Counts",
    "StudySession",
    "Summary",
    "card_counts",
    "day_start",
    "deck_counts",
    "default_rating",
    "format_interval",
    "is_leech_lapse",
    "next_due",
    "next_rollover",
    "preview_intervals",
    "schedule",
    "scheduler_for",
    "study_day",
    "utcnow",
]
