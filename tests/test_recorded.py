"""Answers given outside study mode recorded as reviews: self-tests (opt-in per deck)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizapp.model import CardState, Rating, StudySettings
from quizapp.quiz import Attempt, AttemptItem, QuizSettings
from quizapp.store import Library
from quizapp.study.recorded import (
    OutsideAnswer,
    as_reviews,
    quiz_answers,
    record_answers,
    record_quiz,
)
from tests.conftest import make_deck

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def attempt(deck_id: str = "demo") -> Attempt:
    items = (
        AttemptItem(card_id="c0", kind="flashcard", verdict="correct", correct=True, time_ms=4000),
        AttemptItem(card_id="c1", kind="flashcard", verdict="wrong", time_ms=6000),
        AttemptItem(card_id="c2", kind="flashcard", verdict="unanswered", time_ms=30000),
        AttemptItem(card_id="gone", kind="flashcard", verdict="correct", correct=True, time_ms=1),
    )
    return Attempt(
        deck_id=deck_id, started=AT, finished=AT + timedelta(minutes=1), settings=QuizSettings(),
        questions=items, points=1, max_points=4, percent=25, correct=1, time_ms=40001,
    )


def test_right_is_good_wrong_is_again_with_the_time_taken() -> None:
    answers = [OutsideAnswer("c0", True, AT, 4000), OutsideAnswer("c1", False, AT, 6000)]
    changed, reviews = as_reviews("d", answers, {}, StudySettings(), "quiz", fuzz=False)
    assert [(r.card_id, r.rating, r.correct, r.duration_ms, r.source) for r in reviews] == [
        ("c0", Rating.good, True, 4000, "quiz"),
        ("c1", Rating.again, False, 6000, "quiz"),
    ]
    assert all(r.state_before is CardState.new for r in reviews)
    assert {p.card_id for p in changed} == {"c0", "c1"} and all(p.reps == 1 for p in changed)


def test_quiz_answers_skip_the_unanswered_and_keep_their_order() -> None:
    answers = quiz_answers(attempt())
    assert [a.card_id for a in answers] == ["c0", "c1", "gone"]
    assert answers[0].at == AT + timedelta(seconds=4)
    assert answers[1].at == AT + timedelta(seconds=10)


def test_self_tests_count_only_when_the_deck_says_so(library: Library) -> None:
    library.import_deck(make_deck("demo", n=3), backup=False)
    assert record_quiz(library, attempt()) == 0  # off by default
    assert library.reviews("demo") == [] and library.progress("demo") == {}
    library.set_settings("demo", StudySettings(self_tests_update=True))
    assert record_quiz(library, attempt()) == 2  # "gone" is not a card of the deck
    reviews = library.reviews("demo")
    assert [(r.card_id, r.rating, r.source) for r in reviews] == [
        ("c0", Rating.good, "quiz"),
        ("c1", Rating.again, "quiz"),
    ]
    progress = library.progress("demo")
    assert set(progress) == {"c0", "c1"} and progress["c0"].state is CardState.learning


def test_recorded_reviews_survive_reopening(data_dir: Path) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck("demo", n=2), backup=False)
        assert record_answers(lib, "demo", [OutsideAnswer("c0", True, AT, 1000)], "classroom") == 1
    with Library.open(data_dir) as lib:
        [review] = lib.reviews("demo")
        assert review.source == "classroom" and lib.progress("demo")["c0"].reps == 1


def test_cli_settings_turns_self_tests_on_and_off(data_dir: Path) -> None:
    from click.testing import CliRunner

    from quizapp.cli import cli

    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck("demo", n=1), backup=False)
    runner = CliRunner()
    base = ["--data-dir", str(data_dir), "settings", "demo"]
    assert "self-tests count    no" in runner.invoke(cli, base).output
    on = runner.invoke(cli, [*base, "--self-tests-update"])
    assert on.exit_code == 0 and "self-tests count    yes" in on.output
    with Library.open(data_dir) as lib:
        assert lib.settings("demo").self_tests_update
    off = runner.invoke(cli, [*base, "--no-self-tests-update"])
    assert "self-tests count    no" in off.output
