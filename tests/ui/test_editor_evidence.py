"""The card form keeps a card's further evidence quotes, which it has no field for."""

from __future__ import annotations

from quizapp.model import Deck
from quizapp.store import Library
from quizapp.ui.screens.card_form import CardFormScreen
from tests.ui.editor_app import editor_app
from tests.ui.test_editor_cards import enter, save_card


async def test_editing_a_card_keeps_its_evidence_quotes(library: Library) -> None:
    evidence = [{"id": "src", "paragraph": 3, "quote": "a second quote"}]
    deck = Deck.model_validate(
        {
            "id": "cited",
            "title": "Cited",
            "sources": [{"id": "src", "title": "Source"}],
            "cards": [
                {
                    "id": "flash",
                    "kind": "flashcard",
                    "front": "Capital of Mali?",
                    "back": "Bamako",
                    "evidence": evidence,
                    "source": {"id": "src", "paragraph": 2, "quote": "the capital"},
                }
            ],
        }
    )
    app = editor_app(library, deck)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardFormScreen)
        await enter(pilot, "#f-back", "Bamako, on the Niger")
        await save_card(pilot)
    (card,) = library.deck("cited").cards
    assert card.back == "Bamako, on the Niger"  # type: ignore[union-attr]
    assert [ref.model_dump() for ref in card.evidence] == evidence
