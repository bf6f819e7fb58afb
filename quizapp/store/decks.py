"""A library's decks on disk: one TinyDB file per deck, and the summary the home screen reads.

A deck file holds two tables, `deck` (its metadata, one document) and `cards` (one
document per card, in order). Its summary lives in library.json so that listing decks
and counting what is due never loads a deck's cards.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp import jsonio
from quizapp.files import atomic_write_bytes
from quizapp.store.atomic import AtomicJSONStorage

if TYPE_CHECKING:
    from quizapp.model import Deck


@dataclass(frozen=True)
class DeckSummary:
    id: str
    title: str
    description: str
    card_count: int
    kinds: dict[str, int]
    sources: tuple[str, ...]
    tags: tuple[str, ...]
    origin: str
    review_by: tuple[str, ...] = ()  # the cards' review-by dates (ISO), for stale counts


@dataclass
class ImportReport:
    deck_id: str
    title: str
    created: bool
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)

    def describe(self) -> str:
        verb = "added" if self.created else "updated"
        parts = [f"{len(self.added)} new"]
        if not self.created:
            parts += [
                f"{len(self.updated)} changed",
                f"{len(self.removed)} removed",
                f"{self.unchanged} unchanged",
            ]
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        return f"{self.title} ({self.deck_id}): {verb}; cards: {', '.join(parts)}"


class DeckExists(Exception):
    def __init__(self, deck_id: str, count: int) -> None:
        super().__init__(
            f"A deck with id {deck_id!r} is already in the library ({count} cards). "
            "Use --replace to update it; progress of cards whose ids are unchanged is kept."
        )


def _file_doc(meta: dict[str, Any], cards: list[dict[str, Any]]) -> dict[str, Any]:
    """A deck file's TinyDB document: its metadata and its cards in order."""
    return {"deck": {"1": meta}, "cards": {str(i + 1): card for i, card in enumerate(cards)}}


def _content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def _legacy_hash(data: dict[str, Any]) -> str:
    # The content hash before the library wrote through orjson (json.dumps of the content,
    # keys sorted): what a library written then keeps in its summaries.
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def _card_data(deck: Deck) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    from quizapp.model.data import deck_to_data  # the one serialisation of a deck

    data = deck_to_data(deck)
    cards = data.pop("cards", [])
    return data, cards


def read_deck_file(path: Path, deck_id: str | None = None) -> Deck:
    """Load one of the library's own deck files whole, trusted (CorruptFile if it is
    damaged): checked and built by stored_deck.py, without pydantic's validation."""
    from quizapp.store.stored_deck import StoredDeck

    return StoredDeck.read(path, deck_id).whole()


def ids_path(deck_path: Path) -> Path:
    return deck_path.with_name(deck_path.stem + ".ids.json")


def write_card_ids(deck_path: Path, deck: Deck, content: str) -> None:
    """The deck's card ids beside its file, for counting what is due without loading the
    deck; marked with the deck file's content hash, so a stale one is never believed."""
    ids = deck.study_ids  # a reversed flashcard is two
    atomic_write_bytes(ids_path(deck_path), jsonio.dumps({"hash": content, "ids": ids}))


def read_card_ids(deck_path: Path, content: str) -> list[str] | None:
    """The ids kept beside a deck file if they belong to this content, else None."""
    try:
        data = jsonio.loads(ids_path(deck_path).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("hash") != content:
        return None
    ids = data.get("ids")
    return ids if isinstance(ids, list) and all(isinstance(i, str) for i in ids) else None


def write_summaries(path: Path, schema: int, summaries: list[dict[str, Any]]) -> None:
    """Write a whole library.json (when it is rebuilt from the deck files)."""
    AtomicJSONStorage(path).write(
        {
            "meta": {"1": {"schema_version": schema}},
            "decks": {str(i + 1): doc for i, doc in enumerate(summaries)},
        }
    )


def stored_hash_is(path: Path, expected: str | None) -> bool:
    """Whether a deck file as it is on disk has the content hash `expected`, as this
    library computes it or as a library written before orjson did (False if the file is
    absent or unreadable)."""
    try:
        data = AtomicJSONStorage(path).read() or {}
    except Exception:  # a damaged file is reported when the deck is opened
        return False
    meta: dict[str, Any] = next(iter(data.get("deck", {}).values()), {})
    cards = list(data.get("cards", {}).values())
    # The file's bytes as write_deck_file made them (orjson is deterministic and a parsed
    # document keeps its order), or the hash of its content as older libraries kept it.
    now = _content_hash(jsonio.dumps(_file_doc(meta, cards)))
    return expected is not None and expected in (now, _legacy_hash({**meta, "cards": cards}))


def write_deck_file(path: Path, deck: Deck) -> str:
    """Write a deck file atomically; returns the hash of its content (of the bytes
    written: one serialisation, not a second one to hash)."""
    meta, cards = _card_data(deck)
    raw = jsonio.dumps(_file_doc(meta, cards))
    atomic_write_bytes(path, raw, make_parents=True)
    return _content_hash(raw)


def summary_doc(
    deck: Deck, content: str, previous: dict[str, Any], origin: str | None
) -> dict[str, Any]:
    """The library.json document of a deck just written (`previous`: its old one, if any)."""
    summary = {
        "id": deck.id,
        "title": deck.title,
        "description": deck.description,
        "card_count": len(deck.cards),
        # To leave out buried siblings, which cards share an Anki note (the ids
        # themselves are kept beside the deck file: write_card_ids).
        "siblings": deck.siblings,
        "kinds": dict(deck.kinds),
        "sources": [s.title for s in deck.sources],
        "tags": list(deck.tags),
        # The home screen counts stale cards from these alone: no deck to load for them.
        "review_by": sorted(
            c.review_by.isoformat() for c in deck.cards if c.review_by is not None
        ),
        "origin": origin or previous.get("origin", "user"),
        "hash": content,
        "shipped_hash": previous.get("shipped_hash"),
        "shipped_file": previous.get("shipped_file"),
        "updated": time.time(),
    }
    if origin == "shipped":  # what was shipped: a later change by the user is told apart
        summary["shipped_hash"] = content
    return summary


def summary_from_doc(doc: dict[str, Any]) -> DeckSummary:
    return DeckSummary(
        id=doc["id"],
        title=doc["title"],
        description=doc.get("description", ""),
        card_count=doc["card_count"],
        kinds=dict(doc["kinds"]),
        sources=tuple(doc.get("sources", ())),
        tags=tuple(doc.get("tags", ())),
        origin=doc.get("origin", "user"),
        review_by=tuple(doc.get("review_by", ())),
    )
