"""The answer widget that fits an AnswerForm (quizapp.answering)."""

from __future__ import annotations

from quizapp.answering import AnswerForm
from quizapp.ui.widgets.answer_base import AnswerInput
from quizapp.ui.widgets.answer_choice import ChoiceAnswer
from quizapp.ui.widgets.answer_match import MatchingAnswer
from quizapp.ui.widgets.answer_order import OrderingAnswer
from quizapp.ui.widgets.answer_typed import TypedAnswer


def answer_input(
    form: AnswerForm, *, verb: str = "check", letter_submits: bool = False
) -> AnswerInput:
    """The widget for `form`.

    `verb` names giving the answer where it is used (check, submit, send) in hints and
    buttons; with `letter_submits` a letter key answers a choice at once (live classroom).
    """
    if form.mode in ("choice", "multi", "true_false"):
        return ChoiceAnswer(form, verb=verb, letter_submits=letter_submits)
    if form.mode == "order":
        return OrderingAnswer(form, verb=verb)
    if form.mode == "match":
        return MatchingAnswer(form, verb=verb)
    return TypedAnswer(form, verb=verb)
