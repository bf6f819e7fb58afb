"""Matching answers: for each item on the left, choose its partner from a Select.

Keys: enter opens a Select, arrows and enter choose (or type to search); tab moves on
to the next row and, after the last, to the button that gives the answer. Choosing does
not move the focus itself: with a Tab habit, a jump after each choice skipped a row.
Mouse works as everywhere. The options are listed in the form's order.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Select, Static

from quizapp.grading import Response
from quizapp.ui.widgets.answer_base import AnswerInput


class MatchingAnswer(AnswerInput):
    DEFAULT_CSS = """
    MatchingAnswer .match-row { height: auto; }
    MatchingAnswer .match-left { width: 1fr; max-width: 40; padding: 0 1 0 0; }
    MatchingAnswer Select { width: 1fr; }
    MatchingAnswer #answer-submit { margin-top: 1; }
    """

    @property
    def hint(self) -> str:
        return (f"enter opens a list, ↑/↓ and enter choose, tab next row · then "
                f"{self.verb.capitalize()} answer")

    def compose(self) -> ComposeResult:
        # The value is the option's text: the response names it as grading expects.
        options = [(Text(right), right) for right in dict.fromkeys(self.form.options)]
        for n, left in enumerate(self.form.left):
            with Horizontal(classes="match-row"):
                yield Static(Content(left), classes="match-left")
                yield Select[str](options, prompt="choose…", compact=True, id=f"match-{n}")
        yield Button(f"{self.verb.capitalize()} answer", id="answer-submit", compact=True)

    def focus_answer(self) -> None:
        self.query(Select).first().focus()

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        event.stop()  # a choice is the widget's own business until the answer is given

    @on(Button.Pressed, "#answer-submit")
    def _give(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    def response(self) -> Response:
        chosen: dict[str, str] = {}
        for left, select in zip(self.form.left, self.query(Select), strict=True):
            if isinstance(select.value, str):
                chosen[left] = select.value
        return chosen
