"""Setting up a quiz: how many questions, which kinds, time limits, when to show feedback.

Sensible defaults (up to 10 questions, every kind, untimed, immediate feedback):
enter in any field starts. Open from the home screen as QuizSetupScreen(deck).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Label, RadioButton, RadioSet, SelectionList
from textual.widgets.selection_list import Selection

from quizapp.kinds import label
from quizapp.model import Deck
from quizapp.quiz import DEFAULT_QUESTIONS, QuizError, QuizSettings, build_quiz, parse_duration
from quizapp.ui.navigation import StartQuiz
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.marked import MarkedRadioButton, MarkedSelectionList
from quizapp.ui.widgets.title_bar import TitleBar
from quizapp.wording import counted


class QuizSetupScreen(Screen[None]):
    CSS_PATH = "quiz_setup.tcss"
    BINDINGS = [
        Binding("ctrl+s", "start", "Start", id="quiz.start"),
        Binding("escape", "app.pop_screen", "Back", id="quiz.setup.back"),
    ]

    def __init__(
        self,
        deck: Deck,
        *,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        seed: int | None = None,
    ) -> None:
        super().__init__()
        self.deck = deck
        self._clock, self._now, self._seed = clock, now, seed
        self.sub_title = "New quiz"

    def compose(self) -> ComposeResult:
        count = min(DEFAULT_QUESTIONS, len(self.deck.cards))
        yield TitleBar()
        with VerticalScroll(id="setup-form"):
            cards = counted(len(self.deck.cards), "card")
            yield Label(Content(f"Questions (the deck has {cards})"))
            yield Input(str(count), type="integer", id="setup-questions")
            yield Label("Kinds of question (space ticks)")
            yield MarkedSelectionList[str](  # ✓ on the kinds ticked
                *(
                    Selection(Content(f"{label(kind)} ({n})"), kind, True)
                    for kind, n in sorted(self.deck.kinds.items())
                ),
                id="setup-kinds",
            )
            with Horizontal(classes="setup-row"):
                with Vertical(classes="setup-cell"):
                    yield Label("Whole quiz time (10m, 1h…)")
                    yield Input(placeholder="none", id="setup-time")
                with Vertical(classes="setup-cell"):
                    yield Label("Time per question (30s…)")
                    yield Input(placeholder="none", id="setup-per-question")
            yield Label("Feedback")
            with RadioSet(id="setup-feedback"):
                # ● / ○: which one is chosen is not shown by colour alone
                yield MarkedRadioButton("after each question", value=True,
                                        id="feedback-immediate")
                yield MarkedRadioButton("only at the end", id="feedback-deferred")
            yield Label("", id="setup-error")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = self.deck.title
        for field in self.query(Input):
            if self.app.is_headless:
                field.cursor_blink = False
        self.query_one("#setup-questions", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def settings(self) -> QuizSettings:
        """The form as settings; ValueError names the field to fix."""
        text = self.query_one("#setup-questions", Input).value.strip()
        questions = int(text) if text else None
        if questions is not None and questions < 1:
            raise ValueError("Questions: give a number of 1 or more, or leave it empty for all")
        kinds = tuple(self.query_one("#setup-kinds", SelectionList).selected)
        if not kinds:
            raise ValueError("Kinds: tick at least one kind of question")
        limits = []
        for field_id, name in (
            ("#setup-time", "Whole quiz"),
            ("#setup-per-question", "Per question"),
        ):
            value = self.query_one(field_id, Input).value.strip()
            try:
                limits.append(parse_duration(value) if value else None)
            except ValueError as error:
                raise ValueError(f"{name}: {error}") from None
        deferred = self.query_one("#feedback-deferred", RadioButton).value
        return QuizSettings(
            questions=questions,
            kinds=kinds,
            time_limit=limits[0],
            per_question=limits[1],
            feedback="deferred" if deferred else "immediate",
            seed=self._seed,
        )

    def action_start(self) -> None:
        error_label = self.query_one("#setup-error", Label)
        try:
            quiz = build_quiz(self.deck, self.settings())
        except (ValueError, QuizError, ValidationError) as error:
            error_label.update(Content(str(error).splitlines()[0]))
            return
        error_label.update("")
        self.post_message(StartQuiz(quiz, self._clock, self._now))
