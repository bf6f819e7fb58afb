"""Editing a deck: operations on immutable Decks, with undo and redo. No Textual here.

Every change builds a new Deck through `parse_deck`, so the model's rules (one place)
decide what is valid: the editor never re-checks a field. Unchanged cards are passed
to the model as the instances they already are, which pydantic takes without
re-validating them: a change to a 10k-card deck costs ~15 ms, not a full parse.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.model import KINDS, Card, Deck, DeckError, Problem, parse_deck
from quizapp.model.deck import cross_rules

#: Undo steps kept; each is a Deck sharing its cards with its neighbours (cheap).
HISTORY_LIMIT = 200

_COMMON: dict[str, Any] = {"tags": [], "explanation": "", "points": 1.0, "source": None}
_BLANKS: dict[str, dict[str, Any]] = {
    "flashcard": {"front": "", "back": "", "extra": ""},
    "multiple_choice": {"question": "", "choices": ["", ""], "answer": ""},
    "multi_select": {"question": "", "choices": ["", ""], "answers": []},
    "true_false": {"statement": "", "answer": True},
    "short_answer": {"question": "", "answers": [""]},
    "numeric": {"question": "", "answer": 0.0, "tolerance": 0.0, "unit": ""},
    "cloze": {"text": "", "alternatives": {}},
    "ordering": {"question": "", "items": ["", ""]},
    "matching": {"question": "", "pairs": [["", ""], ["", ""]]},
}
_DECK_FIELDS = ("title", "description", "language", "tags")


def blank_card(kind: str, card_id: str) -> dict[str, Any]:
    """The raw fields a new card of `kind` starts from (not yet valid: its text is empty)."""
    if kind not in _BLANKS:
        raise ValueError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    fields = {key: list(v) if isinstance(v, list) else v for key, v in _BLANKS[kind].items()}
    return {"id": card_id, "kind": kind, **fields, **_COMMON, "tags": []}


def card_to_raw(card: Card) -> dict[str, Any]:
    """A card as the raw fields a form edits (every field present, lists not tuples)."""
    raw: dict[str, Any] = _listify(card.model_dump(mode="python"))
    return raw


def _listify(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _listify(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_listify(v) for v in value]
    return value


def slugify(text: str, limit: int = 40) -> str:
    """A card or deck id made from text: 'Who is Lavrov?' -> 'who-is-lavrov'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")


def unique_id(text: str, taken: Iterable[str], fallback: str = "card") -> str:
    """`slugify(text)`, with -2, -3... added until it is not in `taken`."""
    used = set(taken)
    base = slugify(text) or fallback
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def new_card_id(deck: Deck, text: str = "") -> str:
    """An id for a new card of `deck`, from `text` (a prompt, an id) when it has letters."""
    return unique_id(text, (c.id for c in deck.cards))


# --- validation -------------------------------------------------------------------------


def _fields(deck: Deck) -> dict[str, Any]:
    """The deck's fields, shallow: cards stay model instances (sources are few: plain data)."""
    fields = {name: getattr(deck, name) for name in Deck.model_fields}
    fields["sources"] = [s.model_dump() for s in deck.sources]
    return fields


def _label(index: int, card: Any) -> str:
    cid = card.get("id") if isinstance(card, Mapping) else getattr(card, "id", None)
    return f"'{cid}' (#{index + 1})" if isinstance(cid, str) and cid else f"#{index + 1}"


def _plain(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, Mapping) else getattr(item, key, None)


def _source_id(card: Any) -> Any:
    source = _plain(card, "source")
    return _plain(source, "id") if source is not None else None


def build_deck(raw: Mapping[str, Any], file: str = "") -> Deck:
    """`parse_deck` on raw data whose cards may be Card instances; every problem located.

    parse_deck names the card of a cross-card problem by reading plain data, which an
    instance is not; so those rules (model.deck.cross_rules, the one copy) are run here
    on plain values, and the unlocated copies of them dropped.
    """
    try:
        return parse_deck(raw, file)
    except DeckError as error:
        cards = list(raw.get("cards") or ())
        sources = list(raw.get("sources") or ())
        problems = [
            p for p in error.problems if not (p.card is None and p.field in ("id", "source.id"))
        ]
        ids = [_plain(c, "id") if isinstance(_plain(c, "id"), str) else None for c in cards]
        source_ids = [_plain(s, "id") for s in sources]
        reversed_ids = [i for c, i in zip(cards, ids, strict=True) if _plain(c, "reverse") is True]
        sources_of = [_source_id(c) for c in cards]
        for v in cross_rules(ids, sources_of, source_ids, reversed_ids=reversed_ids):
            if v.card is None:
                continue  # duplicate source ids: parse_deck reports those itself
            problem = Problem(file, v.message, card=_label(v.card, cards[v.card]), field=v.field)
            if problem not in problems:
                problems.append(problem)
        located = [p for p in problems if p.card is not None or p.field is not None]
        raise DeckError(located or problems or error.problems) from None


