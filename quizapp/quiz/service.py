"""A quiz taken against the library: what the quiz screen calls, so it only shows and forwards.

`QuizRun` joins a `QuizSession` (time, grading, score) to the library: it grades with the
deck's typo tolerance (library.settings), takes the timer's draft, ends the quiz when
asked, and saves the attempt when it is over, counting the answers as reviews when the
deck's settings say so. Scoring an attempt (retries, ended early) is
quizapp/quiz/attempts.py's; this module only calls it.

Counting answers as reviews is the study package's (quizapp.study.recorded.record_quiz),
which sits above the quiz in the layers, so the caller hands it in as `count_reviews`.
A store that fails is never raised at the screen: `save` says what was not done.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from quizapp.grading import Response
from quizapp.model import DeckError
from quizapp.quiz.attempts import Attempt, save_attempt
from quizapp.quiz.build import Question, Quiz
from quizapp.quiz.session import Outcome, QuizSession
from quizapp.store import Library, StoreError

#: Records a finished attempt's answers as reviews (quizapp.study.recorded.record_quiz).
ReviewCounter = Callable[[Library, Attempt], object]


@dataclass(frozen=True)
class Saved:
    """What became of a finished quiz: the attempt (with its record id once stored)."""

    attempt: Attempt
    #: What could not be done, each in words for the user.
    problems: tuple[str, ...] = ()


class QuizRun:
    """One quiz being taken by the student in front of the screen, against `library`."""

    def __init__(
        self,
        quiz: Quiz,
        library: Library,
        *,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        count_reviews: ReviewCounter | None = None,
    ) -> None:
        self.quiz = quiz
        self.library = library
        tolerance = library.settings(quiz.deck.id).typo_tolerance
        self.session = QuizSession(quiz, clock=clock, now=now, typo_tolerance=tolerance)
        self._count_reviews = count_reviews
        self._saved: Saved | None = None

    @property
    def current(self) -> Question | None:
        return self.session.current

    @property
    def finished(self) -> bool:
        return self.session.finished

    def remaining(self) -> float | None:
        return self.session.remaining()

    def answer(self, question: Question, response: Response) -> Outcome:
        return self.session.answer(question, response)

    def skip(self, question: Question) -> Outcome:
        return self.session.skip(question)

    def tick(self, question: Question, draft: Response) -> Outcome | None:
        """The timer's check, with what stands on screen: `question`'s outcome if the clock
        closed it (its draft graded as the answer, as Moodle does), else None."""
        self.session.check_time(draft)
        return self.session.outcome(question.number)

    @property
    def answered(self) -> bool:
        """Whether anything was answered: a quiz left before that saves nothing."""
        return any(o.response is not None for o in self.session.outcomes)

    def end(self, draft: Response) -> None:
        """The student ends the quiz; time may have run out while they were asked."""
        self.session.check_time(draft)
        self.session.finish()

    def save(self) -> Saved:
        """Store the finished attempt (once) and count it as reviews if the deck says so."""
        if self._saved is not None:
            return self._saved
        attempt = self.session.attempt()
        problems = []
        try:
            attempt = attempt.model_copy(update={"id": save_attempt(self.library, attempt)})
        except StoreError as error:
            problems.append(f"The attempt was not saved: {error}")
        if self._count_reviews is not None:
            try:
                self._count_reviews(self.library, attempt)
            except (StoreError, DeckError) as error:
                problems.append(f"Not counted as reviews: {error}")
        self._saved = Saved(attempt, tuple(problems))
        return self._saved
