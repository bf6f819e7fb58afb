"""Turn raw deck data (from any file format) into a Deck, or into every problem it has.

Cards are validated one by one, so that every bad card is reported (not just the first
rule that failed) and so that a long import can report its progress as it goes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from quizapp.model.cards import Card
from quizapp.model.deck import Deck, cross_rules
from quizapp.model.problems import DeckError, Problem, _card_label, problems_from

#: progress(cards_done, cards_total), called every PROGRESS_EVERY cards and at the end.
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 500
_progress: ContextVar[Progress | None] = ContextVar("deck_progress", default=None)


@contextmanager
def reporting(progress: Progress) -> Iterator[None]:
    """Report the progress of every `parse_deck` in this context (through any file format)."""
    token = _progress.set(progress)
    try:
        yield
    finally:
        _progress.reset(token)


@cache
def _card_adapter() -> TypeAdapter[Card]:
    return TypeAdapter(Card)


def _get(item: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(item, Mapping):
            return None
        item = item.get(key)
    return item if isinstance(item, str) else None


def _evidence_ids(card: Any) -> list[str | None]:
    refs = card.get("evidence") if isinstance(card, Mapping) else None
    return [_get(ref, "id") for ref in refs] if isinstance(refs, list | tuple) else []


def _deck_wide(errors: list[Any]) -> list[Any]:
    # The deck's own validator (loc ()) checks the cross-card rules, which parse_deck
    # reports card by card instead.
    return [e for e in errors if e["loc"] != ()]


def parse_deck(raw: Any, file: str = "") -> Deck:
    """Validate raw data as a deck; raise DeckError listing every problem found."""
    if not isinstance(raw, Mapping):
        raise DeckError([Problem(file, "is not a deck: expected a table of fields at the top")])
    head = {key: value for key, value in raw.items() if key != "cards"}
    problems: list[Problem] = []
    try:
        Deck.model_validate({**head, "cards": ()})
    except ValidationError as error:
        problems += problems_from(_deck_wide(error.errors()), file, raw)

    raw_cards = raw.get("cards", ())
    if isinstance(raw_cards, str | bytes | Mapping) or not isinstance(raw_cards, Sequence):
        problems += problems_from([{"loc": ("cards",), "type": "list_type", "msg": ""}], file, raw)
        raw_cards = ()
    progress = _progress.get()
    adapter = _card_adapter()
    cards: list[Card] = []
    total = len(raw_cards)
    for index, item in enumerate(raw_cards):
        try:
            cards.append(adapter.validate_python(item))
        except ValidationError as error:
            located = [{**e, "loc": ("cards", index, *e["loc"])} for e in error.errors()]
            problems += problems_from(located, file, raw)
        if progress is not None and index % PROGRESS_EVERY == 0:
            progress(index, total)

    listed = raw.get("sources")
    sources: list[Any] = listed if isinstance(listed, list) else []
    for v in cross_rules(
        [_get(c, "id") for c in raw_cards],
        [_get(c, "source", "id") for c in raw_cards],
        [_get(s, "id") for s in sources],
        [_evidence_ids(c) for c in raw_cards],
        [_get(c, "id") for c in raw_cards if isinstance(c, Mapping) and c.get("reverse") is True],
    ):
        card = _card_label(raw_cards, v.card) if v.card is not None else None
        problems.append(Problem(file, v.message, card=card, field=v.field))
    if problems:
        raise DeckError(problems)
    try:
        deck = Deck.model_validate({**head, "cards": cards})
    except ValidationError as error:  # a rule not anticipated above: still say it well
        found = problems_from(error, file, raw) or [Problem(file, "is not a valid deck")]
        raise DeckError(found) from None
    if progress is not None:
        progress(total, total)
    return deck
