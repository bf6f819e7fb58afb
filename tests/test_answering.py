"""AnswerForm: what the student enters, built from a card (study), a quiz Question or the
host's public question, never carrying the answer; the response a form's widget gives
is the shape grading (and the classroom host) takes."""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.answering import AnswerForm
from quizapp.classroom.protocol import Question as PublicQuestion
from quizapp.classroom.questions import MAX_GAPS, answer_form, check_response, public_view
from quizapp.grading import Response, grade
from quizapp.model import Card, Deck
from quizapp.quiz import QuizSettings, build_quiz

CARDS: list[dict[str, Any]] = [
    {"kind": "multiple_choice", "id": "mc", "question": "Capital of France?",
     "choices": ["Lyon", "Paris", "Nice"], "answer": "Paris"},
    {"kind": "multi_select", "id": "ms", "question": "Primes?",
     "choices": ["2", "3", "4", "9"], "answers": ["3", "2"]},
    {"kind": "true_false", "id": "tf", "statement": "Water is wet.", "answer": True},
    {"kind": "short_answer", "id": "sa", "question": "Author of Hamlet?",
     "answers": ["Shakespeare"]},
    {"kind": "numeric", "id": "nu", "question": "Speed of light?", "answer": 299792,
     "tolerance": 500, "unit": "km/s"},
    {"kind": "cloze", "id": "cl",
     "text": "The {{c1::Rhine}} flows into the {{c2::North Sea::sea}}."},
    {"kind": "ordering", "id": "or", "question": "Oldest first",
     "items": ["Rome founded", "Magna Carta", "Moon landing"]},
    {"kind": "matching", "id": "ma", "question": "Match",
     "pairs": [["France", "Paris"], ["Spain", "Madrid"], ["Italy", "Rome"]]},
    {"kind": "flashcard", "id": "fc", "front": "Symbol of gold", "back": "Au"},
]  # fmt: skip
DECK = Deck.model_validate({"id": "all", "title": "All", "cards": CARDS})


def right_response(card: Card, form: AnswerForm) -> Response:
    """What a student who knows the answer enters in `form`, as its widget gives it."""
    if form.mode == "choice":
        assert card.answer_text in form.options
        return card.answer_text
    if form.mode == "true_false":
        return card.answer_text == "True"
    if form.mode == "multi":
        return [o for o in form.options if o in card.answers]  # type: ignore[union-attr]
    if form.mode == "gaps":
        return [gap.answer for gap in card.gaps]  # type: ignore[union-attr]
    if form.mode == "order":
        assert sorted(form.options) == sorted(card.items)  # type: ignore[union-attr]
        return list(card.items)  # type: ignore[union-attr]
    if form.mode == "match":
        pairs = dict(card.pairs)  # type: ignore[union-attr]
        assert sorted(form.options) == sorted(pairs.values())
        return {left: pairs[left] for left in form.left}
    return f"{card.answer:g}" if card.kind == "numeric" else card.answer_text  # type: ignore[union-attr]


def test_study_form_of_each_kind() -> None:
    forms = {card.id: AnswerForm.for_card(card, None) for card in DECK.cards}
    assert forms["fc"] is None  # a flashcard is revealed and rated, not answered
    modes = {cid: form.mode for cid, form in forms.items() if form is not None}
    assert modes == {"mc": "choice", "ms": "multi", "tf": "true_false", "sa": "typed",
                     "nu": "typed", "cl": "gaps", "or": "order", "ma": "match"}  # fmt: skip
    assert forms["mc"] == AnswerForm("choice", ("Lyon", "Paris", "Nice"))  # seed None: as written
    assert forms["tf"] == AnswerForm("true_false", ("True", "False"))
    assert forms["nu"] == AnswerForm("typed", numeric=True, unit="km/s")
    assert forms["sa"] == AnswerForm("typed")
    assert forms["cl"] == AnswerForm("gaps", gaps=("", "sea"))
    matching = forms["ma"]
    assert matching is not None and matching.left == ("France", "Spain", "Italy")
    # A showing's seed fixes its order: the same seed, the same letters.
    shown = AnswerForm.for_card(DECK.card("or"), 12345)
    assert shown == AnswerForm.for_card(DECK.card("or"), 12345)
    assert shown is not None and sorted(shown.options) == sorted(CARDS[6]["items"])


@pytest.mark.parametrize("card", DECK.cards, ids=lambda c: c.id)
def test_the_form_response_is_what_grading_takes(card: Card) -> None:
    form = AnswerForm.for_card(card, 99) or AnswerForm.for_question(card, "typed")
    result = grade(card, right_response(card, form))
    assert result.correct, result.feedback


def test_quiz_question_carries_its_form() -> None:
    quiz = build_quiz(DECK, QuizSettings(seed=5, flashcards="choice"))
    for question in quiz.questions:
        form = question.form
        assert form.mode == question.mode
        if question.mode in ("choice", "multi", "true_false", "order", "match"):
            assert form.options == question.options  # the quiz's order, as drawn
        assert grade(question.card, right_response(question.card, form)).correct
    # The only flashcard has no others to borrow wrong options from: typed, no unit.
    flash = next(q for q in quiz.questions if q.card.id == "fc")
    assert flash.form == AnswerForm("typed")
    numeric = next(q for q in quiz.questions if q.card.id == "nu")
    assert numeric.form == AnswerForm("typed", numeric=True, unit="km/s")


def public(card: Card, seed: int = 1) -> tuple[Any, PublicQuestion]:
    view = public_view(card, seed)
    return view, view.message(0, 1, 20.0, 20.0, 1000)


@pytest.mark.parametrize("card", DECK.cards, ids=lambda c: c.id)
def test_classroom_form_from_the_public_question(card: Card) -> None:
    view, question = public(card)
    form = answer_form(question)
    # What the student's widget gives is what the host accepts, and it grades right.
    response = check_response(view, right_response(card, form))
    assert grade(card, response).correct


def test_classroom_form_reveals_nothing_of_the_answer() -> None:
    """Two cards that differ only in their answer give the same form."""
    for card_id, other_answer in (("mc", {"answer": "Lyon"}), ("ms", {"answers": ["4"]}),
                                  ("tf", {"answer": False}), ("sa", {"answers": ["Marlowe"]}),
                                  ("nu", {"answer": 1, "tolerance": 0})):  # fmt: skip
        card = DECK.card(card_id)
        other = type(card).model_validate(card.model_dump() | other_answer)
        assert answer_form(public(card)[1]) == answer_form(public(other)[1]), card_id
    cloze = DECK.card("cl")
    other = type(cloze).model_validate(cloze.model_dump() | {"text": "The {{c1::Seine}} is in "
                                                            "{{c2::France::sea}}."})  # fmt: skip
    assert answer_form(public(cloze)[1]) == answer_form(public(other)[1])
    # The host's own hint survives only in the prompt; the form just counts gaps.
    assert answer_form(public(cloze)[1]).gaps == ("", "")


def test_a_host_gap_count_is_capped() -> None:
    _, question = public(DECK.card("cl"))
    flood = question.model_copy(update={"gaps": 10**9})
    assert len(answer_form(flood).gaps) == MAX_GAPS


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown answer mode"):
        AnswerForm("essay")  # type: ignore[arg-type]
