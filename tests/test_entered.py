"""One definition of "did the student enter anything?" (quizapp.answering.entered).

The quiz screen once had its own copy that disagreed with the grader: an ordering left
as shown was dropped at a time-out but earned partial credit on ctrl+s. Both paths now
go through the session, which asks `entered`; these tests take each path and find the
same outcome. The order on screen is the student's answer even untouched: the shuffle
may show the right order, and that must be answerable as it stands.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from quizapp.answering import AnswerForm, entered, given
from quizapp.grading import Response
from quizapp.model import Deck
from quizapp.quiz import Question, QuizSession, QuizSettings, build_quiz


class Clock:
    def __init__(self) -> None:
        self.t = 50.0

    def __call__(self) -> float:
        return self.t


def _wall() -> datetime:
    return datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


ORDER = AnswerForm("order", ("b", "a", "c"))


@pytest.mark.parametrize(
    ("form", "response", "expected"),
    [
        (AnswerForm("typed"), None, False),
        (AnswerForm("typed"), "  \t", False),
        (AnswerForm("typed"), "\x1b\x07 ", False),  # only control characters: cleaned to blank
        (AnswerForm("typed"), "Paris", True),
        (AnswerForm("true_false", ("True", "False")), False, True),  # False is an answer
        (AnswerForm("choice", ("x", "y")), None, False),
        (AnswerForm("multi", ("x", "y")), [], False),
        (AnswerForm("multi", ("x", "y")), ["x", "y"], True),  # every box ticked is entered
        (AnswerForm("gaps", gaps=("", "")), ["", " "], False),
        (AnswerForm("gaps", gaps=("", "")), ["", "Rhine"], True),
        (AnswerForm("match", ("1", "2"), left=("a", "b")), {}, False),
        (AnswerForm("match", ("1", "2"), left=("a", "b")), {"a": ""}, False),
        (AnswerForm("match", ("1", "2"), left=("a", "b")), {"a": "2"}, True),
        (ORDER, ["b", "a", "c"], True),  # as shown, untouched: still the student's order
        (ORDER, ("b", "a", "c"), True),
        (ORDER, ["a", "b", "c"], True),
        (ORDER, [], False),
    ],
)
def test_entered(form: AnswerForm, response: Response, expected: bool) -> None:
    assert entered(form, response) is expected
    assert given(form, response) == (response if expected else None)


ITEMS = ["one", "two", "three", "four"]


def _ordering_quiz(seed: int, **limits: float) -> tuple[QuizSession, Clock, Question]:
    deck = Deck.model_validate(
        {
            "id": "d",
            "title": "D",
            "cards": [
                {"id": "o", "kind": "ordering", "question": "Oldest first",
                 "items": ITEMS},
            ],
        }
    )
    quiz = build_quiz(deck, QuizSettings(seed=seed, **limits))  # type: ignore[arg-type]
    clock = Clock()
    session = QuizSession(quiz, clock=clock, now=_wall)
    question = session.current
    assert question is not None and question.mode == "order"
    return session, clock, question


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_an_untouched_ordering_counts_the_same_submitted_or_at_the_deadline(seed: int) -> None:
    submitted, _, question = _ordering_quiz(seed, per_question=20)
    shown = list(question.form.options)
    by_key = submitted.answer(question, shown)  # ctrl+s without moving anything
    timed, clock, question = _ordering_quiz(seed, per_question=20)
    clock.t += 21
    timed.check_time(list(question.form.options))  # the same draft, seen by the timer
    (at_deadline,) = timed.outcomes
    assert by_key.response == at_deadline.response == shown
    assert by_key.verdict == at_deadline.verdict != "unanswered"
    assert by_key.points == at_deadline.points


def test_the_right_order_shown_untouched_is_right() -> None:
    # Every order can be shown, the right one too (1 showing in 24 here): find one.
    seed = next(s for s in range(2000) if list(_ordering_quiz(s)[2].form.options) == ITEMS)
    session, _, question = _ordering_quiz(seed)
    outcome = session.answer(question, list(question.form.options))
    assert outcome.verdict == "correct" and outcome.points == question.points


def test_an_ordering_sent_empty_is_no_answer_on_both_paths() -> None:
    session, _, question = _ordering_quiz(3)
    assert session.answer(question, []).verdict == "unanswered"
    timed, clock, _ = _ordering_quiz(3, per_question=20)
    clock.t += 21
    timed.check_time([])
    assert timed.outcomes[0].verdict == "timed out"


@pytest.mark.parametrize("deadline", [False, True])
def test_a_moved_ordering_is_graded_on_both_paths(deadline: bool) -> None:
    session, clock, question = _ordering_quiz(3, per_question=20)
    if deadline:
        clock.t += 21
        session.check_time(ITEMS)
        outcome = session.outcomes[0]
    else:
        outcome = session.answer(question, ITEMS)
    assert outcome.verdict == "correct" and outcome.response == ITEMS
