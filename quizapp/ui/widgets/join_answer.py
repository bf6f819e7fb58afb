"""Answer widgets for a live question as the host sends it (the public view).

The study widgets (answer_*.py) take a deck Card and shuffle options themselves;
a student in a live quiz has no card, only the host's `Question` with choices and
items already in the order the host chose. So these take that Question and give
the response in the shape the host checks (quizapp.classroom.questions): a choice's
text, True/False, a list of choices, typed text, one text per gap, the items in
order, or a left -> right mapping. They post AnswerInput.Submitted; they never judge.

Question text comes from the host: it is cleaned on parse and shown as Content.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Input, OptionList, Select, Static

from quizapp.classroom.protocol import Question, Response
from quizapp.ui.widgets.answer_base import AnswerInput

LETTERS = "abcdefghijklmnopqrstuvwxyz"


class LiveChoices(OptionList):
    """Options answered by letter or digit keys as well as arrows and enter."""

    BINDINGS = [
        Binding("enter", "send", "Send answer", id="join.send"),
        Binding("space", "select", "Pick", show=False),
    ]

    def __init__(self, owner: LiveChoiceAnswer, keys: dict[str, int], *options: Content) -> None:
        super().__init__(*options, markup=False)
        self.owner = owner
        self.keys = keys

    def on_key(self, event: events.Key) -> None:
        index = self.keys.get(event.character or "")
        if index is not None and index < self.option_count:
            event.stop()
            event.prevent_default()
            self.highlighted = index
            self.action_select()

    def action_send(self) -> None:
        if self.owner.multi:
            self.owner.submit()
        else:
            self.action_select()


class LiveChoiceAnswer(AnswerInput):
    """One choice (multiple choice, true/false) or several (multi-select: space ticks)."""

    DEFAULT_CSS = """
    LiveChoiceAnswer LiveChoices, LiveChoiceAnswer LiveChoices:focus {
        border: none; padding: 0; height: auto;
    }
    """

    def __init__(self, question: Question) -> None:
        super().__init__(classes="join-choice")
        self.question = question
        self.multi = question.kind == "multi_select"
        self.true_false = question.kind == "true_false"
        self.labels = list(question.choices) or (["True", "False"] if self.true_false else [])
        if self.true_false:
            self.keys = {"t": 0, "f": 1, "1": 0, "2": 1}
        else:
            self.keys = {LETTERS[i]: i for i in range(min(26, len(self.labels)))}
            self.keys |= {str(i + 1): i for i in range(min(9, len(self.labels)))}
        self.picked: set[int] = set()

    def _prompt(self, index: int) -> Content:
        key = "tf"[index] if self.true_false else LETTERS[index % 26]
        box = ("[x] " if index in self.picked else "[ ] ") if self.multi else ""
        return Content.assemble(f"{key}) {box}", Content(self.labels[index]))

    def compose(self) -> ComposeResult:
        yield LiveChoices(self, self.keys, *(self._prompt(i) for i in range(len(self.labels))))

    def focus_answer(self) -> None:
        choices = self.query_one(LiveChoices)
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
        self.query_one(LiveChoices).replace_option_prompt_at_index(index, self._prompt(index))

    def response(self) -> Response:
        if self.true_false:
            return 0 in self.picked
        picked = [self.labels[i] for i in sorted(self.picked)]
        return picked if self.multi else (picked[0] if picked else "")


class LiveTypedAnswer(AnswerInput):
    """One line (short answer, numeric) or one per cloze gap; enter on the last one sends."""

    def __init__(self, question: Question) -> None:
        super().__init__(classes="join-typed")
        self.question = question
        if question.kind == "cloze":
            self.hints = [f"gap {n}" for n in range(1, question.gaps + 1)]
        elif question.kind == "numeric":
            self.hints = ["a number" + (f" in {question.unit}" if question.unit else "")]
        else:
            self.hints = ["your answer"]

    def compose(self) -> ComposeResult:
        for n, hint in enumerate(self.hints):
            yield Input(placeholder=hint, id=f"gap-{n}", max_length=500, select_on_focus=False)

    def on_mount(self) -> None:
        if self.app.is_headless:  # no blinking cursor in tests and snapshots
            for field in self.query(Input):
                field.cursor_blink = False

    def focus_answer(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        fields = list(self.query(Input))
        index = fields.index(event.input)
        if index + 1 < len(fields):
            fields[index + 1].focus()
        else:
            self.submit()

    def response(self) -> Response:
        values = [field.value for field in self.query(Input)]
        return values if self.question.kind == "cloze" else values[0]


class LiveOrderList(OptionList):
    BINDINGS = [
        Binding("enter", "send", "Send answer", id="join.send_order"),
        Binding("ctrl+up,left_square_bracket", "move(-1)", "Move up", id="join.up"),
        Binding("ctrl+down,right_square_bracket", "move(1)", "Move down", id="join.down"),
    ]

    def __init__(self, owner: LiveOrderAnswer, *options: Content) -> None:
        super().__init__(*options, markup=False)
        self.owner = owner

    def action_send(self) -> None:
        self.owner.submit()

    def action_move(self, step: int) -> None:
        if self.highlighted is not None:
            self.owner.move(self.highlighted, step)


class LiveOrderAnswer(AnswerInput):
    """The host's (shuffled) items; ctrl+up / ctrl+down (or [ and ]) move one; enter sends."""

    DEFAULT_CSS = """
    LiveOrderAnswer LiveOrderList, LiveOrderAnswer LiveOrderList:focus {
        border: none; padding: 0; height: auto;
    }
    """

    def __init__(self, question: Question) -> None:
        super().__init__(classes="join-order")
        self.order = list(question.items)

    def _prompt(self, index: int) -> Content:
        return Content.assemble(f"{index + 1}. ", Content(self.order[index]))

    def compose(self) -> ComposeResult:
        yield LiveOrderList(self, *(self._prompt(i) for i in range(len(self.order))))

    def focus_answer(self) -> None:
        items = self.query_one(LiveOrderList)
        items.highlighted = 0
        items.focus()

    def move(self, index: int, step: int) -> None:
        target = index + step
        if not 0 <= target < len(self.order):
            return
        self.order[index], self.order[target] = self.order[target], self.order[index]
        items = self.query_one(LiveOrderList)
        for i in (index, target):
            items.replace_option_prompt_at_index(i, self._prompt(i))
        items.highlighted = target

    def response(self) -> Response:
        return list(self.order)


