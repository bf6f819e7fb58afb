"""Answers picked from a list: one choice, true/false, or several (multi).

Letters (a, b, c...) and digits (1, 2, 3...) choose an option, t and f true or false;
enter gives the answer and a click on an option chooses and gives it at once. Where a
quick answer counts (the live classroom), `letter_submits` makes the letter give it too.
Multi: the letter, space or a click ticks and unticks; enter gives every ticked option.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList

from quizapp.answering import TRUE_FALSE, AnswerForm
from quizapp.grading import Response
from quizapp.ui.widgets.answer_base import AnswerInput

LETTERS = "abcdefghijklmnopqrstuvwxyz"


class Choices(OptionList):
    """An option list answered by letter or digit keys as well as arrows and enter."""

    BINDINGS = [
        Binding("enter", "give", "Answer", id="answer.check"),
        Binding("space", "select", "Pick", show=False, id="choice.pick"),
    ]

    def __init__(self, owner: ChoiceAnswer, *options: Content) -> None:
        super().__init__(*options, markup=False)
        self.owner = owner

    def on_key(self, event: events.Key) -> None:
        index = self.owner.keys.get(event.character or "")
        if index is not None and index < self.option_count:
            event.stop()
            event.prevent_default()
            self.highlighted = index
            if self.owner.multi or self.owner.letter_submits:
                self.action_select()  # ticks (multi) or answers

    def action_give(self) -> None:
        if self.owner.multi:
            self.owner.submit()
        else:
            self.action_select()  # picks the highlighted option, which answers


class ChoiceAnswer(AnswerInput):
    """Pick one (choice, true/false) or several (multi) of the form's options."""

    DEFAULT_CSS = """
    ChoiceAnswer Choices, ChoiceAnswer Choices:focus { border: none; padding: 0; height: auto; }
    """

    def __init__(self, form: AnswerForm, *, verb: str = "check", letter_submits: bool = False):
        super().__init__(form, verb=verb)
        self.multi = form.mode == "multi"
        self.true_false = form.mode == "true_false"
        self.letter_submits = letter_submits
        self.labels = list(form.options)
        if self.true_false:
            # t and f find True and False wherever they stand; 1 and 2 follow the list.
            self.marks = ["t" if label == TRUE_FALSE[0] else "f" for label in self.labels]
        else:
            self.marks = [LETTERS[i % len(LETTERS)] for i in range(len(self.labels))]
        self.keys = {mark: i for i, mark in reversed(list(enumerate(self.marks)))}
        self.keys |= {str(i + 1): i for i in range(min(9, len(self.labels)))}
        self.picked: set[int] = set()

    @property
    def hint(self) -> str:
        if self.multi:
            return f"a-z, space or click: tick choices · enter: {self.verb}"
        keys = "t true · f false" if self.true_false else "a-z or 1-9: choose"
        if self.letter_submits:
            return f"{keys} ({self.verb}s at once) · or arrows and enter"
        return f"{keys} · enter: {self.verb} (or click)"

    def _prompt(self, index: int) -> Content:
        box = ("[x] " if index in self.picked else "[ ] ") if self.multi else ""
        return Content.assemble(f"{self.marks[index]}) {box}", Content(self.labels[index]))

    def compose(self) -> ComposeResult:
        yield Choices(self, *(self._prompt(i) for i in range(len(self.labels))))

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

    def response(self) -> Response:
        picked = [self.labels[i] for i in sorted(self.picked)]
        if self.multi:
            return picked
        if not picked:
            return None
        return picked[0] == TRUE_FALSE[0] if self.true_false else picked[0]
