"""A flashcard with `reverse = true`: studied as two cards (model/reverse.py), written and
read back by every deck format quizapp writes whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.export import export_deck
from quizapp.formats import read_file
from quizapp.formats.markdown import dumps_markdown, read_markdown_text
from quizapp.model import Deck, DeckError, Flashcard, parse_deck
from quizapp.model.reverse import reverse_id


def deck() -> Deck:
    cards = (
        Flashcard(id="maison", front="maison", back="house", reverse=True, extra="A noun."),
        Flashcard(id="chat", front="chat", back="cat"),
    )
    return Deck(id="fr", title="French", cards=cards)


def test_a_reversed_flashcard_is_studied_as_two_cards_that_are_siblings() -> None:
    studied = deck().study_cards
    assert [(c.id, c.prompt, c.answer_text) for c in studied] == [
        ("maison", "maison", "house"),
        ("maison-card2", "house", "maison"),
        ("chat", "chat", "cat"),
    ]
    assert deck().siblings == [["maison", "maison-card2"]]
    assert deck().card("maison-card2") == studied[1]
    assert len(deck().cards) == 2  # what the author wrote is unchanged


def test_the_reverse_id_can_not_be_taken_by_an_authored_card() -> None:
    raw = {
        "id": "fr",
        "title": "French",
        "cards": [
            {"id": "maison", "kind": "flashcard", "front": "maison", "back": "house",
             "reverse": True},
            {"id": reverse_id("maison"), "kind": "flashcard", "front": "x", "back": "y"},
        ],
    }
    with pytest.raises(DeckError) as error:
        parse_deck(raw, "fr.toml")
    problem = error.value.problems[0]
    assert (problem.file, problem.card, problem.field) == ("fr.toml", "'maison-card2' (#2)", "id")
    assert "is the id of the reverse of card 'maison'" in problem.message
    raw["cards"][0]["reverse"] = False  # type: ignore[index]
    assert len(parse_deck(raw, "fr.toml").study_cards) == 2  # an ordinary id again


def test_reverse_only_on_flashcards_with_a_clear_message() -> None:
    raw = {
        "id": "fr",
        "title": "French",
        "cards": [{"id": "t", "kind": "true_false", "statement": "Paris is in France",
                   "answer": True, "reverse": True}],
    }
    with pytest.raises(DeckError) as error:
        parse_deck(raw, "fr.toml")
    problem = error.value.problems[0]
    assert (problem.card, problem.field) == ("'t' (#1)", "reverse")
    assert problem.message.startswith("only a flashcard can be studied both ways")


@pytest.mark.parametrize("fmt", ["toml", "json", "markdown"])
def test_every_own_format_keeps_reverse(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"fr.{ {'markdown': 'md'}.get(fmt, fmt) }"
    export_deck(deck(), path, fmt)
    assert "reverse" in path.read_text()
    back = read_file(path).decks[0]
    assert back == deck()
    assert [c.id for c in back.study_cards] == ["maison", "maison-card2", "chat"]


def test_markdown_reverse_line() -> None:
    read = read_markdown_text("Q: maison\nA: house\nreverse: yes\n\nQ: chat\nA: cat\n", "fr.md")
    first, second = read.decks[0].cards
    assert isinstance(first, Flashcard) and first.reverse
    assert isinstance(second, Flashcard) and not second.reverse
    assert "reverse: true" in dumps_markdown(read.decks[0])


def test_markdown_reverse_on_another_kind_is_named() -> None:
    with pytest.raises(DeckError) as error:
        read_markdown_text("Q: capital?\n= Paris\nreverse: true\n", "fr.md")
    assert "line 3: 'reverse:' is for flashcards" in str(error.value)


def test_the_schema_describes_reverse() -> None:
    flashcard = Deck.model_json_schema()["$defs"]["Flashcard"]["properties"]
    assert flashcard["reverse"]["default"] is False
