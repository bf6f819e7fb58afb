"""Answers picked from a list: multiple choice, multi-select, true/false.

Letters (a, b, c...) and digits (1, 2, 3...) choose an option, t/f true or false, and
enter checks; a click on an option chooses and checks at once. Multi-select toggles
with the letter, space or a click, and enter checks. Option text is deck text: Content.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList

from quizapp.grading import Response
from quizapp.model import MultipleChoice, MultiSelect, TrueFalse
from quizapp.ui.widgets.answer_base import AnswerInput

LETTERS = "abcdefghijklmnopqrstuvwxyz"


class Choices(OptionList):
    """An option list answered by letter or digit keys as well as arrows and enter."""

    BINDINGS = [
        Binding("enter", "check", "Check answer", id="answer.check"),
        Binding("space", "select", "Pick", show=False),
    ]

    def __init__(self, keys: dict[str, int], *options: Content) -> None:
        super().__init__(*options, markup=False)
        self.keys = keys

    def on_key(self, event: events.Key) -> None:
        index = self.keys.get(event.character or "")
        if index is not None and index < self.option_count:
            event.stop()
            event.prevent_default()
            self.highlighted = index
            answer = self.parent
            if isinstance(answer, ChoiceAnswer) and answer.multi:
                self.action_select()  # toggles

    def action_check(self) -> None:
        answer = self.parent
        if isinstance(answer, ChoiceAnswer):
            answer.on_enter()


class ChoiceAnswer(AnswerInput):
    """Pick one (multiple choice, true/false) or several (multi-select) options."""

    DEFAULT_CSS = """
    ChoiceAnswer Choices { border: none; padding: 0; }
    """

    def __init__(self, card: MultipleChoice | MultiSelect | TrueFalse) -> None:
        super().__init__(classes="answer-choice")
        self.card = card
        self.multi = isinstance(card, MultiSelect)
        if isinstance(card, TrueFalse):
            self.labels = ["True", "False"]
            self.keys = {"t": 0, "f": 1, "1": 0, "2": 1}
        else:
            self.labels = list(card.choices)
            self.keys = {LETTERS[i]: i for i in range(len(self.labels))}
            self.keys |= {str(i + 1): i for i in range(min(9, len(self.labels)))}
        self.picked: set[int] = set()
        if self.multi:
            self.hint = "a-z, space or click: tick choices · enter: check · - bury · ! suspend"
        elif isinstance(card, TrueFalse):
            self.hint = "t true · f false · enter: check (or click) · - bury · ! suspend"
        else:
            self.hint = "a-z or 1-9: choose · enter: check (or click) · - bury · ! suspend"

    def _prompt(self, index: int) -> Content:
        key = "tf"[index] if isinstance(self.card, TrueFalse) else LETTERS[index]
        box = ("[x] " if index in self.picked else "[ ] ") if self.multi else ""
        return Content.assemble(f"{key}) {box}", Content(self.labels[index]))

    def compose(self) -> ComposeResult:
        yield Choices(self.keys, *(self._prompt(i) for i in range(len(self.labels))))

    def focus_answer(self) -> None:
        choices = self.query_one(Choices)
        choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if not self.multi:
            self.picked = {index}
            self.submit()
            return
        self.picked ^= {index}
        self.query_one(Choices).replace_option_prompt_at_index(index, self._prompt(index))

    def on_enter(self) -> None:
        if self.multi:
            self.submit()
        else:
            self.query_one(Choices).action_select()

    def response(self) -> Response:
        if isinstance(self.card, TrueFalse):
            return None if not self.picked else 0 in self.picked
        picked = [self.labels[i] for i in sorted(self.picked)]
        return picked if self.multi else (picked[0] if picked else None)
