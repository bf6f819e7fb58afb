"""Typed answers: one line for short answer and numeric cards, one line per cloze gap.

Enter on a gap moves to the next one; enter on the last checks the answer. Escape
leaves the input so the screen's one-letter keys (suspend, bury...) work again.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from quizapp.grading import Response
from quizapp.model import Cloze, Numeric, ShortAnswer
from quizapp.ui.widgets.answer_base import AnswerInput


class AnswerLine(Input):
    BINDINGS = [Binding("escape", "leave", "Leave the answer", show=False)]

    def action_leave(self) -> None:
        self.screen.set_focus(None)


class TypedAnswer(AnswerInput):
    """One Input (short answer, numeric) or one per gap (cloze)."""

    hint = "type, then enter to check · escape leaves the box (then s suspend, b bury)"

    def __init__(self, card: ShortAnswer | Numeric | Cloze) -> None:
        super().__init__(classes="answer-typed")
        self.card = card

    def _placeholders(self) -> list[str]:
        if isinstance(self.card, Cloze):
            return [
                f"gap {n}" + (f" ({gap.hint})" if gap.hint else "")
                for n, gap in enumerate(self.card.gaps, 1)
            ]
        if isinstance(self.card, Numeric):
            return ["a number" + (f" in {self.card.unit}" if self.card.unit else "")]
        return ["your answer"]

    def compose(self) -> ComposeResult:
        for n, placeholder in enumerate(self._placeholders()):
            # Rich Text placeholder: hints are deck text but are never parsed as markup.
            yield AnswerLine(placeholder=placeholder, id=f"gap-{n}", select_on_focus=False)

    def focus_answer(self) -> None:
        self.query(AnswerLine).first().focus()

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        lines = list(self.query(AnswerLine))
        index = lines.index(event.input) if event.input in lines else len(lines) - 1
        if index + 1 < len(lines):
            lines[index + 1].focus()
        else:
            self.submit()

    def response(self) -> Response:
        values = [line.value for line in self.query(AnswerLine)]
        return values if isinstance(self.card, Cloze) else values[0]
