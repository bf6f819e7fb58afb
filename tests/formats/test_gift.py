from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.export import export_deck
from quizapp.formats import detect, read_file
from quizapp.formats.gift import dumps_gift, losses, read_gift_text
from quizapp.model import Deck, DeckError, parse_deck

SAMPLE = r"""// A Moodle export
$CATEGORY: $course$/top/Geography

// [tag:capitals]
::Q1:: What is the capital of France? {=Paris#Right! ~London#No, that is England ~Rome}

::tf::The sun is a star.{T#Think again#Well done}

::primes::Which are primes? {~%50%2 ~%50%3 ~%-100%4 ####2 and 3 only}

::colour::Name a colour of the French flag. {=blue =white =red =%50%bleu}

::pi::Pi to two places? {#3.14:0.005}

::range::A number from 4 to 6? {#4..6}

::multi::Five? {#=5:0 =%50%5:2}

::match::Match the sounds. {=cat -> meow =dog -> woof =cow -> moo}

::esc::Moodle costs \{nothing\} \: 1\=1 {=yes\~sure ~no\#never}

::essay::Write about Paris. {}

::desc::Just a description.

The {=Seine ~Thames} flows through Paris.

[html]<p>Which is <b>bold</b>?</p>{=this ~that}

::multi-line::First line\nsecond line {FALSE}
"""


def test_reads_every_gift_question_type() -> None:
    loaded = read_gift_text(SAMPLE, "sample.gift", "Sample")
    cards = {c.id: c for c in loaded.decks[0].cards}
    q1 = next(c for c in cards.values() if c.prompt == "What is the capital of France?")
    assert q1.kind == "multiple_choice" and q1.answer == "Paris"
    assert q1.choices == ("Paris", "London", "Rome")
    assert q1.tags == ("Geography", "capitals")
    assert q1.explanation == "Paris: Right!\nLondon: No, that is England"
    assert cards["tf"].answer is True and "Well done" in cards["tf"].explanation
    primes = cards["primes"]
    assert primes.kind == "multi_select" and primes.answers == ("2", "3")
    assert primes.explanation == "2 and 3 only"
    assert cards["colour"].answers == ("blue", "white", "red")
    assert (cards["pi"].answer, cards["pi"].tolerance) == (3.14, 0.005)
    assert (cards["range"].answer, cards["range"].tolerance) == (5.0, 1.0)
    assert cards["multi"].answer == 5.0
    assert cards["match"].pairs == (("cat", "meow"), ("dog", "woof"), ("cow", "moo"))
    esc = cards["esc"]
    assert esc.question == "Moodle costs {nothing} : 1=1"
    assert esc.choices == ("yes~sure", "no#never")
    missing = next(c for c in cards.values() if c.prompt.startswith("The _____"))
    assert missing.prompt == "The _____ flows through Paris." and missing.answer == "Seine"
    assert any(c.prompt == "Which is bold?" for c in cards.values())
    assert cards["multi-line"].statement == "First line\nsecond line"
    assert cards["multi-line"].answer is False
    reasons = " | ".join(loaded.skipped)
    assert "essay" in reasons and "description" in reasons
    assert "partial-credit" in reasons


def test_round_trip_keeps_what_gift_holds(all_kinds: Deck, tmp_path: Path) -> None:
    path = tmp_path / "all.gift"
    export_deck(all_kinds, path, "gift")
    assert detect(path).name == "gift"
    again = {c.id: c for c in read_file(path).decks[0].cards}
    text = path.read_text("utf-8")
    assert "// skipped: card ord: GIFT has no ordering questions" in text
    assert "// skipped: card cz:" in text  # two gaps
    assert "// skipped: card match: a left side contains '->'" in text
    assert "ord" not in again and "cz" not in again and "match" not in again
    for card in all_kinds.cards:
        if card.kind in ("ordering", "cloze", "flashcard", "matching"):
            continue
        got = again[card.id]
        expected = card.model_dump(exclude={"source", "points", "unit"})
        assert got.model_dump(exclude={"source", "points", "unit"}) == expected
    assert "fc" not in again  # its back has several lines: no GIFT short answer


def test_flashcard_and_single_gap_cloze_become_short_answers(tmp_path: Path) -> None:
    deck = parse_deck({"id": "d", "title": "D", "cards": [
        {"id": "f", "kind": "flashcard", "front": "2+2?", "back": "four", "tags": ["m"]},
        {"id": "long", "kind": "flashcard", "front": "Long", "back": "two\nlines"},
        {"id": "c", "kind": "cloze", "text": "The {{c1::Seine}} flows.",
         "alternatives": {"c1": ["La Seine"]}, "explanation": "A river"},
    ]})
    text = dumps_gift(deck)
    cards = {c.id: c for c in read_gift_text(text, "d.gift").decks[0].cards}
    assert cards["f"].kind == "short_answer" and cards["f"].answers == ("four",)
    assert cards["f"].tags == ("m",)
    assert "long" not in cards and "// skipped: card long" in text
    assert cards["c"].question == "The _____ flows."
    assert cards["c"].answers == ("Seine", "La Seine") and cards["c"].explanation == "A river"
    assert any("left out" in note for note in losses(deck))


def test_not_gift_is_a_deck_error() -> None:
    with pytest.raises(DeckError, match="is not a GIFT file"):
        read_gift_text("just some words\n\nand more", "x.gift")
    with pytest.raises(DeckError, match="is not a GIFT file"):
        read_gift_text("::a::{}\n\n::b::just a description", "x.gift")
