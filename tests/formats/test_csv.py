from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest

from quizapp.export import export_deck
from quizapp.formats import detect, read_file
from quizapp.formats.csv_text import dumps_csv, losses, read_csv_text
from quizapp.formats.quizlet import read_text
from quizapp.model import Deck, DeckError, parse_deck


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_anki_text_export_headers(tmp_path: Path) -> None:
    path = write(tmp_path, "export.txt", (
        "#separator:tab\n#html:true\n#tags:deckwide other\n#notetype column:1\n"
        "#deck column:2\n#guid column:3\n#tags column:6\n"
        "Basic\tGeo::Europe\tg1%X\tFrance<br>capital?\tParis &amp; <i>Seine</i>\tcity\n"
        "Cloze\tGeo::Europe\tg2$Y\t{{c1::Berlin}} is German\tBack extra\t\n"
        "Basic\tHistory\tg3^Z\tYear of the Bastille?\t1789\told fr\n"
    ))
    loaded = read_file(path)
    assert detect(path).name == "csv"  # sniffed from the '#separator:' line
    by_title = {d.title: d for d in loaded.decks}
    assert set(by_title) == {"Geo::Europe", "History"}
    geo = by_title["Geo::Europe"]
    assert geo.id == "geo-europe" and geo.tags == ("deckwide", "other")
    france, berlin = geo.cards
    assert (france.front, france.back, france.tags) == ("France\ncapital?", "Paris & Seine",
                                                       ("city",))
    assert berlin.kind == "cloze" and berlin.explanation == "Back extra"
    assert by_title["History"].cards[0].tags == ("old", "fr")
    # ids come from the guid, so they survive an edit of the front
    edited = read_csv_text(path.read_text().replace("France", "La France"), "x")
    assert edited.decks[0].cards[0].id == france.id


@pytest.mark.parametrize("sep", ["\t", ";", ",", "|"])
def test_separator_is_sniffed(sep: str) -> None:
    text = f"front{sep}back{sep}tags\nOne{sep}Two{sep}a b\nThree{sep}\"Four, five\"{sep}\n"
    deck = read_csv_text(text, "f").decks[0]
    assert [(c.front, c.back, c.tags) for c in deck.cards] == [
        ("One", "Two", ("a", "b")),
        ("Three", "Four, five", ()),
    ]


def test_rows_left_out_are_reported() -> None:
    loaded = read_csv_text("a,b\nonly front\n,no front\n\nc,d\n", "f")
    assert [c.front for c in loaded.decks[0].cards] == ["a", "c"]
    assert loaded.skipped == ["line 2: has no back (second column); left out",
                              "line 3: the front is empty; left out"]


def test_html_only_when_asked() -> None:
    plain = read_csv_text("a,<b>x</b> &amp;\n", "f").decks[0].cards[0]
    assert plain.back == "<b>x</b> &amp;"  # literal text, never markup
    html = read_csv_text("#html:true\na,<b>x</b> &amp;\n", "f").decks[0].cards[0]
    assert html.back == "x &"


def test_repeated_fronts_get_distinct_stable_ids() -> None:
    cards = read_csv_text("same,one\nsame,two\n", "f").decks[0].cards
    assert len({c.id for c in cards}) == 2
    assert [c.id for c in read_csv_text("same,one\nsame,two\n", "g").decks[0].cards] == [
        c.id for c in cards
    ]


def test_quizlet_paste() -> None:
    loaded = read_text("hund\tdog\nkatze\tcat\n\nmaus\tmouse", "paste")
    assert [(c.front, c.back) for c in loaded.decks[0].cards] == [
        ("hund", "dog"), ("katze", "cat"), ("maus", "mouse")]
    custom = read_text("a - b; c - d - e;nothing", "paste", separator=" - ", card_sep=";")
    assert [(c.front, c.back) for c in custom.decks[0].cards] == [("a", "b"), ("c", "d - e")]
    assert custom.skipped == ["card 3: no ' - ' between term and definition; left out"]
    sniffed = read_text("a - b\nc - d", "paste")
    assert sniffed.decks[0].cards[1].back == "d"
    with pytest.raises(DeckError, match="no separator"):
        read_text("just words\nmore words", "paste")


def test_round_trip_keeps_front_back_tags(tmp_path: Path) -> None:
    deck = parse_deck({"id": "d", "title": "D", "cards": [
        {"id": "a", "kind": "flashcard", "front": "Multi\nline, \"quoted\"", "back": "B;|\t",
         "tags": ["t1", "t2"]},
        {"id": "b", "kind": "cloze", "text": "{{c1::x}} y", "explanation": "why"},
        {"id": "c", "kind": "flashcard", "front": "#not a header", "back": "ok"},
    ]})
    path = tmp_path / "out.csv"
    export_deck(deck, path, "csv")
    assert path.read_text("utf-8").startswith("front,back,tags\n")
    again = read_file(path).decks[0]
    assert again.title == "out"
    for ours, theirs in zip(deck.cards, again.cards, strict=True):
        assert ours.model_dump(exclude={"id"}) == theirs.model_dump(exclude={"id"})


def test_other_kinds_written_as_prompt_and_answer(all_kinds: Deck) -> None:
    text = dumps_csv(all_kinds)
    assert "Which river?,Seine," in text
    assert len(read_csv_text(text, "f").decks[0].cards) == len(all_kinds.cards)
    notes = " ".join(losses(all_kinds))
    assert "multiple_choice" in notes and "spaces inside tags" not in notes


def test_bad_separator_and_column_are_problems() -> None:
    with pytest.raises(DeckError, match="not a separator"):
        read_csv_text("#separator:banana\na,b\n", "f")
    with pytest.raises(DeckError, match="not a column number"):
        read_csv_text("#tags column:x\na,b\n", "f")


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-16"),  # BOM and this machine's order (Excel: LE)
        lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    ],
    ids=["utf-16", "utf-16-le", "utf-16-be", "utf-8-bom"],
)
def test_unicode_text_from_excel_is_read(tmp_path: Path, encode: Any) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes(encode("#separator:tab\n#tags column:3\nCafé\tcoffee\n中文\tChinese\tlang\n"))
    assert detect(path).name == "csv"
    (deck,) = read_file(path).decks
    assert [(c.front, c.back) for c in deck.cards] == [("Café", "coffee"), ("中文", "Chinese")]
    assert deck.cards[1].tags == ("lang",)


def test_broken_utf16_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + "a,b\n".encode("utf-16-le") + b"\x00")
    with pytest.raises(DeckError, match="UTF-16"):
        read_file(path)


@pytest.mark.parametrize("head", ["term;def", "Term;Definition", "front;back", "Question;Answer"])
def test_a_header_row_is_read_as_one_not_as_a_card(tmp_path: Path, head: str) -> None:
    path = write(tmp_path, "words.csv", f"{head}\nCafé;coffee\nNaïve;naive\n")
    (deck,) = read_file(path).decks
    assert [(c.front, c.back) for c in deck.cards] == [("Café", "coffee"), ("Naïve", "naive")]
