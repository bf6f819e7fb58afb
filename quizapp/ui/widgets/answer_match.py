"""Matching answers: for each item on the left, choose its partner from a Select.

Keys: enter opens a Select, arrows and enter choose (or type to search); focus then
moves to the next Select and, after the last, to the Check button. Mouse works as
everywhere. The right-hand items are listed in a shuffled order that is stable per card.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Select, Static

from quizapp.grading import Response
from quizapp.model import Matching
from quizapp.ui.widgets.answer_base import AnswerInput, shuffled


class MatchingAnswer(AnswerInput):
    DEFAULT_CSS = """
    MatchingAnswer .match-row { height: auto; }
    MatchingAnswer .match-left { width: 1fr; max-width: 40; padding: 0 1 0 0; }
    MatchingAnswer Select { width: 1fr; }
    MatchingAnswer #match-check { margin-top: 1; }
    """

    hint = "enter opens a list, ↑/↓ and enter choose · then Check answer"

    def __init__(self, card: Matching) -> None:
        super().__init__(classes="answer-match")
        self.card = card
        self.lefts = [left for left, _ in card.pairs]
        self.rights = shuffled(tuple(right for _, right in card.pairs), card.id)

    def compose(self) -> ComposeResult:
        options = [(Text(right), i) for i, right in enumerate(self.rights)]
        for n, left in enumerate(self.lefts):
            with Horizontal(classes="match-row"):
                yield Static(Content(left), classes="match-left")
                yield Select[int](options, prompt="choose…", compact=True, id=f"match-{n}")
        yield Button("Check answer", id="match-check", compact=True)

    def focus_answer(self) -> None:
        self.query(Select).first().focus()

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is not Select.NULL and event.select.has_focus:
            self.screen.focus_next()

    @on(Button.Pressed, "#match-check")
    def _check(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    def response(self) -> Response:
        chosen: dict[str, str] = {}
        for left, select in zip(self.lefts, self.query(Select), strict=True):
            value = select.value
            if isinstance(value, int):
                chosen[left] = self.rights[value]
        return chosen
