"""A flashcard with `reverse = true` is studied as two cards: front→back and back→front.

The one rule for what a deck is studied as: `study_cards` expands a deck's authored
cards into the cards study shows, counts and schedules, and `study_siblings` says which
of them share a note (the two sides of a reversed flashcard, the cards of one Anki note),
so that answering one buries the others for the day, as Anki does.

The reverse's id is the card's id + "-card2", the id Anki's importer has always given a
note's second card: a library that imported "Basic (and reversed card)" notes as two
flashcards keeps its progress and review log when the note comes back as one reversed
flashcard. An authored card can never take that id: the deck refuses it (`cross_rules`).
Quizzes draw authored cards, not study cards: a quiz asks each fact once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from quizapp.model.anki_origin import AnkiNote, HasAnki, sibling_groups
from quizapp.model.cards import Card, Flashcard

REVERSE_SUFFIX = "-card2"


def reverse_id(card_id: str) -> str:
    """The id of the back→front card of the reversed flashcard `card_id`."""
    return card_id + REVERSE_SUFFIX


def is_reversed(card: object) -> bool:
    return isinstance(card, Flashcard) and card.reverse


def reverse_of(card: Flashcard) -> Flashcard:
    """The back→front card: the sides swapped; its Anki card is the note's second one."""
    anki = card.anki
    if anki is not None:
        anki = anki.model_copy(
            update={"ord": 1, "front_fields": anki.back_fields, "back_fields": anki.front_fields}
        )
    # Built from a valid card by swapping two valid fields: nothing to validate again.
    return card.model_copy(
        update={
            "id": reverse_id(card.id),
            "front": card.back,
            "back": card.front,
            "reverse": False,
            "anki": anki,
        }
    )


def authored_index(cards: Sequence[Card], study_id: str) -> int:
    """Where the authored card a study card comes from is (the reverse side of a reversed
    flashcard comes from the flashcard: it is edited as that card). ValueError if none."""
    for i, card in enumerate(cards):
        if card.id == study_id or (is_reversed(card) and reverse_id(card.id) == study_id):
            return i
    raise ValueError(f"no card of the deck is studied as {study_id!r}")


def study_cards(cards: Iterable[Card]) -> tuple[Card, ...]:
    """The cards a deck is studied as: each card, and after a reversed one its reverse."""
    out: list[Card] = []
    for card in cards:
        out.append(card)
        if isinstance(card, Flashcard) and card.reverse:
            out.append(reverse_of(card))
    return tuple(out)


def study_ids(cards: Iterable[Card]) -> list[str]:
    """The ids of `study_cards(cards)`, without building the reverses (an import's ids file
    and summary need the ids of every card, not the cards)."""
    out: list[str] = []
    for card in cards:
        out.append(card.id)
        if isinstance(card, Flashcard) and card.reverse:
            out.append(reverse_id(card.id))
    return out


class _Side(NamedTuple):
    """What sibling_groups reads of a reverse: its id, and its card's Anki note."""

    id: str
    anki: AnkiNote | None


def _sides(cards: Iterable[Card]) -> Iterator[HasAnki]:
    """study_cards' ids and notes, without copying each reversed card."""
    for card in cards:
        yield card
        if isinstance(card, Flashcard) and card.reverse:
            yield _Side(reverse_id(card.id), card.anki)


def study_siblings(cards: Sequence[Card]) -> list[list[str]]:
    """Groups of study-card ids that share a note: buried for the day one is answered."""
    groups = sibling_groups(_sides(cards))  # the cards of one Anki note, by its GUID
    grouped = {card_id for group in groups for card_id in group}
    groups += [
        [card.id, reverse_id(card.id)]
        for card in cards
        if is_reversed(card) and card.id not in grouped
    ]
    return groups
