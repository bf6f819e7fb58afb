"""Answer widgets for quiz questions, one per question mode, all with `response()`.

`answer_widget(question)` picks the widget. Each gives the response in the shape
`quizapp.grading.grade` takes (text, a list, a mapping) and never judges it. When
the student's key means "this is my answer" (enter in the last field, enter on a
choice) the widget posts `SubmitRequested`; the screen decides what happens.

Deck text is untrusted: labels are Content or rich Text, never markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Select, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from quizapp.grading import Response
from quizapp.model import Cloze, Matching, Numeric
from quizapp.quiz import Question


class SubmitRequested(Message):
    """The student pressed the key that gives their answer."""


def _letter(index: int) -> str:
    return chr(ord("a") + index)


def _quiet(field: Input) -> Input:
    # No blinking cursor when there is no terminal (tests, snapshots): output stays stable.
    if field.app.is_headless:
        field.cursor_blink = False
    return field


class AnswerWidget(Vertical):
    """The base: a question's answer area."""

    DEFAULT_CSS = "AnswerWidget { height: auto; }"

    def __init__(self, question: Question, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.question = question

    def response(self) -> Response:
        raise NotImplementedError

    def focus_first(self) -> None:
        focusable = [w for w in self.query("*") if w.can_focus]
        if focusable:
            focusable[0].focus()


class TypedAnswer(AnswerWidget):
    def compose(self) -> ComposeResult:
        card = self.question.card
        hint = "Type your answer; enter to submit"
        if isinstance(card, Numeric) and card.unit:
            hint = f"A number (in {card.unit}); enter to submit"
        yield Input(placeholder=hint, id="answer-text")

    def on_mount(self) -> None:
        _quiet(self.query_one(Input))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(SubmitRequested())

    def response(self) -> Response:
        return self.query_one(Input).value


class ChoiceAnswer(AnswerWidget):
    """One choice from a list: enter (or a click) picks and submits."""

    def compose(self) -> ComposeResult:
        yield OptionList(
            *(
                Option(Content.assemble(f"{_letter(i)}) ", Content(text)), id=str(i))
                for i, text in enumerate(self.question.options)
            ),
            id="answer-choices",
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(SubmitRequested())

    def response(self) -> Response:
        index = self.query_one(OptionList).highlighted
        return None if index is None else self.question.options[index]


class MultiAnswer(AnswerWidget):
    """Any number of choices: space ticks, ctrl+s submits."""

    def compose(self) -> ComposeResult:
        yield SelectionList[int](
            *(
                Selection(Content.assemble(f"{_letter(i)}) ", Content(text)), i)
                for i, text in enumerate(self.question.options)
            ),
            id="answer-multi",
        )

    def response(self) -> Response:
        picked = self.query_one(SelectionList).selected
        return [self.question.options[i] for i in sorted(picked)]


class GapsAnswer(AnswerWidget):
    """One field per cloze gap; enter moves to the next gap, and on the last one submits."""

    def compose(self) -> ComposeResult:
        card = self.question.card
        gaps = card.gaps if isinstance(card, Cloze) else []
        for number, gap in enumerate(gaps, 1):
            hint = f" ({gap.hint})" if gap.hint else ""
            yield Input(placeholder=f"gap {number}{hint}", classes="gap")

    def on_mount(self) -> None:
        for field in self.query(Input):
            _quiet(field)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        fields = list(self.query(Input))
        index = fields.index(event.input)
        if index + 1 < len(fields):
            fields[index + 1].focus()
        else:
            self.post_message(SubmitRequested())

    def response(self) -> Response:
        return [field.value for field in self.query(Input)]


class OrderAnswer(AnswerWidget):
    """Items to put in order: move the highlighted one with ctrl+up / ctrl+down (or [ and ])."""

    BINDINGS = [
        Binding("ctrl+up,left_square_bracket", "move(-1)", "Move up", id="quiz.move_up"),
        Binding("ctrl+down,right_square_bracket", "move(1)", "Move down", id="quiz.move_down"),
    ]

    def __init__(self, question: Question, **kwargs: object) -> None:
        super().__init__(question, **kwargs)
        self.order = list(question.options)

    def compose(self) -> ComposeResult:
        yield OptionList(id="answer-order")

    def on_mount(self) -> None:
        self._show(0)

    def _show(self, highlight: int) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(Content.assemble(f"{i + 1}. ", Content(text)))
            for i, text in enumerate(self.order)
        )
        options.highlighted = highlight

    def action_move(self, step: int) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index + step < len(self.order):
            return
        self.order[index], self.order[index + step] = self.order[index + step], self.order[index]
        self._show(index + step)

    def response(self) -> Response:
        return list(self.order)


class MatchAnswer(AnswerWidget):
    """For each item on the left, a pick from the right-hand side."""

    DEFAULT_CSS = """
    MatchAnswer Horizontal { height: auto; }
    MatchAnswer Label { width: 1fr; padding: 1 1 0 0; }
    MatchAnswer Select { width: 2fr; }
    """

    def compose(self) -> ComposeResult:
        card = self.question.card
        lefts = [left for left, _ in card.pairs] if isinstance(card, Matching) else []
        for index, left in enumerate(lefts):
            with Horizontal():
                yield Label(Content(left))
                yield Select[str](
                    ((Text(right), right) for right in self.question.options),
                    prompt="pick one",
                    id=f"match-{index}",
                )

    def response(self) -> Response:
        card = self.question.card
        if not isinstance(card, Matching):
            return {}
        out: dict[str, str] = {}
        for index, (left, _) in enumerate(card.pairs):
            value = self.query_one(f"#match-{index}", Select).value
            out[left] = value if isinstance(value, str) else ""
        return out


_WIDGETS: dict[str, type[AnswerWidget]] = {
    "typed": TypedAnswer,
    "choice": ChoiceAnswer,
    "true_false": ChoiceAnswer,
    "multi": MultiAnswer,
    "gaps": GapsAnswer,
    "order": OrderAnswer,
    "match": MatchAnswer,
}


def answer_widget(question: Question) -> AnswerWidget:
    return _WIDGETS[question.mode](question, id="answer")