def form_field(field: str | None) -> tuple[str, int | None]:
    """The form field a problem's field belongs to, and the item number in it.

    'choices[2]' -> ('choices', 2); 'pairs[0][1]' -> ('pairs', 0); 'source.quote' stays
    itself (the form shows each part of the source reference on its own).
    """
    if not field:
        return "", None
    match = re.match(r"^([a-z_]+)(?:\[(\d+)\])?", field)
    if match is None:
        return field, None
    name, item = match.group(1), match.group(2)
    if name == "source" and field.startswith("source."):
        return field.split("[")[0], None
    if name == "alternatives" and "." in field:
        return name, None
    return name, int(item) if item is not None else None


def check_card(raw: Mapping[str, Any], deck: Deck, index: int | None = None) -> list[Problem]:
    """The problems of a card being edited, in its deck: `index` is its place (None: new).

    Each problem's `field` is the form field it belongs to (see `form_field`); an item
    of a list is named in the message ('#2: is empty; ...').
    """
    try:
        _place(raw, deck, index)
    except DeckError as error:
        return _card_problems(error.problems, raw, deck, index)
    return []


def parse_card(raw: Mapping[str, Any], deck: Deck, index: int | None = None) -> Card:
    """The card built from `raw` in its deck, or DeckError with `check_card`'s problems."""
    try:
        return _place(raw, deck, index).cards[len(deck.cards) if index is None else index]
    except DeckError as error:
        raise DeckError(_card_problems(error.problems, raw, deck, index)) from None


def _place(raw: Mapping[str, Any], deck: Deck, index: int | None) -> Deck:
    cards: list[Any] = list(deck.cards)
    if index is None:
        cards.append(dict(raw))
    else:
        cards[index] = dict(raw)
    return build_deck({**_fields(deck), "cards": cards}, deck.id)


def _card_problems(
    problems: Sequence[Problem], raw: Mapping[str, Any], deck: Deck, index: int | None
) -> list[Problem]:
    at = len(deck.cards) if index is None else index
    label = _label(at, raw)
    out: list[Problem] = []
    for p in problems:
        if p.card != label:
            continue
        name, item = form_field(p.field)
        message = f"#{item + 1}: {p.message}" if item is not None else p.message
        fixed = Problem(p.file, message, card=p.card, field=name or None)
        if fixed not in out:
            out.append(fixed)
    if not out and problems:  # the deck around it is at fault: say so rather than nothing
        out = [Problem(p.file, str(p), card=label) for p in problems]
    return out


def check_deck_fields(raw: Mapping[str, Any], deck: Deck) -> list[Problem]:
    """Problems with new deck metadata (title, description, language, tags, sources)."""
    try:
        _with_fields(deck, raw)
    except DeckError as error:
        return error.problems
    return []


def _with_fields(deck: Deck, raw: Mapping[str, Any]) -> Deck:
    unknown = set(raw) - {*_DECK_FIELDS, "sources", "id"}
    if unknown:
        raise ValueError(f"not deck fields: {sorted(unknown)}")
    return build_deck({**_fields(deck), **raw}, deck.id)


# --- history ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    deck: Deck
    what: str  # "delete card 'x'": said back to the user on undo and redo


