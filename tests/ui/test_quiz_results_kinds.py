"""The results of a quiz ended early or of a retry say that it is not a score to compare
(issue 18); the question open when the quiz was ended reads "not answered (ended)"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from quizapp.quiz import build_quiz, load_attempts
from quizapp.ui.screens.confirm import ConfirmScreen
from quizapp.ui.screens.quiz_question import QuizQuestionScreen
from quizapp.ui.screens.quiz_results import QuizResultsScreen
from tests.ui.quiz_app import Clock, open_library, quiz_app, quiz_deck, settings, wall
from tests.waiting import screen, until

KINDS = ("true_false", "numeric", "multi_select")


def ended_app(tmp_path: Path) -> Any:
    quiz = build_quiz(quiz_deck(), settings(kinds=KINDS, feedback="deferred"))
    return quiz_app(open_library(tmp_path), QuizQuestionScreen(quiz, clock=Clock(), now=wall))


async def answer_one_and_end(pilot: Pilot[None]) -> QuizResultsScreen:
    question = await screen(pilot, QuizQuestionScreen)
    await until(pilot, lambda: question.question is not None)
    await pilot.press("down", "enter")  # question 1 (true/false): False
    await until(pilot, lambda: question.question is not None and question.question.number == 2)
    await pilot.press("escape", "escape")  # leave the answer box, end the quiz: asked first
    await screen(pilot, ConfirmScreen)
    await pilot.press("y")
    return await screen(pilot, QuizResultsScreen)


async def test_an_ended_quiz_says_so_and_names_the_open_question(tmp_path: Path) -> None:
    app = ended_app(tmp_path)
    async with app.run_test() as pilot:
        results = await answer_one_and_end(pilot)
        kind = str(results.query_one("#results-kind", Static).render())
        assert kind == "Ended after 1 of 3 questions: not counted in best, last and average."
        shown = "\n".join(str(w.render()) for w in results.query(Static))
        assert shown.count("Not answered (ended)") == 2
        assert "Time's up" not in shown and "Skipped" not in shown
    (attempt,) = load_attempts(app.library, "mali")
    assert attempt.kind == "ended"
    app.library.close()


async def test_a_retry_says_it_is_a_retry(tmp_path: Path) -> None:
    quiz = build_quiz(quiz_deck(), settings(kinds=("true_false",), feedback="deferred"))
    app = quiz_app(open_library(tmp_path), QuizQuestionScreen(quiz, clock=Clock(), now=wall))
    async with app.run_test() as pilot:
        first = await screen(pilot, QuizQuestionScreen)
        await until(pilot, lambda: first.question is not None)
        await pilot.press("enter")  # True: wrong
        results = await screen(pilot, QuizResultsScreen)
        assert not results.query("#results-kind")  # a full quiz: nothing to say
        await pilot.press("r")
        await until(pilot, lambda: isinstance(pilot.app.screen, QuizQuestionScreen)
                    and pilot.app.screen is not first)  # fmt: skip
        retry = pilot.app.screen
        assert isinstance(retry, QuizQuestionScreen)
        await until(pilot, lambda: retry.question is not None)
        await pilot.press("down", "enter")  # False: right this time
        again = await screen(pilot, QuizResultsScreen)
        await until(pilot, lambda: again is not results and bool(again.query("#results-kind")))
        kind = str(again.query_one("#results-kind", Static).render())
        assert kind == "Retry of 1 missed question: not counted in best, last and average."
    assert [a.kind for a in load_attempts(app.library, "mali")] == ["full", "retry"]
    app.library.close()


@pytest.mark.parametrize("size", [(80, 24)], ids=["80x24"])
def test_ended_results_snapshot(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await answer_one_and_end(pilot)

    assert snap_compare(ended_app(tmp_path), run_before=run_before, terminal_size=size)
