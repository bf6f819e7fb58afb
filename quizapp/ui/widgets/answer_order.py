"""Ordering answers: a list whose items the student moves into order.

Keys: up/down (or k/j) move the cursor; ctrl+up/ctrl+down (or [ and ]) move the item
under it; space (or a click) picks an item up so up/down carry it, space again puts
it down; enter gives the answer. Items start in the form's order.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList

from quizapp.answering import AnswerForm
from quizapp.grading import Response
from quizapp.ui.widgets.answer_base import AnswerInput


class OrderList(OptionList):
    BINDINGS = [
        Binding("enter", "give", "Answer", id="answer.check"),
        Binding("space", "select", "Pick up / put down", id="order.pick"),
        Binding("ctrl+up,left_square_bracket", "move(-1)", "Move up", id="order.up"),
        Binding("ctrl+down,right_square_bracket", "move(1)", "Move down", id="order.down"),
        Binding("k", "cursor_up", "Up", show=False, id="order.cursor_up"),
        Binding("j", "cursor_down", "Down", show=False, id="order.cursor_down"),
    ]

    def __init__(self, owner: OrderingAnswer, *options: Content) -> None:
        super().__init__(*options, markup=False)
        self.owner = owner

    def action_give(self) -> None:
        self.owner.submit()

    def action_move(self, step: int) -> None:
        if self.highlighted is not None:
            self.owner.move(self.highlighted, step)

    def action_cursor_up(self) -> None:
        if self.owner.carrying and self.highlighted is not None:
            self.owner.move(self.highlighted, -1)
        else:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.owner.carrying and self.highlighted is not None:
            self.owner.move(self.highlighted, 1)
        else:
            super().action_cursor_down()


class OrderingAnswer(AnswerInput):
    DEFAULT_CSS = """
    OrderingAnswer OrderList, OrderingAnswer OrderList:focus {
        border: none; padding: 0; height: auto;
    }
    """

    def __init__(self, form: AnswerForm, *, verb: str = "check") -> None:
        super().__init__(form, verb=verb)
        self.order = list(form.options)
        self.carrying = False

    @property
    def hint(self) -> str:
        return (
            f"ctrl+↑/↓ or [ ] move the item · space picks it up, ↑/↓ carry it · enter: {self.verb}"
        )

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
