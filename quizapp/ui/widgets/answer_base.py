"""What every answer widget shares: it holds a response and says when it is submitted.

The study screen (and later the quiz screen) mounts the widget that fits a card's
kind, waits for `AnswerInput.Submitted`, and grades the response with quizapp.grading:
a widget never judges an answer itself.
"""

from __future__ import annotations

import random

from textual.message import Message
from textual.widget import Widget

from quizapp.grading import Response


class AnswerInput(Widget):
    """Base of the answer widgets; subclasses implement `response` and `focus_answer`."""

    DEFAULT_CSS = """
    AnswerInput { height: auto; margin-top: 1; }
    """

    #: One line for the hint bar: how to answer with this widget.
    hint = "answer, then enter to check"

    class Submitted(Message):
        """The student asked to check their answer."""

        def __init__(self, response: Response) -> None:
            super().__init__()
            self.response = response

    def response(self) -> Response:
        raise NotImplementedError

    def focus_answer(self) -> None:
        """Put the keyboard where the student starts answering."""
        self.focus()

    def submit(self) -> None:
        self.post_message(self.Submitted(self.response()))


def shuffled(items: tuple[str, ...], seed: str) -> list[str]:
    """`items` in an order that is not the right one (when there are 2+), stable per card.

    Seeded by the card id so a card looks the same when it comes back, and so tests
    and snapshots are deterministic.
    """
    order = list(items)
    rng = random.Random(seed)
    for _ in range(10):
        rng.shuffle(order)
        if order != list(items):
            break
    if order == list(items) and len(order) > 1:
        order = order[1:] + order[:1]
    return order