class DeckEditor:
    """A deck being edited: each operation makes a new Deck and can be undone."""

    def __init__(self, deck: Deck, *, saved: bool = True, limit: int = HISTORY_LIMIT) -> None:
        self.deck = deck
        self._saved: Deck | None = deck if saved else None
        self._undo: list[Step] = []
        self._redo: list[Step] = []
        self._limit = limit

    # state

    @property
    def dirty(self) -> bool:
        return self.deck is not self._saved

    def mark_saved(self, deck: Deck | None = None) -> None:
        """The current deck (or `deck`, the one a save wrote while editing went on) is saved."""
        self._saved = self.deck if deck is None else deck

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def _commit(self, deck: Deck, what: str) -> Deck:
        self._undo.append(Step(self.deck, what))
        del self._undo[: -self._limit]
        self._redo.clear()
        self.deck = deck
        return deck

    def undo(self) -> str | None:
        """Go back one change; returns what was undone (None when there is nothing)."""
        if not self._undo:
            return None
        step = self._undo.pop()
        self._redo.append(Step(self.deck, step.what))
        self.deck = step.deck
        return step.what

    def redo(self) -> str | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        self._undo.append(Step(self.deck, step.what))
        self.deck = step.deck
        return step.what

    # cards

    def _cards(self, cards: Sequence[Any], what: str) -> Deck:
        return self._commit(build_deck({**_fields(self.deck), "cards": list(cards)}), what)

    def add(self, card: Card | Mapping[str, Any], index: int | None = None) -> int:
        """Insert a card (at the end by default); returns where it went."""
        cards: list[Any] = list(self.deck.cards)
        at = len(cards) if index is None else max(0, min(index, len(cards)))
        cards.insert(at, card)
        self._cards(cards, f"add card '{_plain(card, 'id')}'")
        return at

    def replace(self, index: int, card: Card | Mapping[str, Any]) -> int:
        """Put `card` in place of the card at `index`; returns `index`."""
        cards: list[Any] = list(self.deck.cards)
        old = cards[index]
        cards[index] = card
        new_id = _plain(card, "id")
        what = f"edit card '{old.id}'" + (f" (now '{new_id}')" if new_id != old.id else "")
        self._cards(cards, what)
        return index

    def duplicate(self, index: int) -> int:
        """A copy of the card with a new unique id, just after it; returns its index."""
        card = self.deck.cards[index]
        copy = card.model_copy(update={"id": new_card_id(self.deck, card.id)})
        cards: list[Any] = list(self.deck.cards)
        cards.insert(index + 1, copy)
        self._cards(cards, f"duplicate card '{card.id}' as '{copy.id}'")
        return index + 1

    def delete(self, index: int) -> Card:
        cards: list[Any] = list(self.deck.cards)
        card: Card = cards.pop(index)
        self._cards(cards, f"delete card '{card.id}'")
        return card

    def move(self, index: int, step: int) -> int:
        """Move a card up (step -1) or down (+1); returns its new index (same at an end)."""
        to = index + step
        if not 0 <= index < len(self.deck.cards) or not 0 <= to < len(self.deck.cards):
            return index
        cards: list[Any] = list(self.deck.cards)
        cards.insert(to, cards.pop(index))
        self._cards(cards, f"move card '{cards[to].id}' {'up' if step < 0 else 'down'}")
        return to

    # the deck itself

    def edit_deck(self, raw: Mapping[str, Any], what: str = "edit the deck's details") -> Deck:
        """Change title, description, language, tags and/or sources (raw values)."""
        return self._commit(_with_fields(self.deck, raw), what)

    def set_sources(self, sources: Sequence[Mapping[str, Any]]) -> Deck:
        return self.edit_deck({"sources": list(sources)}, "edit the deck's sources")


# --- finding cards ----------------------------------------------------------------------


def search_text(card: Card) -> str:
    """What a search looks in: id, prompt, answer and tags, case-folded."""
    return " ".join((card.id, card.prompt, card.answer_text, *card.tags)).casefold()


def filter_cards(
    deck: Deck,
    text: str = "",
    kind: str | None = None,
    tag: str | None = None,
    haystack: Sequence[str] | None = None,
    within: Sequence[int] | None = None,
) -> list[int]:
    """Indexes of the cards whose text holds every word of `text`, of `kind`, with `tag`.

    Pass `haystack` (`search_text` of each card, computed once per deck) to search a
    big deck as you type: 10k cards then take a few milliseconds. Pass `within` (the
    indexes a broader search found, e.g. before the last key typed) to look only there.
    """
    words = text.casefold().split()
    found = []
    indexes = range(len(deck.cards)) if within is None else within
    for index in indexes:
        card = deck.cards[index]
        if kind and card.kind != kind:
            continue
        if tag and tag not in card.tags:
            continue
        if words:
            hay = haystack[index] if haystack is not None else search_text(card)
            if not all(w in hay for w in words):
                continue
        found.append(index)
    return found
