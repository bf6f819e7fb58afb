"""What the student must enter to answer a question, without the answer: an AnswerForm.

Study, quiz and the live classroom ask the same kinds of question; the form says how
the student answers (a mode) and what they answer from (options in display order,
left sides of a matching, gaps with their hints, a unit). One family of answer widgets
(quizapp/ui/widgets/answer_*.py) draws any form and gives the response in the shape
`quizapp.grading.grade` takes for that mode:

    typed       str                    short answer, numeric, a flashcard typed
    choice      str (an option)        multiple choice, a flashcard as a choice; None: none
    true_false  bool                   None: none picked
    multi       list[str] (options)    every option ticked, in display order
    gaps        list[str]              one text per gap
    order       list[str]              every option, in the student's order
    match       dict[str, str]         left side -> chosen right option (unchosen left out)

A form carries nothing of the answer: the classroom builds a student's form from the
host's public question only (quizapp.classroom.questions.answer_form).

`entered(form, response)` is the one answer to "did the student enter anything?": the
quiz (submit and time-out alike), study and the editor's preview ask it through `given`,
so a response counts the same on every path (an untouched ordering once had none at a
time-out and partial credit on ctrl+s, from two definitions that disagreed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from quizapp.grading import Response, blank_response
from quizapp.model.cards import (
    Card,
    Cloze,
    Flashcard,
    Matching,
    MultipleChoice,
    MultiSelect,
    Numeric,
    Ordering,
    TrueFalse,
)
from quizapp.shuffle import display_order

Mode = Literal["typed", "choice", "multi", "true_false", "gaps", "order", "match"]
MODES: tuple[str, ...] = get_args(Mode)
#: The options of a true/false question, in the order they are shown.
TRUE_FALSE: tuple[str, str] = ("True", "False")


@dataclass(frozen=True)
class AnswerForm:
    """How a question is answered; built by `for_card`, `for_question` or the classroom."""

    mode: Mode
    #: choice / multi / true_false: the options in display order; order: the items in
    #: their starting order; match: the right-hand options.
    options: tuple[str, ...] = ()
    #: match: the left-hand items, each to be given one option.
    left: tuple[str, ...] = ()
    #: gaps: one hint per gap ("" where the deck gives none).
    gaps: tuple[str, ...] = ()
    #: typed: a number is expected, in `unit` when there is one.
    numeric: bool = False
    unit: str = ""
    #: typed / gaps: longest text accepted per field (0: no limit).
    max_length: int = 0

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown answer mode {self.mode!r}; modes are: {', '.join(MODES)}")

    @classmethod
    def for_card(cls, card: Card, seed: int | None) -> AnswerForm | None:
        """The study form of `card` for one showing; None for a flashcard, which the student rates.

        Choices, ordering items and matching options come in `quizapp.shuffle.display_order`
        for `seed`: draw one per showing (`quizapp.shuffle.new_seed`) and keep the form while
        the card is shown, so its letters stay put; None keeps the order as written.
        """
        if isinstance(card, Flashcard):
            return None
        if isinstance(card, TrueFalse):
            return cls.for_question(card, "true_false", TRUE_FALSE)
        if isinstance(card, Cloze):
            return cls.for_question(card, "gaps")
        mode = _STUDY_MODES.get(type(card))
        if mode is not None:
            return cls.for_question(card, mode, display_order(card, seed))
        return cls.for_question(card, "typed")  # short answer, numeric

    @classmethod
    def for_question(cls, card: Card, mode: Mode, options: Sequence[str] = ()) -> AnswerForm:
        """The form of `card` asked in `mode` with `options` already in display order.

        The quiz decides mode and order (a flashcard may be a choice of backs); the
        rest (gaps and their hints, a numeric unit, matching left sides) comes from the card.
        """
        if mode == "gaps":
            gaps = tuple(gap.hint for gap in card.gaps) if isinstance(card, Cloze) else ()
            return cls(mode, gaps=gaps)
        if mode == "match":
            left = tuple(lhs for lhs, _ in card.pairs) if isinstance(card, Matching) else ()
            return cls(mode, tuple(options), left=left)
        if mode == "typed" and isinstance(card, Numeric):
            return cls(mode, numeric=True, unit=card.unit)
        return cls(mode, tuple(options))


_STUDY_MODES: dict[type, Mode] = {
    MultipleChoice: "choice",
    MultiSelect: "multi",
    Ordering: "order",
    Matching: "match",
}


def entered(form: AnswerForm, response: Response) -> bool:
    """Whether `response` to `form` holds anything the student entered.

    Blank text, nothing picked, an empty or all-blank collection or mapping
    (`grading.blank_response`) is nothing, in every mode. An ordering is never blank:
    its widget always gives every item, and the order on screen is the student's
    answer even if they never moved an item. The shuffle may show the right order
    (quizapp.shuffle: every order is possible, or the order itself is a tell), and a
    student who sees it must be able to give it; so an untouched ordering is graded
    when submitted and at a time-out alike, as Moodle grades the order on screen.
    """
    del form  # every mode's rule is the blank rule; the form is what was asked
    return not blank_response(response)


def given(form: AnswerForm, response: Response) -> Response:
    """`response` if the student entered something (`entered`), else None: what to grade."""
    return response if entered(form, response) else None
