"""SVG snapshots of the quiz screens: question (timed), feedback, results, setup.

Deterministic: a deck built in tests/ui/quiz_app.py, fixed seed, a clock that only
moves when told, a temp library. Check an updated snapshot by eye before keeping it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from quizapp.quiz import build_quiz
from quizapp.ui.screens.quiz_question import QuizQuestionScreen
from quizapp.ui.screens.quiz_setup import QuizSetupScreen
from tests.ui.quiz_app import Clock, open_library, quiz_app, quiz_deck, settings, wall

SIZES = [(80, 24), (120, 40)]


def question_app(tmp_path: Path, **kw: Any) -> Any:
    quiz = build_quiz(quiz_deck(), settings(**kw))
    return quiz_app(open_library(tmp_path), QuizQuestionScreen(quiz, clock=Clock(), now=wall))


@pytest.mark.parametrize("size", SIZES)
def test_question_timed(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    app = question_app(tmp_path, kinds=("multiple_choice", "numeric"), per_question=45)
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_question_flashcard_as_choice(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = question_app(tmp_path, card_ids=("desert", "lake"))
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_feedback_wrong(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    app = question_app(tmp_path, kinds=("multiple_choice",))

    async def answer_wrong(pilot: Pilot[None]) -> None:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, QuizQuestionScreen) and screen.question is not None
        wrong = next(o for o in screen.question.options if o != "Bamako")
        for _ in range(screen.question.options.index(wrong)):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, run_before=answer_wrong, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_results(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    app = question_app(
        tmp_path, kinds=("multiple_choice", "true_false", "numeric"), feedback="deferred"
    )

    async def take_quiz(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press("enter")  # the first choice, whichever it is
        await pilot.pause()
        await pilot.press("down", "enter")  # False: right
        await pilot.pause()
        await pilot.press(*"1961", "enter")  # wrong year
        await pilot.pause()

    assert snap_compare(app, run_before=take_quiz, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_setup(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    screen = QuizSetupScreen(quiz_deck(), clock=Clock(), now=wall, seed=1)
    assert snap_compare(quiz_app(open_library(tmp_path), screen), terminal_size=size)
