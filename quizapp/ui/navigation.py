"""Where a screen asks to go next: messages the app answers by opening the next screen.

A screen that imported the screen after it (the question screen the results, the results
screen the questions) made an import cycle, and put the order of screens in the screens.
A screen posts one of these instead; it bubbles up to QuizApp, the one place that knows
which screen shows a quiz or its results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # only annotations: the home screen must not wait for the quiz models
    from collections.abc import Callable
    from datetime import datetime

    from quizapp.model import Deck
    from quizapp.quiz import Attempt, Quiz


class StartQuiz(Message):
    """Show `quiz`, question by question, in place of the screen that posts this."""

    def __init__(self, quiz: Quiz, clock: Callable[[], float], now: Callable[[], datetime]) -> None:
        super().__init__()
        self.quiz, self.clock, self.now = quiz, clock, now


class ShowQuizResults(Message):
    """Show the results of `attempt` in place of the screen that posts this."""

    def __init__(
        self,
        deck: Deck,
        attempt: Attempt,
        clock: Callable[[], float],
        now: Callable[[], datetime],
    ) -> None:
        super().__init__()
        self.deck, self.attempt, self.clock, self.now = deck, attempt, clock, now


class EditNewDeck(Message):
    """Open the editor on `deck`, not yet in the library, in place of the screen posting this."""

    def __init__(self, deck: Deck) -> None:
        super().__init__()
        self.deck = deck
