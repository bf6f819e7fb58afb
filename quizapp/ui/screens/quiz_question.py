"""The quiz itself: one question at a time, a countdown when timed, feedback if immediate.

The screen only shows and forwards: QuizRun (quizapp.quiz.service) keeps time, grades
with the deck's typo tolerance, decides what was entered, and saves the attempt when the
quiz is over (counted as reviews when the deck says so); the results screen then replaces
this one. The clock is injected (QuizQuestionScreen(quiz, clock=..., now=...)) so tests
can run a timer out without waiting. Escape asks before ending; a quiz left before
anything was answered saves nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quizapp import durations
from quizapp.grading import Response
from quizapp.kinds import label
from quizapp.quiz import Outcome, Question, Quiz, QuizSession, response_text
from quizapp.quiz.service import QuizRun
from quizapp.ui.navigation import ShowQuizResults
from quizapp.ui.screens.confirm import ConfirmScreen
from quizapp.ui.typed_app import app_library
from quizapp.ui.widgets.answer_base import AnswerInput
from quizapp.ui.widgets.answer_inputs import answer_input
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.quiz_feedback import QuizFeedback
from quizapp.ui.widgets.title_bar import TitleBar


class QuizQuestionScreen(Screen[None]):
    CSS_PATH = "quiz_question.tcss"
    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit", id="quiz.submit"),
        Binding("ctrl+n", "skip", "Skip", id="quiz.skip"),
        Binding("enter", "next", "Next", id="quiz.next"),
        Binding("escape", "end", "End quiz", id="quiz.end"),
    ]

    def __init__(
        self,
        quiz: Quiz,
        *,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        tick: float = 0.2,
    ) -> None:
        super().__init__()
        self.quiz = quiz
        self.deck = quiz.deck
        self._clock, self._now, self._tick_seconds = clock, now, tick
        self.quiz_run: QuizRun  # made on mount: it reads the deck's settings
        self.question: Question | None = None  # the one on screen
        self.showing_feedback = False
        self._done = False
        self.sub_title = "Quiz"

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="quiz-top"):
            yield Static(id="quiz-progress")
            yield Static(id="quiz-countdown")
        with VerticalScroll(id="quiz-body"):
            yield Static(id="quiz-prompt")
            yield Static(id="quiz-hint")
            yield Vertical(id="quiz-answer-area")
        yield KeysFooter()

    @property
    def session(self) -> QuizSession:
        """The quiz's time, grades and score (read only: the screen forwards to quiz_run)."""
        return self.quiz_run.session

    async def on_mount(self) -> None:
        from quizapp.study.recorded import record_quiz  # the study package: not at start-up

        self.quiz_run = QuizRun(
            self.quiz, app_library(self), clock=self._clock, now=self._now,
            count_reviews=record_quiz,
        )
        self.title = self.deck.title
        await self._show(self.quiz_run.current)
        if self.quiz.settings.time_limit or self.quiz.settings.per_question:
            self.set_interval(self._tick_seconds, self._tick)

    # --- showing ----------------------------------------------------------------------

    async def _show(self, question: Question | None) -> None:
        if question is None:
            self._finish()
            return
        self.question = question
        self.showing_feedback = False
        total = len(self.quiz.questions)
        kind = label(question.card.kind)
        self.query_one("#quiz-progress", Static).update(
            Content(f"Question {question.number}/{total} · {kind} · {question.points:g} pt")
        )
        self.query_one("#quiz-prompt", Static).update(Content(question.prompt))
        area = self.query_one("#quiz-answer-area", Vertical)
        await area.remove_children()
        widget = answer_input(question.form, verb="submit")
        await area.mount(widget)
        self.query_one("#quiz-hint", Static).update(Content(widget.hint))
        widget.focus_answer()
        self._update_countdown()
        self.refresh_bindings()

    async def _show_feedback(self, outcome: Outcome) -> None:
        self.showing_feedback = True
        area = self.query_one("#quiz-answer-area", Vertical)
        await area.remove_children()
        await area.mount(
            QuizFeedback(
                self.deck,
                outcome.question.card,
                verdict=outcome.verdict,
                response=response_text(outcome.response),
                points=outcome.points,
            )
        )
        last = outcome.question.number == len(self.quiz.questions) or self.quiz_run.finished
        hint = "Press enter to see the results." if last else "Press enter for the next question."
        await area.mount(Static(Content(hint), classes="quiz-hint"))
        self.query_one("#quiz-hint", Static).update("")
        self.set_focus(None)
        self._update_countdown()
        self.refresh_bindings()

    def _update_countdown(self) -> None:
        left = None if self.showing_feedback else self.quiz_run.remaining()
        text = Content("") if left is None else Content(f"⏱ {durations.countdown(left)} left")
        countdown = self.query_one("#quiz-countdown", Static)
        countdown.update(text)
        countdown.set_class(left is not None and left <= 10, "urgent")

    # --- the clock ----------------------------------------------------------------------

    async def _tick(self) -> None:
        # Not while a question (end the quiz?) is on top: it may not be replaced by results.
        if self.showing_feedback or self.question is None or not self.is_active:
            return
        # What is entered but not submitted counts when the time runs out (as in Moodle).
        outcome = self.quiz_run.tick(self.question, self._draft())
        if outcome is None:
            self._update_countdown()
        elif self.quiz_run.finished:  # the clock ended the quiz
            self._finish()
        else:  # the clock closed this question
            await self._after(outcome)

    def _draft(self) -> Response:
        """The current widget's response as it stands (the session decides if it is entered)."""
        widgets = self.query(AnswerInput)
        return widgets.first().response() if widgets else None

    # --- the student's keys -----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("submit", "skip"):
            return not self.showing_feedback
        if action == "next":
            return self.showing_feedback
        return True

    async def on_answer_input_submitted(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        if not event.stale:
            await self._answer(event.response)

    async def action_submit(self) -> None:
        widgets = self.query(AnswerInput)
        if widgets:
            await self._answer(widgets.first().response())

    async def _answer(self, response: Response) -> None:
        if self.showing_feedback or self.question is None:
            return
        await self._after(self.quiz_run.answer(self.question, response))

    async def action_skip(self) -> None:
        if self.showing_feedback or self.question is None:
            return
        await self._after(self.quiz_run.skip(self.question))

    async def action_next(self) -> None:
        if self.showing_feedback:
            await self._show(self.quiz_run.current)

    def action_end(self) -> None:
        """Escape: ask first; leaving before answering anything saves no attempt."""
        if self._done:
            return
        if self.quiz_run.answered:
            message = "End the quiz now? Questions not answered earn nothing."
        else:
            message = "Leave the quiz? Nothing is answered yet, so nothing is saved."
        self.app.push_screen(
            ConfirmScreen(message, yes="End quiz", no="Keep going"), self._end_confirmed
        )

    async def _end_confirmed(self, end: bool | None) -> None:
        if not end or self._done:
            return
        self.quiz_run.end(self._draft())  # time may have run out while asking
        if self.quiz_run.answered:
            self._finish()
        else:
            self._done = True
            self.dismiss()

    async def _after(self, outcome: Outcome) -> None:
        """Show feedback (immediate) or go on; a whole-quiz time-out ends the quiz."""
        if self.quiz_run.finished and outcome.verdict == "timed out":
            self._finish()
        elif self.quiz.settings.feedback == "immediate":
            await self._show_feedback(outcome)
        else:
            await self._show(self.quiz_run.current)

    def _finish(self) -> None:
        if self._done:
            return
        self._done = True
        saved = self.quiz_run.save()
        for problem in saved.problems:
            self.notify(problem, severity="error", markup=False)
        attempt = saved.attempt
        self.post_message(ShowQuizResults(self.deck, attempt, self._clock, self._now))
