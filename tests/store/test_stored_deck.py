"""The reviewer's deck is read and checked at once and its cards are built when shown
(StoredDeck): the same cards as the whole deck, a session over it the same as over the
whole deck, and a damaged file still caught, at open or when a damaged card is built."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.model import Deck, Rating
from quizapp.store import Library, LibraryCorrupt
from quizapp.store.stored_deck import StoredDeck
from quizapp.study.service import StudyService
from quizapp.study.session import StudySession
from tests.conftest import make_deck

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _mixed() -> Deck:
    """Flashcards (every third reversed), a multiple choice and a cloze."""
    cards: list[dict[str, object]] = [
        {"id": f"c{i}", "kind": "flashcard", "front": f"front {i}", "back": f"back {i}",
         "reverse": i % 3 == 0}
        for i in range(9)
    ]
    cards += [
        {"id": "mc", "kind": "multiple_choice", "question": "Which?",
         "choices": ["a", "b", "c"], "answer": "b"},
        {"id": "cz", "kind": "cloze", "text": "{{c1::Bamako}} is in Mali."},
    ]
    return Deck.model_validate({"id": "demo", "title": "Mixed", "cards": cards})


def _reopened(data_dir: Path, deck: Deck) -> Library:
    with Library.open(data_dir) as lib:
        lib.import_deck(deck)
    return Library.open(data_dir)  # nothing of the deck built yet


def test_it_gives_the_cards_the_whole_deck_gives_building_only_those_asked(
    data_dir: Path,
) -> None:
    deck = _mixed()
    with _reopened(data_dir, deck) as lib:
        stored = lib.stored_deck("demo")
        assert stored.study_ids == deck.study_ids  # reverses included, without building
        assert stored.siblings == deck.siblings
        assert stored.head.title == "Mixed" and stored.head.cards == ()
        assert stored.card("c3-card2") == deck.card("c3-card2")
        assert stored.card("mc") == deck.card("mc")
        assert not stored.built and sorted(stored._cards) == ["c3-card2", "mc"]
        for missing in ("nope", "c1-card2", "mc-card2"):  # c1 is not reversed
            with pytest.raises(KeyError):
                stored.card(missing)
        assert lib.deck("demo") == deck  # the same read, built whole
        assert stored.built and stored.card("cz") == deck.card("cz")



def test_a_deck_built_whole_gives_each_card_by_its_index_not_a_walk(data_dir: Path) -> None:
    """Once built whole (after an edit in review, or a deck handed over built), a card is
    found by an index of the deck's cards made once: Deck.card walks them all (20 ms a
    card at 100k cards, for every card a session shows)."""
    deck = _mixed()
    stored = StoredDeck.of(deck)
    for study_id in deck.study_ids:
        assert stored.card(study_id) == deck.card(study_id)
    assert stored.card("c3") is deck.cards[3]  # the deck's own card, not a copy
    assert stored.card("c3-card2") is stored.card("c3-card2")  # its reverse built once
    for missing in ("nope", "c1-card2", "mc-card2"):
        with pytest.raises(KeyError):
            stored.card(missing)
    with _reopened(data_dir, deck) as lib:
        lazy = lib.stored_deck("demo")
        assert lazy.card("c0-card2") == deck.card("c0-card2")  # built from its document
        lazy.whole()
        assert [lazy.card(i) for i in deck.study_ids] == list(deck.study_cards)

def test_a_session_over_it_runs_as_over_the_whole_deck(data_dir: Path) -> None:
    deck = _mixed()
    with _reopened(data_dir, deck) as lib:
        stored, settings = lib.stored_deck("demo"), lib.settings("demo")

        def run(source: Deck | StoredDeck) -> list[tuple[str, int]]:
            times = iter(NOW + timedelta(seconds=s) for s in range(10_000))
            session = StudySession(source, {}, settings, clock=lambda: next(times), fuzz=False)
            seen = []
            for step in range(30):
                card = session.next_card()
                if card is None:
                    break
                seen.append((card.id, session.counts.total))
                session.answer(card.id, Rating(1 + step % 4), 2000)
            assert session.summary().next_due is not None
            return seen

        assert run(stored) == run(deck)
        assert not stored.built  # the session built the cards it showed, not the deck


def test_the_reviewer_opens_without_building_the_deck_and_builds_it_for_an_edit(
    data_dir: Path,
) -> None:
    with _reopened(data_dir, make_deck(n=5)) as lib:
        service = StudyService.open(lib, "demo", clock=lambda: NOW, fuzz=False)
        card = service.session.next_card()
        assert card is not None and not service.session.deck_built
        edited = card.model_copy(update={"back": "a better back"})
        assert service.edit(edited) == edited  # the whole deck built, then written
        assert lib.deck("demo").card(card.id) == edited
        assert service.undo() is not None and lib.deck("demo").card(card.id) == card


def test_a_card_damaged_past_the_shape_check_is_damage_when_it_is_built(
    data_dir: Path,
) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(_mixed())
        lib.import_deck(make_deck("other"))  # a backup to offer
    path = data_dir / "decks" / "demo.json"
    data = json.loads(path.read_text())
    mc = next(c for c in data["cards"].values() if c["id"] == "mc")
    mc["choices"] = 7  # an id and a kind, so the file opens; not a card
    path.write_text(json.dumps(data))
    with Library.open(data_dir) as lib:
        stored = lib.stored_deck("demo")
        assert stored.card("c0").id == "c0"  # the good cards are read
        with pytest.raises(LibraryCorrupt, match="wrong shape") as caught:
            stored.card("mc")
        assert "quizapp restore" in str(caught.value)
    with pytest.raises(LibraryCorrupt):  # moved aside: the library is not whole
        Library.open(data_dir)
