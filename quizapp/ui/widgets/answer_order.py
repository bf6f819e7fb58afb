"""Ordering answers: a list whose items the student moves into order.

Keys: up/down (or k/j) move the cursor; ctrl+up/ctrl+down move the item under it;
space (or a click) picks an item up so up/down carry it, space again puts it down;
enter checks. Items start in a shuffled order that is stable per card.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList

from quizapp.grading import Response
from quizapp.model import Ordering
from quizapp.ui.widgets.answer_base import AnswerInput, shuffled


class OrderList(OptionList):
    BINDINGS = [
        Binding("enter", "check", "Check answer", id="answer.check"),
        Binding("space", "select", "Pick up / put down", id="order.pick"),
        Binding("ctrl+up", "move(-1)", "Move up", id="order.up"),
        Binding("ctrl+down", "move(1)", "Move down", id="order.down"),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("j", "cursor_down", "Down", show=False),
    ]

    def __init__(self, answer: OrderingAnswer, *options: Content) -> None:
        super().__init__(*options, markup=False)
        self.answer = answer

    def action_check(self) -> None:
        self.answer.submit()

    def action_move(self, step: int) -> None:
        if self.highlighted is not None:
            self.answer.move(self.highlighted, step)

    def action_cursor_up(self) -> None:
        if self.answer.carrying and self.highlighted is not None:
            self.answer.move(self.highlighted, -1)
        else:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.answer.carrying and self.highlighted is not None:
            self.answer.move(self.highlighted, 1)
        else:
            super().action_cursor_down()


class OrderingAnswer(AnswerInput):
    hint = "ctrl+↑/↓ move the item · space picks it up, ↑/↓ carry it · enter: check"
    DEFAULT_CSS = """
    OrderingAnswer OrderList { border: none; padding: 0; }
    """

    def __init__(self, card: Ordering) -> None:
        super().__init__(classes="answer-order")
        self.card = card
        self.order = shuffled(card.items, card.id)
        self.carrying = False

    def _prompt(self, index: int, highlighted: int | None) -> Content:
        mark = "⇅ " if self.carrying and index == highlighted else "  "
        return Content.assemble(f"{mark}{index + 1}. ", Content(self.order[index]))

    def compose(self) -> ComposeResult:
        yield OrderList(self, *(self._prompt(i, None) for i in range(len(self.order))))

    def focus_answer(self) -> None:
        items = self.query_one(OrderList)
        items.highlighted = 0
        items.focus()

    def _redraw(self, highlighted: int | None) -> None:
        items = self.query_one(OrderList)
        for i in range(len(self.order)):
            items.replace_option_prompt_at_index(i, self._prompt(i, highlighted))
        items.highlighted = highlighted

    def move(self, index: int, step: int) -> None:
        """Swap the item at `index` with its neighbour `step` away, cursor following it."""
        target = index + step
        if 0 <= target < len(self.order):
            self.order[index], self.order[target] = self.order[target], self.order[index]
            index = target
        self._redraw(index)

    @on(OptionList.OptionSelected)
    def _pick(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.carrying = not self.carrying
        self._redraw(event.option_index)

    def response(self) -> Response:
        return list(self.order)
