"""A flashcard with `reverse`: the reviewer shows it both ways, the reverse buried for the
day one side is answered; the card form sets the option."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox

from quizapp.model import Deck, Flashcard, StudySettings
from quizapp.model.reverse import authored_index
from quizapp.store import Library
from quizapp.ui.screens.card_form import CardFormScreen
from quizapp.ui.screens.study import StudyScreen
from tests.ui.editor_app import editor_app
from tests.ui.study_app import Clock, study_app
from tests.ui.test_editor_cards import save_card
from tests.waiting import until


def deck() -> Deck:
    cards = (
        Flashcard(id="maison", front="maison", back="house", reverse=True),
        Flashcard(id="chat", front="chat", back="cat"),
    )
    return Deck(id="fr", title="French", cards=cards)


async def shown(library: Library, clock: Clock) -> list[tuple[str, str]]:
    """Each card the reviewer shows (its id and prompt), each revealed and rated Easy."""
    app = study_app(library, deck(), clock=clock)
    seen: list[tuple[str, str]] = []
    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        await until(pilot, lambda: screen.phase != "loading")
        while app.screen is screen and screen.phase == "question":
            assert screen.card is not None
            seen.append((screen.card.id, screen.card.prompt))
            await pilot.press("space")
            await until(pilot, lambda: screen.phase == "revealed")
            await pilot.press("4")
            await pilot.pause()
    return seen


async def test_both_directions_are_studied_the_reverse_the_next_day(library: Library) -> None:
    clock = Clock()
    assert await shown(library, clock) == [("maison", "maison"), ("chat", "chat")]
    assert "maison-card2" not in library.progress("fr")  # buried, nothing written for it
    assert await shown(library, clock) == []  # the same day: still buried
    clock.advance(days=1)
    assert await shown(library, clock) == [("maison-card2", "house")]
    reverse = library.progress("fr")["maison-card2"]
    assert reverse.reps == 1 and reverse.due is not None


async def test_without_burying_both_sides_come_the_same_day(library: Library) -> None:
    library.import_deck(deck(), backup=False)
    library.set_settings("fr", StudySettings(bury_siblings=False))
    assert [card_id for card_id, _ in await shown(library, Clock())] == [
        "maison", "maison-card2", "chat"
    ]


async def test_the_card_form_sets_reverse(library: Library) -> None:
    app = editor_app(library, deck())
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "e")  # the second card, "chat"
        await until(pilot, lambda: isinstance(app.screen, CardFormScreen))
        box = app.screen.query_one("#f-reverse", Checkbox)
        assert box.value is False
        box.focus()
        await pilot.press("space")
        await until(pilot, lambda: box.value is True)
        await save_card(pilot)
    card = library.deck("fr").cards[1]
    assert isinstance(card, Flashcard) and card.reverse and card.id == "chat"
    assert [c.id for c in library.deck("fr").study_cards] == [
        "maison", "maison-card2", "chat", "chat-card2"
    ]


def test_a_reverse_is_edited_as_the_flashcard_it_comes_from() -> None:
    cards = deck().cards
    assert authored_index(cards, "maison-card2") == 0  # the reverse: its flashcard
    assert authored_index(cards, "maison") == 0
    assert authored_index(cards, "chat") == 1
    with pytest.raises(ValueError, match="chat-card2"):
        authored_index(cards, "chat-card2")  # chat is not reversed
