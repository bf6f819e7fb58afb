from __future__ import annotations

from pathlib import Path

import genanki
import pytest

from quizapp.export import export_deck
from quizapp.formats import read_file
from quizapp.formats.apkg import dumps_apkg, losses
from quizapp.model import Deck, parse_deck
from tests.formats.anki_helpers import build_package, import_into_fresh_collection


@pytest.mark.parametrize("legacy", [False, True], ids=["current", "legacy"])
def test_reads_packages_made_by_anki(tmp_path: Path, legacy: bool) -> None:
    package = build_package(tmp_path, legacy)
    loaded = read_file(package)
    assert [d.title for d in loaded.decks] == ["Geo::Europe"]
    deck = loaded.decks[0]
    assert deck.id == "geo-europe"
    cards = {c.kind + ":" + c.prompt: c for c in deck.study_cards}
    # the reversed note is one card studied both ways; the image-only one gives none
    assert (len(deck.cards), len(deck.study_cards)) == (4, 5)
    france = cards["flashcard:France\ncapital?"]
    assert france.back == "Paris & more"  # entities decoded, tags and [sound:] dropped
    assert france.tags == ("eu::west", "geo")
    assert cards["flashcard:Spain"].back == "Madrid\non the Manzanares"
    assert cards["flashcard:Madrid\non the Manzanares"].back == "Spain"  # its reverse card
    assert cards["flashcard:Spain"].reverse  # type: ignore[union-attr]
    assert "flashcard:Italy" in cards and "flashcard:Rome" not in cards  # no reverse asked
    cloze = next(c for c in deck.cards if c.kind == "cloze")
    assert cloze.text == "{{c1::Berlin}} is the capital of {{c2::Germany}}"
    assert cloze.explanation == "extra <info>"
    assert any("front has no text" in s for s in loaded.skipped)
    assert loaded.media == {}  # the picture belongs to the note left out
    # not the dummy "please update" collection.anki2 that Anki also packs
    assert not any("Please update" in c.prompt for c in deck.cards)


def test_reimport_gives_the_same_ids(tmp_path: Path) -> None:
    package = build_package(tmp_path, legacy=False)
    first = read_file(package).decks[0]
    again = read_file(package).decks[0]
    assert [c.id for c in first.cards] == [c.id for c in again.cards]


def test_anki_opens_our_package(all_kinds: Deck, tmp_path: Path) -> None:
    path = tmp_path / "ours.apkg"
    export_deck(all_kinds, path, "apkg")
    notes = import_into_fresh_collection(path, tmp_path)
    assert len(notes) == len(all_kinds.cards)
    by_guid = {n["guid"]: n for n in notes}
    flash = by_guid[genanki.guid_for(all_kinds.id, "fc")]
    assert flash["notetype"] == "quizapp Basic"
    assert flash["fields"][0] == "Capital of France?<br>= not an answer"
    assert flash["tags"] == ["a,b", "easy"]
    assert flash["deck"] == all_kinds.title
    cloze = by_guid[genanki.guid_for(all_kinds.id, "cz")]
    assert cloze["notetype"] == "quizapp Cloze"
    assert "{{c1::Seine::river}}" in cloze["fields"][0]
    choice = by_guid[genanki.guid_for(all_kinds.id, "mc")]
    assert "• Thames" in choice["fields"][0] and choice["fields"][1] == "Seine"


def test_round_trip_keeps_what_anki_holds(tmp_path: Path) -> None:
    deck = parse_deck(
        {
            "id": "rt",
            "title": "Round trip",
            "cards": [
                {"id": "a", "kind": "flashcard", "front": "One <b>\n& two", "back": "Three",
                 "tags": ["x", "y::z"]},
                {"id": "b", "kind": "cloze", "text": "{{c1::Paris}} is in France",
                 "explanation": "Since 987"},
            ],
        }
    )
    path = tmp_path / "rt.apkg"
    export_deck(deck, path, "apkg")
    again = read_file(path).decks[0]
    assert again.title == deck.title
    assert again == deck  # the same deck id, card ids and kinds: nothing lost
    # written twice, the same guids: Anki updates the notes instead of duplicating them
    assert dumps_apkg(deck) and read_file(path).decks[0].cards == again.cards


def test_own_package_comes_back_whole(all_kinds: Deck, tmp_path: Path) -> None:
    path = tmp_path / "all.apkg"
    export_deck(all_kinds, path, "apkg")
    again = read_file(path).decks[0]
    assert again.id == all_kinds.id
    assert {c.id: c for c in again.cards} == {c.id: c for c in all_kinds.cards}


def test_losses_are_said(all_kinds: Deck) -> None:
    text = " ".join(losses(all_kinds))
    assert "multiple_choice" in text and "alternative answers" in text
