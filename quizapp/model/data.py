"""A deck as plain data (JSON/TOML-ready): the one serialisation of a deck.

Here, in the model, because both the deck files (formats.own) and the library's own
files (store.decks) are written from it, and the store must not import the formats.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizapp.model.deck import Deck

# Keys written first, in this order, so deck files read naturally.
_CARD_KEY_ORDER = ("id", "kind")


def deck_to_data(deck: Deck) -> dict[str, Any]:
    """The deck as plain data, leaving out fields at their defaults (but never `kind`)."""
    data = deck.model_dump(mode="json", exclude_defaults=True)
    data = {"format_version": deck.format_version, **data}
    cards = []
    for card, dumped in zip(deck.cards, data.get("cards", []), strict=True):
        dumped["kind"] = card.kind
        ordered = {k: dumped[k] for k in _CARD_KEY_ORDER if k in dumped}
        ordered.update({k: v for k, v in dumped.items() if k not in ordered})
        cards.append(ordered)
    if cards:
        data["cards"] = cards
    return data
