"""Scores that tell the truth (issue 18): a retry of the missed questions and a quiz ended
early are recorded as what they are and kept out of best, last and average."""

from __future__ import annotations

from datetime import timedelta

from quizapp.quiz import Attempt, QuizSession, load_attempts, retry_missed, save_attempt
from quizapp.quiz.attempts import ENDED, Scores
from quizapp.store import Library
from quizapp.study.recorded import quiz_answers
from tests.test_quiz import T0, Clock, finished_attempt, mixed_deck, ordered, wall

KINDS = ("true_false", "short_answer", "numeric", "cloze")


def test_a_full_quiz_is_full_and_counts() -> None:
    attempt = finished_attempt(mixed_deck(), {"tf": True, "sa": "nope"}, kinds=KINDS)
    assert (attempt.kind, attempt.counts, attempt.kind_text) == ("full", True, "")


def test_a_retry_of_the_missed_questions_is_a_retry() -> None:
    deck = mixed_deck()
    first = finished_attempt(deck, {"tf": True, "sa": "nope", "num": "12"}, kinds=KINDS)
    session = QuizSession(retry_missed(deck, first, seed=3), clock=Clock(), now=wall)
    while (question := session.current) is not None:
        session.answer(question, "Paris" if question.card.id == "sa" else None)
    retry = session.attempt()
    assert retry.kind == "retry" and not retry.counts
    assert retry.kind_text == "retry of 2 missed questions"


def test_ending_a_quiz_records_the_open_question_as_ended_not_timed_out() -> None:
    session = ordered(mixed_deck(), kinds=KINDS, per_question=30)
    first = session.current
    assert first is not None
    session.answer(first, True)
    assert session.current is not None  # the second question is open when the student ends
    session.finish()
    attempt = session.attempt()
    assert [item.verdict for item in attempt.questions] == ["correct", ENDED, ENDED, ENDED]
    assert attempt.kind == "ended" and not attempt.counts
    assert attempt.kind_text == "ended after 1 of 4 questions"
    # Not answered: not reviews of their cards when self-tests update the schedule.
    assert [a.card_id for a in quiz_answers(attempt)] == ["tf"]


def test_a_quiz_the_clock_ends_is_a_full_attempt() -> None:
    session = ordered(mixed_deck(), kinds=KINDS, time_limit=60)
    clock = session._clock
    assert isinstance(clock, Clock)
    clock.advance(61)
    attempt = session.attempt()
    assert attempt.kind == "full"
    assert {item.verdict for item in attempt.questions} == {"timed out"}


def test_a_retry_ended_early_stays_a_retry() -> None:
    deck = mixed_deck()
    first = finished_attempt(deck, {"tf": True}, kinds=KINDS)
    session = QuizSession(retry_missed(deck, first, seed=3), clock=Clock(), now=wall)
    session.finish()
    assert session.attempt().kind == "retry"


def scored(percent: float, day: int, kind: str = "full") -> Attempt:
    attempt = finished_attempt(mixed_deck(), {"tf": True}, kinds=("true_false",))
    return attempt.model_copy(
        update={"percent": percent, "started": T0 + timedelta(days=day), "kind": kind}
    )


def test_best_last_and_average_count_full_attempts_only() -> None:
    attempts = [
        scored(50.0, 1),
        scored(100.0, 2, "retry"),  # 4 missed questions, all right this time
        scored(75.0, 3),
        scored(90.0, 4, "ended"),  # ended after 6 of 16
        scored(100.0, 5, "retry"),
    ]
    scores = Scores.of(reversed(attempts))
    assert (scores.best, scores.last, scores.average) == (75.0, 75.0, 62.5)
    assert [a.percent for a in scores.counted] == [50.0, 75.0]
    assert [a.percent for a in scores.retries] == [100.0, 100.0]
    assert [a.percent for a in scores.ended] == [90.0]
    assert scores.apart == "2 retries and 1 ended early not counted"
    nothing = Scores.of([scored(100.0, 1, "retry")])
    assert (nothing.best, nothing.last, nothing.average) == (None, None, None)
    assert nothing.apart == "1 retry not counted"


def test_the_kind_is_stored_and_old_records_without_it_read_as_full(library: Library) -> None:
    retry = scored(100.0, 2, "retry")
    save_attempt(library, retry)
    old = scored(40.0, 1).model_dump(mode="json")
    del old["kind"]  # written before attempts had a kind
    library.append_record("attempts", old)
    loaded = load_attempts(library, "mix")
    assert [(a.percent, a.kind) for a in loaded] == [(40.0, "full"), (100.0, "retry")]
