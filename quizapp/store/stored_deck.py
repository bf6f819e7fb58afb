"""One of the library's deck files read and checked, its cards built when first asked for.

A deck file is the library's own: it was validated when it was imported or edited, so it
is rebuilt without pydantic (`model.trusted.construct`). Building every card of a 100k-card
deck still costs about a second, and the reviewer shows a few dozen of them in a session:
`StoredDeck` parses the file and checks its shape at once (so a torn or foreign file is
found when the deck opens), and builds a card when it is first asked for, or the whole
deck when an editor needs it. A card whose fields are damaged past what the shape check
sees is reported when it is built, as the same CorruptFile the whole deck would raise.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from quizapp.bulk import collecting_later
from quizapp.store.atomic import AtomicJSONStorage, CorruptFile

if TYPE_CHECKING:
    from quizapp.model import Card, Deck

T = TypeVar("T")
#: How a load is run: the library's damage guard (whole.Damage.guarded), or as it is.
Guard = Callable[[Callable[[], Any]], Any]

#: What building a model from a damaged document raises (a wrong type, a missing key).
_BUILD_ERRORS = (KeyError, TypeError, ValueError, AttributeError)


def _unguarded(load: Callable[[], Any]) -> Any:
    return load()


class StoredDeck:
    """A deck's metadata and card documents; cards and the whole Deck built on demand.

    `of(deck)` wraps a deck already built (after an edit): the same interface, nothing
    left to build. Safe to share between the UI thread and a worker: what is built is
    kept under a lock, and building the same card twice gives equal cards.
    """

    def __init__(
        self,
        path: Path | None,
        meta: dict[str, Any],
        docs: list[dict[str, Any]],
        *,
        siblings: list[list[str]] | None = None,
        guard: Guard = _unguarded,
        whole: Deck | None = None,
    ) -> None:
        self.path = path
        self._meta = meta
        self._docs = docs
        self._siblings = siblings
        self._guard = guard
        self._whole = whole
        self._cards: dict[str, Card] = {}
        #: The whole deck's cards by id, made with it (off the UI thread, where it is built):
        #: Deck.card walks the cards, 20 ms a card at 100k.
        self._index = None if whole is None else _by_id(whole)
        self._lock = threading.Lock()
        self.id: str = meta["id"]
        self.title: str = meta["title"]
        #: Where each authored card's document is, by id (made when a card is first asked
        #: for: a deck read to be built whole never needs it).
        self._where: dict[str, int] | None = None
        self._study_ids: list[str] | None = None
        self._head: Deck | None = None

    @classmethod
    def read(cls, path: Path, deck_id: str | None = None, **kwargs: Any) -> StoredDeck:
        """Parse and check a deck file (CorruptFile if it is empty, torn or of the wrong
        shape: no metadata, another deck's, a card without an id or a known kind)."""
        from quizapp.model import CARD_TYPES

        data = AtomicJSONStorage(path).read()
        if data is None:
            raise CorruptFile(path, "is empty" if path.exists() else "is missing")
        meta = next(iter(data.get("deck", {}).values()), None)
        if (
            not isinstance(meta, dict)
            or not isinstance(meta.get("id"), str)
            or not isinstance(meta.get("title"), str)
            or (deck_id is not None and meta.get("id") != deck_id)
        ):
            raise CorruptFile(path, "has the wrong shape (no deck metadata, or another deck's)")
        docs = list(data.get("cards", {}).values())
        for doc in docs:
            if (
                not isinstance(doc, dict)
                or not isinstance(doc.get("id"), str)
                or doc.get("kind") not in CARD_TYPES
            ):
                raise CorruptFile(path, "has the wrong shape (a card without an id or a kind)")
        meta = {k: v for k, v in meta.items() if k != "cards"}
        return cls(path, meta, docs, **kwargs)

    @classmethod
    def of(cls, deck: Deck) -> StoredDeck:
        """A deck already built, seen through the same interface."""
        stored = cls(None, {"id": deck.id, "title": deck.title}, [], whole=deck)
        stored._head = deck
        return stored

    @property
    def study_ids(self) -> list[str]:
        """The ids of the deck's study cards in order (`Deck.study_ids`), without building
        the cards."""
        if self._study_ids is None:
            whole = self._whole
            self._study_ids = whole.study_ids if whole is not None else _study_ids(self._docs)
        return self._study_ids

    def _positions(self, docs: list[dict[str, Any]]) -> dict[str, int]:
        # From the caller's `docs`: whole() may let self._docs go meanwhile.
        if self._where is None:
            self._where = {doc["id"]: i for i, doc in enumerate(docs)}
        return self._where

    # --- what a session asks of it -------------------------------------------------------

    @property
    def head(self) -> Deck:
        """The deck's metadata (title, language, sources) with no card: what a screen
        shows beside a card, without building the deck's cards."""
        if self._head is None:
            from quizapp.model import Deck
            from quizapp.model.trusted import construct

            self._head = self._built(lambda: construct(Deck, {**self._meta, "cards": []}))
        return self._head

    @property
    def siblings(self) -> list[list[str]]:
        """Groups of study cards sharing a note (given by the library's summary, or from
        the whole deck)."""
        if self._siblings is None:
            self._siblings = self.whole().siblings
        return self._siblings

    @property
    def built(self) -> bool:
        """Whether the whole deck is built (asking for it costs nothing more)."""
        return self._whole is not None

    def card(self, study_id: str) -> Card:
        """The study card with this id (a reversed flashcard's reverse included); KeyError
        if the deck has none; CorruptFile (through the guard) if its document is damaged."""
        with self._lock:
            found = self._cards.get(study_id)
        if found is not None:
            return found
        from quizapp.model.cards import Flashcard
        from quizapp.model.reverse import REVERSE_SUFFIX, reverse_of

        card = self._authored_card(study_id)
        if card is None:
            base = study_id.removesuffix(REVERSE_SUFFIX)
            authored = self._authored_card(base) if base != study_id else None
            if not (isinstance(authored, Flashcard) and authored.reverse):
                raise KeyError(study_id)
            card = reverse_of(authored)
        with self._lock:
            self._cards[study_id] = card
        return card

    def _authored_card(self, card_id: str) -> Card | None:
        """The authored card with this id: built from its document, or, once the deck is
        built whole, found in the index made with it."""
        with self._lock:  # whole() may be letting the documents go in another thread
            docs, index = self._docs, self._index
        if index is not None:
            return index.get(card_id)
        at = self._positions(docs)
        return self._authored(docs[at[card_id]]) if card_id in at else None

    def _authored(self, doc: dict[str, Any]) -> Card:
        from quizapp.model import CARD_TYPES
        from quizapp.model.trusted import construct

        # The kind's own class: one of the Card union, which mypy sees only as their base.
        return cast("Card", self._built(lambda: construct(CARD_TYPES[doc["kind"]], doc)))

    def whole(self) -> Deck:
        """The deck with every card built (once; about a second at 100k cards: off the UI
        thread). Its documents are let go then: the built deck answers from now on."""
        if self._whole is None:
            from quizapp.model import Deck
            from quizapp.model.trusted import construct

            with collecting_later():  # a card is a few acyclic objects: quizapp/bulk.py
                whole: Deck = self._built(
                    lambda: construct(Deck, {**self._meta, "cards": self._docs})
                )
                index = _by_id(whole)
            with self._lock:
                if self._whole is None:  # else another thread built it first: keep that one
                    self._whole, self._index, self._docs, self._cards = whole, index, [], {}
        return self._whole

    def _built(self, build: Callable[[], T]) -> T:
        """A model built from this file's documents: damage in them is this file's."""
        path = self.path

        def guarded() -> T:
            try:
                return build()
            except _BUILD_ERRORS as error:
                if path is None:
                    raise
                raise CorruptFile(path, f"has the wrong shape ({error})") from None

        result: T = self._guard(guarded)
        return result


def _study_ids(docs: list[dict[str, Any]]) -> list[str]:
    """`model.reverse.study_ids` of the documents, without building the cards."""
    from quizapp.model.reverse import reverse_id

    out: list[str] = []
    for doc in docs:
        out.append(doc["id"])
        if doc["kind"] == "flashcard" and doc.get("reverse"):
            out.append(reverse_id(doc["id"]))
    return out


def _by_id(deck: Deck) -> dict[str, Card]:
    return {card.id: card for card in deck.cards}
