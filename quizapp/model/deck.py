"""A deck: its metadata, its sources and its cards."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from quizapp.model.cards import Card, Slug, Tag
from quizapp.model.reverse import (
    is_reversed,
    reverse_id,
    study_cards,
    study_ids,
    study_siblings,
)
from quizapp.model.rules import RuleError
from quizapp.text import Line, Text

FORMAT_VERSION = 1


class Source(BaseModel):
    """A text the deck's cards are drawn from."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: Slug
    title: Annotated[Line, StringConstraints(min_length=1, max_length=300)]
    outlet: Line = ""
    date: Line = Field(default="", description="Publication date as written, e.g. 2025-09-25.")
    url: Line = ""


@dataclass(frozen=True)
class Violation:
    """A deck-wide rule broken; `card` is the card's index when one card is at fault."""

    field: str
    message: str
    card: int | None = None


def cross_rules(
    card_ids: Sequence[object],
    card_sources: Sequence[object],
    source_ids: Sequence[object],
    card_evidence: Sequence[Sequence[object]] = (),
    reversed_ids: Sequence[object] = (),
) -> Iterator[Violation]:
    """The rules that span cards: unique ids, known sources.

    Takes plain values so that `parse_deck` can name every offending card of a
    file whose other cards do not parse.
    """
    for sid, count in Counter(source_ids).items():
        if count > 1:
            yield Violation(
                "sources", f"source id {sid!r} is used {count} times; give each source its own id"
            )
    seen: dict[object, int] = {}
    for index, cid in enumerate(card_ids):
        if cid is None:
            continue
        if cid in seen:
            yield Violation(
                "id",
                f"id {cid!r} is already used by card #{seen[cid] + 1}; give this card its own id",
                index,
            )
        else:
            seen[cid] = index
    for cid in reversed_ids:  # the reverse of a card studied both ways takes an id
        taken = seen.get(reverse_id(str(cid))) if isinstance(cid, str) else None
        if taken is not None:
            yield Violation(
                "id",
                f"id {reverse_id(str(cid))!r} is the id of the reverse of card {cid!r} "
                "(reverse = true); give this card another id",
                taken,
            )
    known = set(source_ids)
    for index, sid in enumerate(card_sources):
        if sid is not None and sid not in known:
            names = ", ".join(sorted(map(str, known))) or "none: add a [[sources]] entry"
            yield Violation(
                "source.id",
                f"cites unknown source {sid!r}; use one of the known sources: {names}",
                index,
            )
    for index, sids in enumerate(card_evidence):
        for number, sid in enumerate(sids):
            if sid is not None and sid not in known:
                names = ", ".join(sorted(map(str, known))) or "none: add a [[sources]] entry"
                yield Violation(
                    f"evidence[{number}].id",
                    f"cites unknown source {sid!r}; use one of the known sources: {names}",
                    index,
                )


def deck_violations(cards: Sequence[Card], sources: Sequence[Source]) -> Iterator[Violation]:
    """`cross_rules` of a deck's validated cards and sources: what Deck's own check runs,
    and what a reader that built the deck from validated cards runs (formats/lenient.py)."""
    return cross_rules(
        [c.id for c in cards],
        [c.source.id if c.source else None for c in cards],
        [s.id for s in sources],
        [[ref.id for ref in c.evidence] for c in cards],
        [c.id for c in cards if is_reversed(c)],
    )


class Deck(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    format_version: int = Field(default=FORMAT_VERSION, ge=1)
    id: Slug
    title: Annotated[Line, StringConstraints(min_length=1, max_length=200)]
    description: Text = ""
    language: Annotated[Line, StringConstraints(max_length=20)] = "en"
    tags: tuple[Tag, ...] = ()
    sources: tuple[Source, ...] = ()
    cards: tuple[Card, ...] = ()

    @field_validator("format_version")
    @classmethod
    def _known_version(cls, version: int) -> int:
        if version > FORMAT_VERSION:
            raise ValueError(
                f"is {version}, from a newer quizapp (this one reads up to {FORMAT_VERSION}); "
                "upgrade quizapp to read this file"
            )
        return version

    @model_validator(mode="after")
    def _check(self) -> Deck:
        for violation in deck_violations(self.cards, self.sources):
            raise RuleError(violation.field, violation.message)
        return self

    def card(self, card_id: str) -> Card:
        """The card with this id: an authored card or the reverse of one (a study card)."""
        for card in self.cards:
            if card.id == card_id:
                return card
        for card in self.cards:
            if is_reversed(card) and reverse_id(card.id) == card_id:
                return study_cards((card,))[1]
        raise KeyError(card_id)

    @property
    def study_cards(self) -> tuple[Card, ...]:
        """The cards the deck is studied as (a reversed flashcard is two: model/reverse.py)."""
        return study_cards(self.cards)

    @property
    def study_ids(self) -> list[str]:
        """The ids of `study_cards`, in order (without building the reverses)."""
        return study_ids(self.cards)

    @property
    def siblings(self) -> list[list[str]]:
        """Groups of study cards sharing a note, buried for the day one is answered."""
        return study_siblings(self.cards)

    @property
    def kinds(self) -> Counter[str]:
        return Counter(card.kind for card in self.cards)
