"""Typed answers: one line (typed mode), or one line per cloze gap (gaps mode).

Enter on a gap moves to the next one; enter on the last gives the answer. Escape
leaves the box so the screen's own keys (suspend, bury, end...) work again.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from quizapp.answering import AnswerForm
from quizapp.grading import Response
from quizapp.ui.widgets.answer_base import AnswerInput


class AnswerLine(Input):
    BINDINGS = [Binding("escape", "leave", "Leave the answer", show=False, id="typed.leave")]

    def on_mount(self) -> None:
        if self.app.is_headless:  # no blinking cursor in tests and snapshots: stable output
            self.cursor_blink = False

    def action_leave(self) -> None:
        self.screen.set_focus(None)


def placeholders(form: AnswerForm) -> list[str]:
    """What each box says while empty: the gap's number and hint, a number's unit."""
    if form.mode == "gaps":
        return [f"gap {n}" + (f" ({hint})" if hint else "") for n, hint in enumerate(form.gaps, 1)]
    if form.numeric:
        return ["a number" + (f" in {form.unit}" if form.unit else "")]
    return ["your answer"]


class TypedAnswer(AnswerInput):
    """One AnswerLine per placeholder; the response is its text, or the list of gaps."""

    @property
    def hint(self) -> str:
        more = "enter moves to the next gap, on the last " if self.form.mode == "gaps" else "enter "
        return f"type, then {more}{self.verb}s · escape leaves the box"

    def compose(self) -> ComposeResult:
        for n, placeholder in enumerate(placeholders(self.form)):
            # Placeholders hold deck text: Input shows them as plain text, never markup.
            yield AnswerLine(
                placeholder=placeholder,
                id=f"gap-{n}",
                select_on_focus=False,
                max_length=self.form.max_length,
            )

    def focus_answer(self) -> None:
        lines = self.query(AnswerLine)
        if lines:
            lines.first().focus()

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
        if self.form.mode == "gaps":
            return values
        return values[0] if values else ""
