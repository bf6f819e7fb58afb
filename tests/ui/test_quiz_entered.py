"""The quiz screen forwards, the session decides what was entered: an ordering left as it
was shown counts the same on ctrl+s and when the timer runs out (it once had partial
credit on one path and none on the other, from two definitions of "entered")."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.grading import grade
from quizapp.model import Deck
from quizapp.quiz import build_quiz, load_attempts, response_text
from quizapp.ui.screens.quiz_question import QuizQuestionScreen
from quizapp.ui.screens.quiz_results import QuizResultsScreen
from quizapp.ui.widgets.title_bar import TitleBar
from tests.ui.quiz_app import Clock, open_library, quiz_app, settings, wall
from tests.waiting import screen as mounted
from tests.waiting import until


def _ordering_deck() -> Deck:
    return Deck.model_validate({
        "id": "rivers",
        "title": "Rivers",
        "cards": [{"id": "o", "kind": "ordering", "question": "Longest first",
                   "items": ["Nile", "Congo", "Niger", "Zambezi"]}],
    })


@pytest.mark.parametrize("path", ["ctrl+s", "time-out"])
async def test_an_untouched_ordering_counts_the_same_on_both_paths(
    tmp_path: Path, path: str
) -> None:
    deck = _ordering_deck()
    lib = open_library(tmp_path, deck)
    clock = Clock()
    quiz = build_quiz(deck, settings(per_question=30, feedback="deferred"))
    shown = list(quiz.questions[0].options)
    screen = QuizQuestionScreen(quiz, clock=clock, now=wall, tick=0.05)
    async with quiz_app(lib, screen).run_test() as pilot:
        await mounted(pilot, QuizQuestionScreen)
        countdown = screen.query_one("#quiz-countdown")
        await until(pilot, lambda: "0:30" in str(countdown.render()))
        await pilot.pause()  # the header's title is set after the first refresh
        if path == "ctrl+s":
            await pilot.press("ctrl+s")
        else:
            clock.advance(31)  # the timer's next tick closes the question
        results = await mounted(pilot, QuizResultsScreen)
        # Leave only once the question screen is gone and the results' title bar shows
        # its title: the results as the student sees them.
        await until(pilot, lambda: not screen.is_attached)
        await until(pilot, lambda: "Results" in str(results.query_one(TitleBar).render()))
    (attempt,) = load_attempts(lib, "rivers")
    (item,) = attempt.questions
    assert item.response == response_text(shown)  # the order on screen was the answer
    assert item.verdict not in ("unanswered", "timed out")
    # The same credit on either path: the order on screen, graded by quizapp.grading.
    assert item.score == grade(quiz.questions[0].card, shown).score
    lib.close()
