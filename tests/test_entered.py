"""One definition of "did the student enter anything?" (quizapp.answering.entered).

The quiz screen once had its own copy that disagreed with the grader: an ordering left
as shown was dropped at a time-out but earned partial credit on ctrl+s. Both paths now
go through the session, which asks `entered`; these tests take each path.
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
        (ORDER, ["b", "a", "c"], False),  # as shown: untouched
        (ORDER, ("b", "a", "c"), False),
        (ORDER, ["a", "b", "c"], True),
    ],
)
def test_entered(form: AnswerForm, response: Response, expected: bool) -> None:
    assert entered(form, response) is expected
    assert given(form, response) == (response if expected else None)


def _ordering_quiz(**limits: float) -> tuple[QuizSession, Clock, Question]:
    deck = Deck.model_validate(
        {
            "id": "d",
            "title": "D",
            "cards": [
                {"id": "o", "kind": "ordering", "question": "Oldest first",
                 "items": ["one", "two", "three", "four"]},
            ],
        }
    )
    quiz = build_quiz(deck, QuizSettings(seed=3, **limits))  # type: ignore[arg-type]
    clock = Clock()
    session = QuizSession(quiz, clock=clock, now=_wall)
    question = session.current
    assert question is not None and question.mode == "order"
    # The shuffle never shows the right order, and the shown order earns partial credit
    # when graded as an answer (the bug: some neighbours already right).
    assert list(question.form.options) != ["one", "two", "three", "four"]
    return session, clock, question


def test_untouched_ordering_submitted_is_no_answer() -> None:
    session, _, question = _ordering_quiz()
    outcome = session.answer(question, list(question.form.options))
    assert outcome.verdict == "unanswered"
    assert outcome.points == 0 and outcome.response is None


def test_untouched_ordering_at_the_deadline_is_no_answer() -> None:
    session, clock, question = _ordering_quiz(per_question=20)
    clock.t += 21
    session.check_time(list(question.form.options))  # the draft the timer saw
    (outcome,) = session.outcomes
    assert outcome.verdict == "timed out"
    assert outcome.points == 0 and outcome.response is None


@pytest.mark.parametrize("deadline", [False, True])
def test_a_moved_ordering_is_graded_on_both_paths(deadline: bool) -> None:
    session, clock, question = _ordering_quiz(per_question=20)
    answer = ["one", "two", "three", "four"]
    if deadline:
        clock.t += 21
        session.check_time(answer)
        outcome = session.outcomes[0]
    else:
        outcome = session.answer(question, answer)
    assert outcome.verdict == "correct" and outcome.response == answer
