"""Quiz mode through the UI with Pilot: answering, feedback, timers, results, retry, setup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, SelectionList, Static

from quizapp.model import StudySettings
from quizapp.quiz import build_quiz, load_attempts
from quizapp.ui.screens.confirm import ConfirmScreen
from quizapp.ui.screens.quiz_question import QuizQuestionScreen
from quizapp.ui.screens.quiz_results import QuizResultsScreen
from quizapp.ui.screens.quiz_setup import QuizSetupScreen
from quizapp.ui.widgets.quiz_feedback import QuizFeedback
from tests.ui.quiz_app import Clock, open_library, quiz_app, quiz_deck, settings, wall
from tests.waiting import until


def text_of(widget: Static) -> str:
    return str(widget.render())


async def tick_until(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    """Let the screen's timer tick until `done()` (the tests' clock is fake, its tick real):
    the shared wait, which fails if it never comes (this copy used to give up silently)."""
    await until(pilot, done)
    await pilot.pause()  # and let what it brought on screen finish mounting


async def pick(pilot: Pilot[None], screen: QuizQuestionScreen, option: str) -> None:
    """Highlight `option` in the current choice list and press enter."""
    assert screen.question is not None
    await pilot.pause()
    for _ in range(screen.question.options.index(option)):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


async def test_immediate_feedback_then_results_and_saved_attempt(tmp_path: Path) -> None:
    lib = open_library(tmp_path)
    clock = Clock()
    quiz = build_quiz(quiz_deck(), settings(kinds=("multiple_choice", "true_false", "numeric")))
    screen = QuizQuestionScreen(quiz, clock=clock, now=wall)
    async with quiz_app(lib, screen).run_test() as pilot:
        await pilot.pause()
        assert text_of(screen.query_one("#quiz-progress", Static)).startswith("Question 1/3")
        clock.advance(5)
        await pick(pilot, screen, "Bamako")
        feedback = screen.query_one(QuizFeedback)
        assert "Correct" in text_of(feedback) and "AP article on Mali" in text_of(feedback)
        await pilot.press("enter")  # next
        await pilot.pause()
        await pick(pilot, screen, "True")  # wrong: Mali is landlocked
        shown = text_of(screen.query_one(QuizFeedback))
        assert "Wrong" in shown and "Right answer: False" in shown and "landlocked" in shown
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"1960", "enter")
        await pilot.pause()
        assert "Correct" in text_of(screen.query_one(QuizFeedback))
        await pilot.press("enter")
        await pilot.pause()
        results = pilot.app.screen
        assert isinstance(results, QuizResultsScreen)
        assert "Score 3 / 4 · 75%" in text_of(results.query_one("#results-score", Static))
    (attempt,) = load_attempts(lib, "mali")
    assert [i.verdict for i in attempt.questions] == ["correct", "wrong", "correct"]
    assert attempt.questions[0].time_ms == 5000
    assert attempt.questions[1].response == "True"
    lib.close()


async def test_per_question_timer_runs_out(tmp_path: Path) -> None:
    lib = open_library(tmp_path)
    clock = Clock()
    quiz = build_quiz(quiz_deck(), settings(kinds=("true_false", "numeric"), per_question=30))
    screen = QuizQuestionScreen(quiz, clock=clock, now=wall, tick=0.05)
    async with quiz_app(lib, screen).run_test() as pilot:
        await pilot.pause()
        assert text_of(screen.query_one("#quiz-countdown", Static)) == "⏱ 0:30 left"
        clock.advance(22)
        await tick_until(
            pilot, lambda: "0:08" in text_of(screen.query_one("#quiz-countdown", Static))
        )
        countdown = screen.query_one("#quiz-countdown", Static)
        assert text_of(countdown) == "⏱ 0:08 left" and countdown.has_class("urgent")
        clock.advance(9)  # out of time
        await tick_until(pilot, lambda: bool(screen.query(QuizFeedback)))
        assert "Time's up" in text_of(screen.query_one(QuizFeedback))
        await pilot.press("enter")
        await pilot.pause()
        assert screen.question is not None and screen.question.number == 2
        assert text_of(screen.query_one("#quiz-countdown", Static)) == "⏱ 0:30 left"
        await pilot.press(*"1960", "enter", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, QuizResultsScreen)
    (attempt,) = load_attempts(lib, "mali")
    assert [i.verdict for i in attempt.questions] == ["timed out", "correct"]
    assert attempt.points == 2 and attempt.max_points == 3
    lib.close()


async def test_whole_quiz_timer_ends_deferred_quiz(tmp_path: Path) -> None:
    lib = open_library(tmp_path)
    clock = Clock()
    quiz = build_quiz(
        quiz_deck(),
        settings(
            kinds=("true_false", "numeric", "multiple_choice"), time_limit=60, feedback="deferred"
        ),
    )
    screen = QuizQuestionScreen(quiz, clock=clock, now=wall, tick=0.05)
    async with quiz_app(lib, screen).run_test() as pilot:
        await pick(pilot, screen, "Bamako")
        # Deferred: no feedback, straight to question 2.
        assert not screen.query(QuizFeedback)
        assert screen.question is not None and screen.question.number == 2
        clock.advance(61)
        await tick_until(pilot, lambda: isinstance(pilot.app.screen, QuizResultsScreen))
        results = pilot.app.screen
        assert isinstance(results, QuizResultsScreen)
        assert len(results.query(QuizFeedback)) == 3  # every question's feedback at the end
    (attempt,) = load_attempts(lib, "mali")
    assert [i.verdict for i in attempt.questions] == ["correct", "timed out", "timed out"]
    lib.close()


async def test_typed_answer_not_submitted_counts_when_the_question_times_out(
    tmp_path: Path,
) -> None:
    lib = open_library(tmp_path)
    clock = Clock()
    quiz = build_quiz(quiz_deck(), settings(kinds=("numeric", "true_false"), per_question=30))
    screen = QuizQuestionScreen(quiz, clock=clock, now=wall, tick=0.05)
    async with quiz_app(lib, screen).run_test() as pilot:
        await pilot.pause()
        assert screen.question is not None and screen.question.mode == "true_false"
        clock.advance(31)  # nothing picked: timed out
        await tick_until(pilot, lambda: bool(screen.query(QuizFeedback)))
        assert "Time's up" in text_of(screen.query_one(QuizFeedback))
        await pilot.press("enter")
        await pilot.pause()
        assert screen.question is not None and screen.question.mode == "typed"
        await pilot.press(*"1960")  # typed, never submitted
        clock.advance(31)
        await tick_until(pilot, lambda: isinstance(pilot.app.screen, QuizResultsScreen))
        assert isinstance(pilot.app.screen, QuizResultsScreen)
    (attempt,) = load_attempts(lib, "mali")
    assert [i.verdict for i in attempt.questions] == ["timed out", "correct"]
    assert attempt.questions[1].response == "1960" and attempt.questions[1].time_ms == 30_000
    assert attempt.points == 2
    lib.close()


async def test_whole_quiz_time_out_keeps_the_typed_answer(tmp_path: Path) -> None:
    lib = open_library(tmp_path)
    clock = Clock()
    quiz = build_quiz(
        quiz_deck(), settings(kinds=("numeric", "true_false"), time_limit=60, feedback="deferred")
    )
    screen = QuizQuestionScreen(quiz, clock=clock, now=wall, tick=0.05)
    async with quiz_app(lib, screen).run_test() as pilot:
        await pick(pilot, screen, "False")
        assert screen.question is not None and screen.question.mode == "typed"
        await pilot.press(*"1961")  # wrong, but given
        clock.advance(61)
        await tick_until(pilot, lambda: isinstance(pilot.app.screen, QuizResultsScreen))
        assert isinstance(pilot.app.screen, QuizResultsScreen)
    (attempt,) = load_attempts(lib, "mali")
    assert [i.verdict for i in attempt.questions] == ["correct", "wrong"]
    assert attempt.questions[1].response == "1961"
    lib.close()


async def test_skip_end_and_retry_missed(tmp_path: Path) -> None:
    lib = open_library(tmp_path)
    quiz = build_quiz(
        quiz_deck(), settings(kinds=("true_false", "numeric", "multi_select"), feedback="deferred")
    )
    screen = QuizQuestionScreen(quiz, clock=Clock(), now=wall)
    async with quiz_app(lib, screen).run_test() as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")  # skip question 1
        await pilot.pause()
        await pilot.press(*"1960", "enter")
        await pilot.pause()
        assert screen.question is not None and screen.question.mode == "multi"
        await pilot.press("escape")  # end the quiz now: asked first
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        results = pilot.app.screen
        assert isinstance(results, QuizResultsScreen)
        assert "2 to retry" in text_of(results.query_one("#results-hint", Static))
        kind = text_of(results.query_one("#results-kind", Static))
        assert kind == "Ended after 2 of 3 questions: not counted in best, last and average."
        await pilot.press("r")
        await pilot.pause()
        retry = pilot.app.screen
        assert isinstance(retry, QuizQuestionScreen)
        assert sorted(q.card.id for q in retry.quiz.questions) == ["landlocked", "neighbours"]
    (attempt,) = load_attempts(lib, "mali")
    # The question open when the quiz was ended is "ended" (not answered), not "skipped".
    assert [i.verdict for i in attempt.questions] == ["skipped", "correct", "ended"]
    assert attempt.kind == "ended"
    lib.close()


async def test_escape_asks_and_no_keeps_the_quiz_going(tmp_path: Path) -> None:
    lib = open_library(tmp_path)
    quiz = build_quiz(quiz_deck(), settings(kinds=("true_false", "numeric")))
    screen = QuizQuestionScreen(quiz, clock=Clock(), now=wall)
    async with quiz_app(lib, screen).run_test() as pilot:
        await pick(pilot, screen, "False")
        await pilot.press("enter")  # past the feedback, to question 2
        await pilot.pause()
        await pilot.press("escape", "escape")  # the first leaves the answer box
        await pilot.pause()
        confirm = pilot.app.screen
        assert isinstance(confirm, ConfirmScreen) and "End the quiz" in confirm.message
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen is screen and screen.question is not None
        assert screen.question.number == 2 and not screen.session.finished
    assert load_attempts(lib, "mali") == []
    lib.close()


async def test_leaving_before_answering_saves_nothing(tmp_path: Path) -> None:
    lib = open_library(tmp_path)
    quiz = build_quiz(quiz_deck(), settings(kinds=("true_false", "numeric")))
    screen = QuizQuestionScreen(quiz, clock=Clock(), now=wall)
    async with quiz_app(lib, screen).run_test() as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")  # a skip is not an answer
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        confirm = pilot.app.screen
        assert isinstance(confirm, ConfirmScreen) and "nothing is saved" in confirm.message
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, (QuizQuestionScreen, QuizResultsScreen))
    assert load_attempts(lib, "mali") == []
    lib.close()


async def test_setup_form_starts_with_enter_and_reports_mistakes(tmp_path: Path) -> None:
    lib = open_library(tmp_path)
    screen = QuizSetupScreen(quiz_deck(), clock=Clock(), now=wall, seed=3)
    async with quiz_app(lib, screen).run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        questions = screen.query_one("#setup-questions", Input)
        assert questions.value == "7"
        screen.query_one("#setup-time", Input).value = "ten minutes"
        await pilot.press("enter")
        await pilot.pause()
        error = text_of(screen.query_one("#setup-error", Static))
        assert error.startswith("Whole quiz:") and "10m" in error
        screen.query_one("#setup-time", Input).value = "10m"
        kinds = screen.query_one("#setup-kinds", SelectionList)
        kinds.deselect("flashcard")
        questions.value = "3"
        questions.focus()
        await pilot.press("enter")
        await pilot.pause()
        started = pilot.app.screen
        assert isinstance(started, QuizQuestionScreen)
        assert len(started.quiz.questions) == 3
        assert all(q.card.kind != "flashcard" for q in started.quiz.questions)
        assert started.quiz.settings.time_limit == 600 and started.quiz.settings.seed == 3
    lib.close()


async def test_untrusted_markup_in_a_card_is_shown_as_text(tmp_path: Path) -> None:
    lib = open_library(tmp_path)
    quiz = build_quiz(quiz_deck(), settings(card_ids=("river",)))
    screen = QuizQuestionScreen(quiz, clock=Clock(), now=wall)
    async with quiz_app(lib, screen).run_test() as pilot:
        await pilot.pause()
        prompt = text_of(screen.query_one("#quiz-prompt", Static))
        assert prompt == "Mali's great river [b]markup[/b]?"


async def test_multi_order_gaps_and_match_widgets_give_gradeable_answers(tmp_path: Path) -> None:
    from textual.widgets import Select

    from quizapp.model import Deck

    deck = Deck.model_validate(
        {
            "id": "k",
            "title": "Kinds",
            "cards": [
                {
                    "id": "ms",
                    "kind": "multi_select",
                    "question": "Pick a and b",
                    "choices": ["a", "b", "c"],
                    "answers": ["a", "b"],
                },
                {"id": "ord", "kind": "ordering", "question": "Order", "items": ["1st", "2nd"]},
                {"id": "cz", "kind": "cloze", "text": "{{c1::Paris}} in {{c2::France}}"},
                {
                    "id": "mat",
                    "kind": "matching",
                    "question": "Match",
                    "pairs": [["Mali", "Bamako"], ["Niger", "Niamey"]],
                },
            ],
        }
    )
    lib = open_library(tmp_path, deck)
    quiz = build_quiz(deck, settings(shuffle_choices=False, feedback="deferred"))
    screen = QuizQuestionScreen(quiz, clock=Clock(), now=wall)
    async with quiz_app(lib, screen).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("space", "down", "space", "ctrl+s")  # a and b
        await pilot.pause()
        assert screen.question is not None and screen.question.mode == "order"
        assert screen.question.options == ("2nd", "1st")  # never shown in the right order
        await pilot.press("right_square_bracket", "ctrl+s")  # move 2nd down: 1st, 2nd
        await pilot.pause()
        await pilot.press(*"paris", "enter", *"frnce", "enter")  # a typo is forgiven
        await pilot.pause()
        assert screen.question is not None and screen.question.mode == "match"
        selects = list(screen.query(Select))
        selects[0].value, selects[1].value = "Bamako", "Bamako"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, QuizResultsScreen)
    (attempt,) = load_attempts(lib, "k")
    assert [(i.card_id, i.score) for i in attempt.questions] == [
        ("ms", 1.0),
        ("ord", 1.0),
        ("cz", 1.0),
        ("mat", 0.5),
    ]
    lib.close()


async def test_shared_widget_keys_letters_choose_enter_submits(tmp_path: Path) -> None:
    """The quiz uses the study keys: a letter chooses, enter submits (multi and order too)."""
    from quizapp.model import Deck

    deck = Deck.model_validate(
        {
            "id": "keys",
            "title": "Keys",
            "cards": [
                {"id": "mc", "kind": "multiple_choice", "question": "Pick b",
                 "choices": ["x", "b", "z"], "answer": "b"},
                {"id": "ms", "kind": "multi_select", "question": "Pick a and c",
                 "choices": ["a", "b", "c"], "answers": ["a", "c"]},
                {"id": "ord", "kind": "ordering", "question": "Order",
                 "items": ["1st", "2nd", "3rd"]},
            ],
        }
    )  # fmt: skip
    lib = open_library(tmp_path, deck)
    quiz = build_quiz(deck, settings(shuffle_choices=False, feedback="deferred"))
    screen = QuizQuestionScreen(quiz, clock=Clock(), now=wall)
    async with quiz_app(lib, screen).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c", "b")  # changed my mind: nothing is submitted yet
        assert screen.question is not None and screen.question.mode == "choice"
        assert "a-z or 1-9: choose" in text_of(screen.query_one("#quiz-hint", Static))
        await pilot.press("enter")
        await pilot.pause()
        assert screen.question is not None and screen.question.mode == "multi"
        await pilot.press("a", "c", "enter")
        await pilot.pause()
        assert screen.question is not None and screen.question.mode == "order"
        order = list(screen.question.options)
        for target, item in enumerate(["1st", "2nd", "3rd"]):  # ctrl+up, as in study
            at = order.index(item)
            await pilot.press(*(["down"] * at), *(["ctrl+up"] * (at - target)), "home")
            order.insert(target, order.pop(at))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, QuizResultsScreen)
    (attempt,) = load_attempts(lib, "keys")
    assert [(i.card_id, i.score) for i in attempt.questions] == [
        ("mc", 1.0),
        ("ms", 1.0),
        ("ord", 1.0),
    ]
    lib.close()


@pytest.mark.parametrize(("tolerance", "verdict"), [(0.0, "wrong"), (0.3, "correct")])
async def test_quiz_grades_with_the_decks_typo_tolerance(
    tmp_path: Path, tolerance: float, verdict: str
) -> None:
    lib = open_library(tmp_path)
    lib.set_settings("mali", StudySettings(typo_tolerance=tolerance))
    quiz = build_quiz(quiz_deck(), settings(kinds=("flashcard",), flashcards="typed", questions=1))
    assert quiz.questions[0].card.id == "river"  # The Niger
    screen = QuizQuestionScreen(quiz, clock=Clock(), now=wall)
    async with quiz_app(lib, screen).run_test() as pilot:
        await pilot.pause()
        await pilot.press(*"The Nigerr", "enter")  # one letter too many
        await pilot.pause()
        await pilot.press("enter")  # past the feedback: the attempt is saved
        await pilot.pause()
    (attempt,) = load_attempts(lib, "mali")
    assert attempt.questions[0].verdict == verdict
    assert attempt.settings.typo_tolerance == tolerance  # recorded with the attempt
    lib.close()


async def test_self_tests_update_the_schedule_when_the_deck_says_so(tmp_path: Path) -> None:
    lib = open_library(tmp_path)
    lib.set_settings("mali", StudySettings(self_tests_update=True))
    clock = Clock()
    quiz = build_quiz(quiz_deck(), settings(kinds=("multiple_choice", "true_false")))
    screen = QuizQuestionScreen(quiz, clock=clock, now=wall)
    async with quiz_app(lib, screen).run_test() as pilot:
        await pilot.pause()
        clock.advance(5)
        await pick(pilot, screen, "Bamako")
        await pilot.press("enter")
        await pilot.pause()
        clock.advance(3)
        await pick(pilot, screen, "True")  # wrong
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, QuizResultsScreen)
    reviews = lib.reviews("mali")
    assert [(r.card_id, r.rating.name, r.duration_ms, r.source) for r in reviews] == [
        ("capital", "good", 5000, "quiz"),
        ("landlocked", "again", 3000, "quiz"),
    ]
    assert set(lib.progress("mali")) == {"capital", "landlocked"}
    lib.close()
