"""The answer widget that fits a card's kind (None for flashcards, which are self-rated)."""

from __future__ import annotations

from quizapp.model import (
    Card,
    Cloze,
    Matching,
    MultipleChoice,
    MultiSelect,
    Numeric,
    Ordering,
    ShortAnswer,
    TrueFalse,
)
from quizapp.ui.widgets.answer_base import AnswerInput
from quizapp.ui.widgets.answer_choice import ChoiceAnswer
from quizapp.ui.widgets.answer_match import MatchingAnswer
from quizapp.ui.widgets.answer_order import OrderingAnswer
from quizapp.ui.widgets.answer_typed import TypedAnswer


def answer_input_for(card: Card) -> AnswerInput | None:
    if isinstance(card, MultipleChoice | MultiSelect | TrueFalse):
        return ChoiceAnswer(card)
    if isinstance(card, ShortAnswer | Numeric | Cloze):
        return TypedAnswer(card)
    if isinstance(card, Ordering):
        return OrderingAnswer(card)
    if isinstance(card, Matching):
        return MatchingAnswer(card)
    return None
