"""Answers given outside study mode (a self-test, a live classroom game) as reviews.

When the student wants it (a deck's `self_tests_update` for quizzes, the join flag for
live games), each answered question becomes a review of its card in the student's own
library, exactly as study mode rates a graded answer: right is Good, wrong is Again
(`default_rating`), with the time taken; the review's `source` names where it was given.
Questions left unanswered are not reviews. Cards the deck no longer has are skipped.
The progress and the reviews are saved in one durable step (Library.import_history).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from quizapp.model.progress import CardProgress, ReviewEntry, StudySettings
from quizapp.quiz.attempts import NOT_ANSWERED
from quizapp.study.scheduling import default_rating, schedule

if TYPE_CHECKING:
    from quizapp.store import Library


@dataclass(frozen=True)
class OutsideAnswer:
    card_id: str
    correct: bool
    at: datetime
    duration_ms: int


def as_reviews(
    deck_id: str,
    answers: Iterable[OutsideAnswer],
    progress: dict[str, CardProgress],
    settings: StudySettings,
    source: str,
    *,
    fuzz: bool = True,
) -> tuple[list[CardProgress], list[ReviewEntry]]:
    """The cards' new progress and the reviews the answers make, oldest answer first."""
    current = dict(progress)
    reviews = []
    for answer in sorted(answers, key=lambda a: a.at):
        before = current.get(answer.card_id)
        before = before or CardProgress(deck_id=deck_id, card_id=answer.card_id)
        rating = default_rating(answer.correct)
        after, _ = schedule(before, rating, answer.at, settings, fuzz=fuzz)
        current[answer.card_id] = after
        reviews.append(
            ReviewEntry(
                deck_id=deck_id,
                card_id=answer.card_id,
                rating=rating,
                at=answer.at,
                duration_ms=max(0, answer.duration_ms),
                state_before=before.state,
                state_after=after.state,
                due_after=after.due,
                correct=answer.correct,
                source=source,
            )
        )
    changed = [p for key, p in current.items() if progress.get(key) != p]
    return changed, reviews


def record_answers(
    library: Library, deck_id: str, answers: Iterable[OutsideAnswer], source: str
) -> int:
    """Record the answers as reviews of the deck's cards; returns how many were recorded."""
    known = set(library.card_ids(deck_id))
    mine = [a for a in answers if a.card_id in known]
    if not mine:
        return 0
    changed, reviews = as_reviews(
        deck_id, mine, library.progress(deck_id), library.settings(deck_id), source
    )
    return library.import_history(deck_id, changed, reviews)


def quiz_answers(attempt: Any) -> list[OutsideAnswer]:
    """A finished quiz's answered questions, each at the moment it was answered."""
    out, at = [], attempt.started
    for item in attempt.questions:
        at = at + timedelta(milliseconds=item.time_ms)
        if item.verdict in NOT_ANSWERED:
            continue
        out.append(OutsideAnswer(item.card_id, item.correct, at, item.time_ms))
    return out


def record_quiz(library: Library, attempt: Any) -> int:
    """A self-test's answers as reviews, if the deck's settings say self-tests count."""
    if library.read_only or not library.settings(attempt.deck_id).self_tests_update:
        return 0
    return record_answers(library, attempt.deck_id, quiz_answers(attempt), "quiz")
