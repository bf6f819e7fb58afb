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
