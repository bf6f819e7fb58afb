"""What Anki needs to take one of its notes back: kept on cards imported from an .apkg.

Anki matches an imported note to its own by GUID, and updates it only when the note
comes with the same notetype (id, field and template names); anything else is a
"conflict" or a duplicate. So a card imported from Anki keeps its note's GUID, its
notetype and the note's fields as Anki had them (HTML, image references), and the .apkg
export writes that note back, with the card's current text in the fields it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Protocol

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

_Name = Annotated[str, StringConstraints(max_length=200)]
_Value = Annotated[str, StringConstraints(max_length=200_000)]


class AnkiNote(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    guid: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    note_id: int = 0
    notetype_id: int = Field(ge=1)
    notetype: _Name
    cloze: bool = False
    fields: tuple[_Name, ...] = Field(max_length=100)
    #: (name, question format, answer format) per card template, by template ord
    templates: tuple[tuple[_Name, _Value, _Value], ...] = Field(max_length=100)
    #: The note's fields as Anki had them when imported.
    values: tuple[_Value, ...] = Field(max_length=100)
    #: Which card of the note this is (template ord), and the fields of its two sides.
    ord: int = Field(default=0, ge=0)
    front_fields: tuple[int, ...] = ()
    back_fields: tuple[int, ...] = ()


class HasAnki(Protocol):
    """A card as sibling_groups reads it (cards.py imports this module, not the reverse)."""

    @property
    def id(self) -> str: ...

    @property
    def anki(self) -> AnkiNote | None: ...


def sibling_groups(cards: Iterable[HasAnki]) -> list[list[str]]:
    """The ids of cards that share an Anki note (its GUID), as a note's forward and reverse
    cards do: siblings, which study buries for the day one of them is answered. Only
    groups of two or more."""
    # A note's first card is kept as its id alone, a list only from its second: most notes
    # of a deck have one card, and a list for each cost half the time at 11k cards.
    notes: dict[str, str | list[str]] = {}
    for card in cards:
        anki = card.anki
        if anki is not None:
            found = notes.get(anki.guid)
            if found is None:
                notes[anki.guid] = card.id
            elif isinstance(found, list):
                found.append(card.id)
            else:
                notes[anki.guid] = [found, card.id]
    return [ids for ids in notes.values() if isinstance(ids, list)]
