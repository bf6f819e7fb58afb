"""A flashcard's `extra` (an Anki note's fields beyond its two sides) kept by every deck
format quizapp writes whole, and put on the back of the Anki card it exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.export import export_deck
from quizapp.formats import read_file
from quizapp.formats.markdown import dumps_markdown, read_markdown_text
from quizapp.model import Deck, DeckError, Flashcard
from tests.formats.anki_helpers import import_into_fresh_collection

EXTRA = "Example: La maison est grande.\nQ: not a marker\n\nSource: Lesson 3"


def deck() -> Deck:
    cards = (
        Flashcard(id="maison", front="maison", back="house", extra=EXTRA, explanation="A noun."),
        Flashcard(id="chat", front="chat", back="cat"),
    )
    return Deck(id="fr", title="French", cards=cards)


@pytest.mark.parametrize("fmt", ["toml", "json", "markdown"])
def test_every_own_format_keeps_the_extra(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"fr.{ {'markdown': 'md'}.get(fmt, fmt) }"
    export_deck(deck(), path, fmt)
    back = read_file(path).decks[0]
    assert back == deck()
    assert back.cards[0].extra == EXTRA  # type: ignore[union-attr]


def test_markdown_extra_line_and_its_continuation() -> None:
    text = "Q: maison\nA: house\nextra: Example: La maison.\nfrom Lesson 3\n"
    read = read_markdown_text(text, "fr.md").decks[0]
    card = read.cards[0]
    assert isinstance(card, Flashcard) and card.extra == "Example: La maison.\nfrom Lesson 3"
    assert "extra: Example: La maison.\nfrom Lesson 3\n" in dumps_markdown(read)


def test_markdown_extra_on_another_kind_is_named() -> None:
    with pytest.raises(DeckError) as error:
        read_markdown_text("Q: capital?\n= Paris\nextra: more\n", "fr.md")
    assert "line 3: 'extra:' is for flashcards" in str(error.value)


def test_the_schema_describes_the_extra() -> None:
    flashcard = Deck.model_json_schema()["$defs"]["Flashcard"]["properties"]
    assert flashcard["extra"]["default"] == ""


def test_apkg_export_puts_the_extra_on_the_back_and_reimports_it(tmp_path: Path) -> None:
    package = tmp_path / "fr.apkg"
    export_deck(deck(), package, "apkg")
    notes = {n["fields"][0]: n for n in import_into_fresh_collection(package, tmp_path)}
    back = str(notes["maison"]["fields"][1])  # type: ignore[index]
    assert back.startswith("house<br><br>Example: La maison est grande.<br>")
    assert "Source: Lesson 3" in back and "A noun." in back
    again = read_file(package).decks[0]
    assert again.cards[0] == deck().cards[0]
