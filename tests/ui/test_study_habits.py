"""The reviewer with Anki's habits: one undo for answers, buries, suspends and edits; the
same keys on every kind of card; `b` a choice and never a bury; editing and marking in
review; clozes revealed and self-rated; the right spelling beside a forgiven typo; F1."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea

from quizapp.model import Flashcard, Rating, StudySettings
from quizapp.store import Library
from quizapp.ui.screens.card_form import CardFormScreen
from quizapp.ui.screens.help import HelpScreen
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.widgets.answer_base import AnswerInput
from quizapp.ui.widgets.answer_choice import ChoiceAnswer
from quizapp.ui.widgets.card_view import MISSPELT
from tests.conftest import make_deck
from tests.ui.study_app import one_card_deck, study_app
from tests.waiting import screen as shown_screen
from tests.waiting import until


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).visual)  # type: ignore[attr-defined]


async def test_u_undoes_a_bury_and_shows_the_card_again(library: Library) -> None:
    app = study_app(library, make_deck(n=3))
    async with app.run_test() as pilot:
        screen = await shown_screen(pilot, StudyScreen)
        await pilot.press("space", "3")  # c0 answered: an older step than the bury
        await until(pilot, lambda: screen.card is not None and screen.card.id == "c1")
        await pilot.press("minus")
        await until(pilot, lambda: screen.card is not None and screen.card.id == "c2")
        assert library.progress("demo")["c1"].buried_until is not None
        await pilot.press("u")  # the bury, not c0's answer
        await until(pilot, lambda: screen.card is not None and screen.card.id == "c1")
        assert library.progress("demo")["c1"].buried_until is None
        assert [r.card_id for r in library.reviews("demo")] == ["c0"]
        assert "Unburied card c1: it is back in today's study." in app.notes
        await pilot.press("ctrl+z")  # Anki's other undo key: now c0's answer
        await until(pilot, lambda: library.reviews("demo") == [])
        assert screen.card is not None and screen.card.id == "c0"


async def test_u_undoes_a_suspend(library: Library) -> None:
    app = study_app(library, make_deck(n=2))
    async with app.run_test() as pilot:
        screen = await shown_screen(pilot, StudyScreen)
        await pilot.press("u")  # nothing yet: said, not a silent no-op
        await until(pilot, lambda: "Nothing to undo." in app.notes)
        await pilot.press("at")
        await until(pilot, lambda: screen.card is not None and screen.card.id == "c1")
        assert library.progress("demo")["c0"].suspended
        await pilot.press("u")
        await until(pilot, lambda: screen.card is not None and screen.card.id == "c0")
        assert not library.progress("demo")["c0"].suspended
        assert "Unsuspended card c0." in app.notes


async def edit_back(pilot: object, screen: StudyScreen, text: str) -> None:
    app = screen.app
    await pilot.press("e")  # type: ignore[attr-defined]
    form = await shown_screen(pilot, CardFormScreen)  # type: ignore[arg-type]
    form.query_one("#f-back", TextArea).text = text
    await until(pilot, lambda: form.changed())  # type: ignore[arg-type]
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    # The deck is written in a thread: the card is shown again once it is saved.
    await until(pilot, lambda: app.screen is screen and any(  # type: ignore[arg-type]
        n.startswith("Saved the edit") for n in app.notes) and screen.phase == "question")


async def test_edit_during_review_is_saved_shown_and_undone(library: Library) -> None:
    app = study_app(library, make_deck(n=2))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await shown_screen(pilot, StudyScreen)
        await pilot.press("space")  # edit after seeing the answer, as one does
        await edit_back(pilot, screen, "a better back")
        card = library.deck("demo").card("c0")
        assert isinstance(card, Flashcard) and card.back == "a better back"
        # Shown again, unanswered: the edited card is the one to rate.
        assert screen.card == card and screen.phase == "question"
        await pilot.press("space")
        assert text_of(screen, "#study-answer") == "a better back"
        await pilot.press("u")
        await until(pilot, lambda: any(n.startswith("Undid the edit") for n in app.notes)
                    and screen.phase == "question")
        card = library.deck("demo").card("c0")
        assert isinstance(card, Flashcard) and card.back == "back 0"
        assert screen.card == card
        await pilot.press("space")
        assert text_of(screen, "#study-answer") == "back 0"
        assert library.reviews("demo") == []  # an edit is no answer


async def test_an_edit_refused_is_said_once_and_the_card_shown_again(library: Library) -> None:
    app = study_app(library, make_deck(n=2))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await shown_screen(pilot, StudyScreen)
        await pilot.press("space")
        await pilot.press("e")
        form = await shown_screen(pilot, CardFormScreen)
        form.query_one("#f-id", Input).value = "renamed"  # an id cannot change in review
        await until(pilot, lambda: form.changed())
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any(n.startswith("Not saved") for n in app.notes)
                    and screen.phase == "question")
        (note,) = [n for n in app.notes if n.startswith("Not saved")]
        assert "cannot change during review" in note and "ValueError" not in note
        assert screen.card is not None and screen.card.id == "c0"
        assert [c.id for c in library.deck("demo").cards] == ["c0", "c1"]


KINDS = ["flash", "mc", "ms", "tf", "short", "num", "cloze", "order", "match"]


@pytest.mark.parametrize("card_id", KINDS)
async def test_the_same_bury_suspend_and_undo_keys_on_every_kind(
    library: Library, card_id: str
) -> None:
    deck = one_card_deck(card_id)
    app = study_app(library, deck)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await shown_screen(pilot, StudyScreen)
        assert screen.card is not None and screen.card.id == card_id
        typed = card_id in ("short", "num", "cloze")
        if typed:
            await pilot.press("escape")  # a text box takes every key: leave it first
        await pilot.press("minus")
        await until(pilot, lambda: screen.phase == "empty")
        assert library.progress(deck.id)[card_id].buried_until is not None
        await pilot.press("u")
        await until(pilot, lambda: screen.phase == "question")
        assert library.progress(deck.id)[card_id].buried_until is None
        if typed:
            await pilot.press("escape")
        await pilot.press("at")
        await until(pilot, lambda: screen.phase == "empty")
        assert library.progress(deck.id)[card_id].suspended


async def test_b_on_a_choice_card_ticks_b_and_buries_nothing(library: Library) -> None:
    deck = one_card_deck("ms")
    app = study_app(library, deck)
    async with app.run_test() as pilot:
        screen = await shown_screen(pilot, StudyScreen)
        await pilot.press("b")
        await pilot.press("b", "b")  # a double tap: ticked, unticked, ticked; never buried
        answer = screen.query_one(ChoiceAnswer)
        assert answer.picked == {1} and screen.phase == "question"
        assert not library.progress(deck.id)
        await pilot.press("a", "enter")
        await until(pilot, lambda: screen.phase == "revealed")
        assert screen.grade is not None and screen.grade.correct  # Mali and Niger


async def test_a_mark_is_shown_and_kept(data_dir: Path) -> None:
    with Library.open(data_dir) as library:
        app = study_app(library, make_deck(n=2))
        async with app.run_test() as pilot:
            screen = await shown_screen(pilot, StudyScreen)
            await pilot.press("asterisk")
            await until(pilot, lambda: "★ marked" in text_of(screen, "#study-kind"))
            assert screen.card is not None and screen.card.id == "c0"  # study goes on here
            assert library.progress("demo")["c0"].marked
    with Library.open(data_dir) as library:  # a later session shows the mark on the card
        app = study_app(library, library.deck("demo"))
        async with app.run_test() as pilot:
            screen = await shown_screen(pilot, StudyScreen)
            await until(pilot, lambda: screen.card is not None)
            assert text_of(screen, "#study-kind") == "flashcard · ★ marked"
            await pilot.press("asterisk")  # and * takes it off again
            await until(pilot, lambda: not library.progress("demo")["c0"].marked)
            assert text_of(screen, "#study-kind") == "flashcard"


async def test_a_cloze_revealed_and_self_rated_when_the_deck_says_so(library: Library) -> None:
    deck = one_card_deck("cloze")
    library.import_deck(deck, backup=False)
    library.set_settings(deck.id, StudySettings(reveal_typed=True))
    app = study_app(library, deck)
    async with app.run_test() as pilot:
        screen = await shown_screen(pilot, StudyScreen)
        assert screen.self_rated and not screen.query(AnswerInput)  # nothing to type
        await pilot.press("space")
        await until(pilot, lambda: screen.phase == "revealed")
        assert screen.grade is None and screen.preselect is Rating.good
        assert text_of(screen, "#study-answer") == deck.cards[0].answer_text
        await pilot.press("2")
        await until(pilot, lambda: len(library.reviews(deck.id)) == 1)
        (review,) = library.reviews(deck.id)
        assert review.rating is Rating.hard and review.correct is None  # self-rated


async def test_a_forgiven_typo_shows_the_right_spelling_marked(library: Library) -> None:
    app = study_app(library, one_card_deck("short"))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await shown_screen(pilot, StudyScreen)
        await pilot.press(*"lavrow", "enter")
        await until(pilot, lambda: screen.phase == "revealed")
        feedback = screen.query_one("#study-feedback", Static).visual
        text = str(feedback)
        assert text.splitlines()[1] == "Right spelling: Lavrov (you typed lavrow)"
        start = text.index("Lavrov (")
        marked = [(s.start - start, s.end - start) for s in feedback.spans  # type: ignore[attr-defined]
                  if s.style == MISSPELT]
        assert marked == [(5, 6)]  # the v the typo changed


async def test_f1_lists_the_reviewers_own_keys_first_and_no_text_editing(
    library: Library,
) -> None:
    app = study_app(library, one_card_deck("short"))
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await shown_screen(pilot, StudyScreen)
        await pilot.press(*"lavrov", "enter", "1")  # Again: the card comes back, to be typed
        await until(pilot, lambda: screen.session is not None and screen.session.done == 1)
        await until(pilot, lambda: screen.phase == "question")
        await pilot.press("f1")
        help_screen = await shown_screen(pilot, HelpScreen)
        keys = help_screen.keys
        what = [w for _, w in keys]
        first = what[: what.index("End session") + 1]
        for own in ("Undo", "Suspend", "Bury", "Mark", "Edit", "End session"):
            assert own in first
        assert ("u / ^z", "Undo") in keys
        assert not any("cursor" in w.lower() or "delete" in w.lower() for w in what)
        assert {"Quit", "Help"} <= set(what[-3:])  # the app's keys last


async def test_the_deck_settings_screen_turns_on_self_rated_clozes(library: Library) -> None:
    from textual.widgets import Checkbox

    from quizapp.ui.screens.deck_settings import DeckSettingsScreen

    deck = one_card_deck("cloze")
    library.import_deck(deck, backup=False)
    app = study_app(library, deck, home=True)
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(DeckSettingsScreen(deck.id, deck.title))
        form = await shown_screen(pilot, DeckSettingsScreen)
        box = form.query_one("#s-reveal_typed", Checkbox)
        assert box.value is False  # typed and graded, as before
        box.value = True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: library.settings(deck.id).reveal_typed)
