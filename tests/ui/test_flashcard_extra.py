"""A flashcard's extra (an Anki note's other fields): shown with the back when the reviewer
reveals it, and edited in the card form like its other fields."""

from __future__ import annotations

from textual.widgets import Static

from quizapp.model import Deck, Flashcard
from quizapp.store import Library
from quizapp.ui.screens.card_form import CardFormScreen
from quizapp.ui.screens.study import StudyScreen
from tests.ui.editor_app import editor_app
from tests.ui.study_app import study_app
from tests.ui.test_editor_cards import enter, save_card
from tests.waiting import until


def deck() -> Deck:
    card = Flashcard(id="maison", front="maison", back="house", extra="Example: La maison.")
    return Deck(id="fr", title="French", cards=(card,))


async def test_reveal_shows_the_extra_under_the_back(library: Library) -> None:
    app = study_app(library, deck())
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        await until(pilot, lambda: screen.phase == "question")
        await pilot.press("space")
        await until(pilot, lambda: screen.phase == "revealed")
        shown = str(screen.query_one("#study-answer", Static).visual)
        assert shown == "house\n\nExample: La maison."


async def test_the_card_form_edits_the_extra(library: Library) -> None:
    app = editor_app(library, deck())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, CardFormScreen))
        await enter(pilot, "#f-extra", "Example: Une grande maison.")
        await save_card(pilot)
    card = library.deck("fr").cards[0]
    assert isinstance(card, Flashcard) and card.extra == "Example: Une grande maison."
    assert card.back == "house"
