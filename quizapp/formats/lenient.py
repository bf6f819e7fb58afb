"""Forgiving import: each good card kept, each bad one skipped with where it was and why.

A file from another tool is refused whole only when it is not that format at all; one
question the model cannot hold (two equal choices, an empty answer) must not cost the
user the other hundred. The model stays the one judge of what a valid card is: every
card is validated here exactly once, and the deck is built from the validated cards.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from quizapp.model import Deck, DeckError, Problem, parse_deck
from quizapp.model.cards import Card
from quizapp.model.deck import deck_violations
from quizapp.model.problems import problems_from
from quizapp.model.validate import PROGRESS_EVERY, _card_adapter, _progress


def _adapter() -> TypeAdapter[Card]:
    return _card_adapter()  # the model's own (built once: building one costs 0.2 s)


@cache
def _list_adapter() -> TypeAdapter[list[Card]]:
    # The same card rules over a list: one call validates a chunk of cards, a quarter
    # cheaper than a call per card at 11k cards.
    return TypeAdapter(list[Card])


def keep_valid(
    head: Mapping[str, Any],
    raw_cards: Sequence[Mapping[str, Any]],
    where: Sequence[str],
    file: str,
) -> tuple[Deck, list[str]]:
    """The deck of every valid card, and one skip line per invalid one.

    `where[i]` names card i in the source file ("question at line 12", "note 1687...")
    so the user can find it. Raises DeckError only for the deck's own fields.
    """
    if len(raw_cards) != len(where):
        raise ValueError("keep_valid: one place per card")
    cards: list[Card] = []
    skipped: list[str] = []
    progress = _progress.get()  # the CLI's and import screen's progress bar, as parse_deck
    total = len(raw_cards)
    for start in range(0, total, PROGRESS_EVERY):
        if progress is not None:
            progress(start, total)
        chunk = raw_cards[start : start + PROGRESS_EVERY]
        try:  # the common case: every card of the chunk is valid
            cards += _list_adapter().validate_python(list(chunk))
        except ValidationError:  # one by one, to keep the good ones and name the bad
            _one_by_one(chunk, where[start : start + PROGRESS_EVERY], cards, skipped)
    if progress is not None:
        progress(total, total)
    # The deck's own fields, said as parse_deck does; then the deck-wide rules (unique
    # ids, known sources) over the validated cards. The deck is that validated head with
    # those cards: asking pydantic to validate it again would only look at each card
    # again to keep it as it is (a quarter of this function's time at 11k cards).
    empty = parse_deck({**head, "cards": []}, file)
    kept = tuple(cards)
    if next(deck_violations(kept, empty.sources), None) is None:
        return empty.model_copy(update={"cards": kept}), skipped
    try:  # a rule broken: pydantic says it, as for any deck
        return Deck.model_validate({**head, "cards": cards}), skipped
    except ValidationError as error:
        raise DeckError(problems_from(error, file) or [Problem(file, "is not a deck")]) from None


def _one_by_one(
    raw_cards: Sequence[Mapping[str, Any]],
    where: Sequence[str],
    cards: list[Card],
    skipped: list[str],
) -> None:
    adapter = _adapter()
    for item, place in zip(raw_cards, where, strict=True):
        try:
            cards.append(adapter.validate_python(item))
        except ValidationError as error:
            located = [{**e, "loc": ("cards", 0, *e["loc"])} for e in error.errors()]
            found = problems_from(located, "", {"cards": [item]})
            reasons = "; ".join(
                f"field '{p.field}': {p.message}" if p.field else p.message for p in found
            )
            skipped.append(f"{place}: {reasons}; left out")
