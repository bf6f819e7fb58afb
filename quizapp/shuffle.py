"""The one rule for the order a card's options are shown in: order is information.

Choices written right-first, or an ordering always shown reversed, give the answer
away. So every place a card is shown (study, quiz, the classroom, the editor preview)
asks `display_order` with a seed drawn for that one showing: the order is fixed while
the card is on screen (the letters a student reads stay put) and new the next time.

- multiple choice / multi-select: the choices, shuffled unless the author pinned them
  (`shuffle = false`, for "all of the above" or "both of these");
- ordering: the items, and matching: the right-hand sides, always shuffled, with every
  order possible, the right one included (a rule such as "never the right order" is
  itself a tell: on two items it means "reverse it").

The permutation is uniform (Fisher-Yates in `random.Random.shuffle`) over a 64-bit seed
from `secrets`, so neither the position of an answer nor the seed can be guessed.
A seed of None means "as written": for tests and snapshots that need a known order.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

# The card models are built on first use (quizapp.model loads lazily): the app imports
# this module at start for its seeds, and start-up must not pay for pydantic.
from quizapp import model

if TYPE_CHECKING:
    from quizapp.model.cards import Card

#: Where a screen gets the seed for each showing; `new_seed` unless a test injects one.
SeedSource = Callable[[], int | None]


def new_seed() -> int:
    """A fresh, unguessable seed for one showing."""
    return secrets.randbits(64)


def as_written() -> None:
    """A seed source that keeps every card's order as written (tests, snapshots)."""
    return None


def permuted(items: Sequence[str], seed: int | None) -> tuple[str, ...]:
    """`items` in a uniformly random order drawn from `seed`; as given when seed is None."""
    out = list(items)
    if seed is not None:
        random.Random(seed).shuffle(out)
    return tuple(out)


def pinned(card: Card) -> bool:
    """True when the author asked for the choices to stay in the written order."""
    return isinstance(card, model.MultipleChoice | model.MultiSelect) and not card.shuffle


def options_of(card: Card) -> tuple[str, ...]:
    """What a student picks from, as written: choices, items, or matching right sides."""
    if isinstance(card, model.MultipleChoice | model.MultiSelect):
        return tuple(card.choices)
    if isinstance(card, model.Ordering):
        return tuple(card.items)
    if isinstance(card, model.Matching):
        return tuple(right for _, right in card.pairs)
    return ()


def display_order(card: Card, seed: int | None) -> tuple[str, ...]:
    """The card's options in the order this showing displays them (see the module doc)."""
    return permuted(options_of(card), None if pinned(card) else seed)
