"""QuizRun: a quiz taken against a real library, as the quiz screen drives it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from quizapp.model import StudySettings
from quizapp.quiz import QuizSettings, build_quiz, load_attempts
from quizapp.quiz.service import QuizRun
from quizapp.store import Library
from quizapp.study.recorded import record_quiz
from tests.conftest import make_deck

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.t = 10.0

    def __call__(self) -> float:
        return self.t


def _run(library: Library, **settings: object) -> tuple[QuizRun, Clock]:
    deck = library.deck("demo")
    quiz = build_quiz(
        deck, QuizSettings(seed=1, shuffle_questions=False, flashcards="typed", **settings)  # type: ignore[arg-type]
    )
    clock = Clock()
    return QuizRun(quiz, library, clock=clock, now=lambda: T0, count_reviews=record_quiz), clock


def _answer_all(run: QuizRun, right: bool) -> None:
    while (question := run.current) is not None:
        run.answer(question, question.card.answer_text if right else "no idea")


def test_grades_with_the_decks_tolerance_and_saves_once(library: Library) -> None:
    library.import_deck(make_deck(n=2))
    library.set_settings("demo", StudySettings(typo_tolerance=0.0))
    run, _ = _run(library)
    assert run.session.settings.typo_tolerance == 0.0
    _answer_all(run, right=True)
    saved = run.save()
    assert saved.problems == () and saved.attempt.id is not None
    assert run.save() is saved  # a second call (a timer and a key at once) stores nothing more
    (stored,) = load_attempts(library, "demo")
    assert stored.id == saved.attempt.id and stored.correct == 2


def test_answers_count_as_reviews_only_when_the_deck_says_so(library: Library) -> None:
    library.import_deck(make_deck(n=2))
    run, _ = _run(library)
    _answer_all(run, right=False)
    run.save()
    assert library.reviews("demo") == []
    library.set_settings("demo", StudySettings(self_tests_update=True))
    run, _ = _run(library)
    _answer_all(run, right=True)
    run.save()
    assert sorted(r.card_id for r in library.reviews("demo")) == ["c0", "c1"]


def test_the_timer_grades_the_draft_and_an_early_end_is_not_answered(library: Library) -> None:
    library.import_deck(make_deck(n=2))
    run, clock = _run(library, per_question=30)
    question = run.current
    assert question is not None
    assert run.tick(question, "draft") is None and not run.answered
    clock.t += 31
    outcome = run.tick(question, question.card.answer_text)
    assert outcome is not None and outcome.verdict == "correct" and run.answered
    run.end(None)
    assert run.finished
    assert [o.verdict for o in run.session.outcomes] == ["correct", "ended"]


def test_a_store_that_refuses_is_said_not_raised(data_dir: Path) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(n=1))
    library = Library.open(data_dir, read_only=True)
    try:
        run, _ = _run(library)
        _answer_all(run, right=True)
        saved = run.save()
        assert saved.attempt.id is None
        (problem,) = saved.problems
        assert problem.startswith("The attempt was not saved")
    finally:
        library.close()
