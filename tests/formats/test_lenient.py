"""keep_valid builds the deck from its validated cards and still applies every deck-wide
rule (unique ids, the reverse's id, known sources) as Deck's own validation does."""

from __future__ import annotations

import pytest

from quizapp.formats.lenient import keep_valid
from quizapp.model import Deck, DeckError

_HEAD = {"id": "demo", "title": "Demo"}


def _card(card_id: str, **more: object) -> dict[str, object]:
    return {"kind": "flashcard", "id": card_id, "front": f"f {card_id}", "back": "b", **more}


def test_the_deck_is_what_validating_it_whole_gives() -> None:
    raw = [_card("a", tags=[" x ", "y"]), _card("b", reverse=True), {"kind": "flashcard"}]
    deck, skipped = keep_valid(_HEAD, raw, ["one", "two", "three"], "f.apkg")
    assert deck == Deck.model_validate({**_HEAD, "cards": raw[:2]})
    assert deck.cards[0].tags == ("x", "y") and len(skipped) == 1 and "three" in skipped[0]


@pytest.mark.parametrize(
    ("cards", "said"),
    [
        ([_card("a"), _card("a")], "already used"),
        ([_card("a", reverse=True), _card("a-card2")], "reverse of card 'a'"),
        ([_card("a", source={"id": "nowhere", "paragraph": 1, "quote": "q"})], "unknown source"),
    ],
)
def test_a_deck_wide_rule_broken_is_said_as_before(
    cards: list[dict[str, object]], said: str
) -> None:
    with pytest.raises(DeckError, match=said):
        keep_valid(_HEAD, cards, [f"card {i}" for i in range(len(cards))], "f.apkg")
