"""Facts with a date: when a card's answer was true (`as_of`) and when to check it again.

A card may say `as_of` (the date its answer was true, as precise as known: 2025, 2025-03
or 2025-03-14) and `review_by` (after which it must be checked again). Past `review_by`
the card is stale: the home screen counts such cards per deck, the deck browser and the
study card flag them, `quizapp validate` warns and `quizapp decks --json` lists them.
This module is the one place that decides what stale means; `today` is always passed in,
so tests move the clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any, Protocol

from pydantic import AfterValidator, BeforeValidator, Field

_AS_OF = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")


def _as_text(value: Any) -> Any:
    # A TOML file may write the date bare (as_of = 2025-03-14): tomllib gives a date.
    return value.isoformat() if isinstance(value, date) else value


def _check_as_of(value: str) -> str:
    if not _AS_OF.fullmatch(value):
        raise ValueError(f"{value!r} is not a date; write it as 2025, 2025-03 or 2025-03-14")
    if len(value) == 10:
        date.fromisoformat(value)  # 2025-02-30 is refused too
    return value


AsOf = Annotated[
    str,
    BeforeValidator(_as_text),
    AfterValidator(_check_as_of),
    Field(description="When the answer was true: YYYY, YYYY-MM or YYYY-MM-DD."),
]


class Dated(Protocol):
    @property
    def as_of(self) -> str | None: ...
    @property
    def review_by(self) -> date | None: ...


def is_stale(card: Dated, today: date) -> bool:
    """Past its review-by date: the answer may no longer hold."""
    return card.review_by is not None and past(card.review_by, today)


def past(review_by: date, today: date) -> bool:
    return today > review_by


def stale_count(review_by: Iterable[date], today: date) -> int:
    """How many of these review-by dates are past (a deck's, from its summary)."""
    return sum(past(day, today) for day in review_by)


def stale_note(card: Dated) -> str:
    """What a stale card says to the student: "as of 2025-03: check whether this still holds"."""
    when = card.as_of or (card.review_by.isoformat() if card.review_by else "")
    prefix = f"as of {when}: " if card.as_of else f"to be checked since {when}: "
    return prefix + "check whether this still holds"


def stale_line(card: Dated, today: date) -> str | None:
    """The flag a screen shows on a stale card ("⚠ as of ..."), None while it is fresh."""
    return f"⚠ {stale_note(card)}" if is_stale(card, today) else None


def stale_ids(cards: Iterable[Any], today: date) -> list[str]:
    return [card.id for card in cards if is_stale(card, today)]


def stale_warnings(cards: Iterable[Any], today: date) -> list[str]:
    """`quizapp validate`'s warnings: one per card past its review-by date."""
    return [
        f"card {card.id!r}: past its review-by date {card.review_by}; {stale_note(card)}"
        for card in cards
        if is_stale(card, today)
    ]


def dated_losses(cards: Iterable[Any]) -> list[str]:
    """What a format without dates loses: one line, or none if no card is dated."""
    dated = [card.id for card in cards if card.as_of or card.review_by]
    if not dated:
        return []
    return [f"{len(dated)} cards' as_of / review_by dates (e.g. {dated[0]!r})"]
