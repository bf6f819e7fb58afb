"""Turn raw deck data (from any file format) into a Deck, or into every problem it has."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from quizapp.model.deck import Deck, cross_rules
from quizapp.model.problems import DeckError, Problem, _card_label, problems_from


def _get(item: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(item, Mapping):
            return None
        item = item.get(key)
    return item if isinstance(item, str) else None


def parse_deck(raw: Any, file: str = "") -> Deck:
    """Validate raw data as a deck; raise DeckError listing every problem found."""
    if not isinstance(raw, Mapping):
        raise DeckError([Problem(file, "is not a deck: expected a table of fields at the top")])
    try:
        return Deck.model_validate(raw)
    except ValidationError as error:
        # The deck's own validator (loc ()) checks the cross-card rules, which are
        # reported below card by card, so its copy is left out here.
        problems = problems_from([e for e in error.errors() if e["loc"] != ()], file, raw)
    cards = raw.get("cards") if isinstance(raw.get("cards"), list) else []
    sources = raw.get("sources") if isinstance(raw.get("sources"), list) else []
    for v in cross_rules(
        [_get(c, "id") for c in cards],
        [_get(c, "source", "id") for c in cards],
        [_get(s, "id") for s in sources],
    ):
        card = _card_label(cards, v.card) if v.card is not None else None
        problems.append(Problem(file, v.message, card=card, field=v.field))
    if not problems:  # a rule we did not anticipate: still say something useful
        problems.append(Problem(file, "is not a valid deck"))
    raise DeckError(problems)
