"""One quiz being taken: the clock, the answers, the score (QuizSession).

Grading is `quizapp.grading.grade`; this module decides when time is up and what a
question is worth (card.points times the grade's partial credit). The monotonic clock
and the wall clock are injected so tests can travel in time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from quizapp.answering import given
from quizapp.grading import Grade, Response, deck_grading, grade
from quizapp.quiz.attempts import ENDED, Attempt, AttemptItem, attempt_kind, response_text
from quizapp.quiz.build import Question, Quiz


@dataclass(frozen=True)
class Outcome:
    question: Question
    response: Response
    grade: Grade
    verdict: str  # the grade's verdict, or "skipped" / "timed out" / "ended"
    points: float
    time_ms: int


class QuizSession:
    """One quiz being taken. Questions come in order; each is answered, skipped or timed out.

    `clock` is monotonic seconds (time.monotonic); `now` gives the wall time for the record;
    `typo_tolerance` is the deck's setting (StudySettings.typo_tolerance).
    A question's time starts when it becomes current. Call `check_time(draft)` (the UI does
    so on every tick, with what the student has typed so far): a per-question limit closes
    the question, a whole-quiz limit ends the quiz. The draft on screen at the deadline is
    graded as the answer; questions with none earn nothing. An answer submitted after the
    limit is refused.
    """

    def __init__(
        self,
        quiz: Quiz,
        *,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        typo_tolerance: float | None = None,
    ) -> None:
        self.quiz = quiz
        # One typo tolerance: the deck's (library.settings(deck_id).typo_tolerance), or a
        # deck's default when the caller has no library; recorded with the attempt.
        self._grading = deck_grading(quiz.deck.language, typo_tolerance)
        self.settings = quiz.settings.model_copy(
            update={"typo_tolerance": self._grading.typo_tolerance}
        )
        self._clock = clock
        self._now = now
        self.started = now()
        self._t0 = clock()
        # When the current question's clock started; None until it is shown (see `current`).
        self._shown: float | None = self._t0
        self._t_end: float | None = None
        self.finished_at: datetime | None = None
        self.outcomes: list[Outcome] = []
        self.ended_early = False  # finish() closed questions still open (attempts.py)

    # --- where we are ---------------------------------------------------------------

    @property
    def questions(self) -> tuple[Question, ...]:
        return self.quiz.questions

    @property
    def current(self) -> Question | None:
        """The question to show now; asking for it starts its clock.

        With immediate feedback the next question's clock waits until it is asked for,
        so time spent reading feedback is not taken from the next question. With deferred
        feedback the next question starts the moment the previous one closes.
        """
        self.check_time()
        question = self._current()
        if question is not None and self._shown is None:
            self._shown = self._clock()
        return question

    def _current(self) -> Question | None:
        index = len(self.outcomes)
        return None if self._t_end is not None else self.questions[index]

    @property
    def finished(self) -> bool:
        self.check_time()
        return self._t_end is not None

    def remaining(self) -> float | None:
        """Seconds left for the current question (the tighter of both limits), or None."""
        if self._t_end is not None:
            return None
        now = self._clock()
        shown = self._shown if self._shown is not None else now
        left = [
            limit - (now - start)
            for limit, start in (
                (self.settings.time_limit, self._t0),
                (self.settings.per_question, shown),
            )
            if limit is not None
        ]
        return max(0.0, min(left)) if left else None

    # --- answering ------------------------------------------------------------------

    def check_time(self, draft: Response = None) -> None:
        """Close what the clock has closed: timed-out questions, or the whole quiz.

        `draft` is what the student has entered on the current question without
        submitting it (None: nothing), as the timer saw it. When the deadline has passed
        it is graded as the answer given at the deadline, as Moodle submits an open
        attempt when time runs out; questions not yet shown earn nothing.
        """
        while self._t_end is None:
            now = self._clock()
            quiz_end = self._t0 + self.settings.time_limit if self.settings.time_limit else None
            limit = self.settings.per_question
            question_end = self._shown + limit if limit and self._shown is not None else None
            ends = [end for end in (quiz_end, question_end) if end is not None]
            if not ends or now < min(ends):
                return
            at = min(ends)
            question = self._current_or_fail()
            # What counts as entered is answering.entered, as for a submitted answer.
            draft = given(question.form, draft) if self._shown is not None else None
            verdict = None if draft is not None else "timed out"
            self._record(question, draft, verdict, at=at)
            draft = None  # it belonged to the question just closed
            if at == quiz_end:
                self._close_all("timed out", at=at)
                return

    def _current_or_fail(self) -> Question:
        question = self._current()
        if question is None:
            raise ValueError("the quiz is over")
        return question

    def answer(self, question: Question, response: Response) -> Outcome:
        """Grade the current question's answer; a late answer gets the time-out outcome.

        A response with nothing entered (`quizapp.answering.entered`: blank, or an
        ordering left as shown) is graded as no answer, as it is at a time-out.
        """
        self.check_time()
        late = self._late(question)
        if late is not None:
            return late
        return self._record(question, given(question.form, response), None, at=self._clock())

    def skip(self, question: Question) -> Outcome:
        """Move on without answering: no credit."""
        self.check_time()
        late = self._late(question)
        if late is not None:
            return late
        return self._record(question, None, "skipped", at=self._clock())

    def _late(self, question: Question) -> Outcome | None:
        closed = self.outcome(question.number)
        if closed is not None:
            return closed
        if question != self._current_or_fail():
            raise ValueError(f"question {question.number} is not the current one")
        return None

    def finish(self) -> None:
        """End now (the student gave up): what is left earns nothing, recorded as ended."""
        if self._t_end is None:
            self.ended_early = True
            self._close_all(ENDED, at=self._clock())

    def _close_all(self, verdict: str, *, at: float) -> None:
        while self._t_end is None:
            self._record(self._current_or_fail(), None, verdict, at=at)

    def _record(
        self, question: Question, response: Response, verdict: str | None, *, at: float
    ) -> Outcome:
        result = grade(question.card, response, self._grading)
        shown = self._shown if self._shown is not None else at
        points = result.score * question.points
        outcome = Outcome(
            question,
            response,
            result,
            verdict or result.verdict,
            points,
            max(0, round((at - shown) * 1000)),
        )
        self.outcomes.append(outcome)
        self._shown = at if self.settings.feedback == "deferred" else None
        if len(self.outcomes) == len(self.questions):
            self._t_end = at
            self.finished_at = self._now()
        return outcome

    def outcome(self, number: int) -> Outcome | None:
        return self.outcomes[number - 1] if number <= len(self.outcomes) else None

    def visible_feedback(self, number: int) -> Outcome | None:
        """What the student may see of question `number` now: at once, or only at the end."""
        if self.settings.feedback == "deferred" and not self.finished:
            return None
        return self.outcome(number)

    # --- the score ------------------------------------------------------------------

    @property
    def points(self) -> float:
        return sum(o.points for o in self.outcomes)

    @property
    def max_points(self) -> float:
        return sum(q.points for q in self.questions)

    @property
    def percent(self) -> float:
        return round(100 * self.points / self.max_points, 1) if self.max_points else 0.0

    @property
    def time_taken(self) -> float:
        """Seconds from the start to the end (or to now, while running)."""
        end = self._t_end if self._t_end is not None else self._clock()
        return end - self._t0

    def attempt(self) -> Attempt:
        """The record of the finished quiz (call after `finished`)."""
        if not self.finished:
            raise ValueError("the quiz is not over yet")
        items = tuple(
            AttemptItem(
                card_id=o.question.card.id,
                kind=o.question.card.kind,
                mode=o.question.mode,
                response=response_text(o.response),
                verdict=o.verdict,
                score=o.grade.score,
                points=o.points,
                max_points=o.question.points,
                correct=o.grade.correct,
                time_ms=o.time_ms,
            )
            for o in self.outcomes
        )
        return Attempt(
            deck_id=self.quiz.deck.id,
            started=self.started,
            finished=self.finished_at or self._now(),
            settings=self.settings,
            questions=items,
            points=self.points,
            max_points=self.max_points,
            percent=self.percent,
            correct=sum(item.correct for item in items),
            time_ms=round(self.time_taken * 1000),
            kind=attempt_kind(retry=self.quiz.retry, ended_early=self.ended_early),
        )