class LiveMatchAnswer(AnswerInput):
    """For each left side a Select of the right sides (in the host's order); then Send."""

    DEFAULT_CSS = """
    LiveMatchAnswer .match-row { height: auto; }
    LiveMatchAnswer .match-left { width: 1fr; max-width: 40; padding: 0 1 0 0; }
    LiveMatchAnswer Select { width: 1fr; }
    LiveMatchAnswer #match-send { margin-top: 1; }
    """

    def __init__(self, question: Question) -> None:
        super().__init__(classes="join-match")
        self.lefts = list(question.left)
        self.rights = list(question.right)

    def compose(self) -> ComposeResult:
        options = [(Text(right), i) for i, right in enumerate(self.rights)]
        for n, left in enumerate(self.lefts):
            with Horizontal(classes="match-row"):
                yield Static(Content(left), classes="match-left")
                yield Select[int](options, prompt="choose…", compact=True, id=f"match-{n}")
        yield Button("Send answer", id="match-send", compact=True)

    def focus_answer(self) -> None:
        self.query(Select).first().focus()

    @on(Button.Pressed, "#match-send")
    def _send(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    def response(self) -> Response:
        chosen: dict[str, str] = {}
        for left, select in zip(self.lefts, self.query(Select), strict=True):
            if isinstance(select.value, int):
                chosen[left] = self.rights[select.value]
        return chosen


def live_answer_for(question: Question) -> AnswerInput:
    """The widget that answers `question` as the host sent it."""
    if question.kind in ("multiple_choice", "multi_select", "true_false"):
        return LiveChoiceAnswer(question)
    if question.kind == "ordering":
        return LiveOrderAnswer(question)
    if question.kind == "matching":
        return LiveMatchAnswer(question)
    return LiveTypedAnswer(question)
