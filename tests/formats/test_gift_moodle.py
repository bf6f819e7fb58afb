"""GIFT as Moodle's importer reads it: each case a public question bank really holds."""

from __future__ import annotations

from pathlib import Path

from quizapp.formats import detect, read_file
from quizapp.formats.gift import read_gift_text
from quizapp.formats.gift_write import MOODLE_GRADES, dumps_gift, shares
from quizapp.model import parse_deck

# Questions Moodle's format.php accepts, in its documented syntax; one per paragraph.
BANK = r"""// question: 1  name: distractor
::animals::Match the animals. {=Cat -> Meow =Dog -> Woof = -> Moo}

::few::How much? {~=some~a few}

::twice::Capital of France? {=Paris =paris =Lutetia}

::shared::Sort the animals. {=Cat -> Mammal =Dog -> Mammal =Trout -> Fish}

::num::What is a number from 1 to 5? {#3:2~#Think of the middle}

::one::Say one. {One}

::html::[html]<p>Which is <b>heavier</b>?</p>{=[html]<i>lead</i>#[html]<b>yes</b> ~[plain]feathers}

::md::[markdown]A **bold** claim.{TRUE}

::raw::Water is H<sub>2</sub>O and E = mc<sup>2</sup>.{T}

::cloze::Embedded {1:SA:=answer} here.

::empty-choice::Pick. {=yes ~ ~no}
"""


def _cards(text: str) -> tuple[dict[str, object], list[str]]:
    loaded = read_gift_text(text, "bank.gift", "Bank")
    return {c.id: c for c in loaded.decks[0].cards}, loaded.skipped


def test_each_moodle_question_is_kept_or_skipped_alone() -> None:
    cards, skipped = _cards(BANK)
    assert cards["animals"].pairs == (("Cat", "Meow"), ("Dog", "Woof"))
    assert any("distractor 'Moo'" in s and "line 2" in s for s in skipped)
    assert (cards["few"].choices, cards["few"].answer) == (("some", "a few"), "some")
    assert cards["twice"].answers == ("Paris", "Lutetia")
    assert (cards["num"].answer, cards["num"].tolerance) == (3.0, 2.0)
    assert "any other answer: Think of the middle" in cards["num"].explanation
    assert cards["one"].kind == "short_answer" and cards["one"].answers == ("One",)
    assert cards["empty-choice"].choices == ("yes", "no")
    assert "shared" not in cards and "cloze" not in cards
    assert any("line 8" in s and "share the right item 'Mammal'" in s for s in skipped)
    assert any("embedded-answer" in s for s in skipped)


def test_format_markers_and_html_become_clean_text() -> None:
    cards, _ = _cards(BANK)
    html = cards["html"]
    assert html.question == "Which is heavier?"
    assert html.choices == ("lead", "feathers") and html.answer == "lead"
    assert html.explanation == "lead: yes"
    assert cards["md"].statement == "A **bold** claim." and cards["md"].answer is True
    assert cards["raw"].statement == "Water is H₂O and E = mc²."
    every = " ".join(str(c.model_dump()) for c in cards.values())
    for marker in ("[html]", "[plain]", "[markdown]", "[moodle]", "<p>", "<b>", "<i>"):
        assert marker not in every


def test_a_question_the_model_refuses_is_skipped_with_its_line() -> None:
    many = " ".join(f"~choice {n}" for n in range(13))
    text = f"::ok::Fine? {{=yes ~no}}\n\n::big::Too many? {{=right {many}}}\n"
    cards, skipped = _cards(text)
    assert list(cards) == ["ok"]
    assert any("'big' (line 3)" in s and "choices" in s for s in skipped)


def test_gift_in_a_txt_file_is_sniffed_by_its_answer_blocks(tmp_path: Path) -> None:
    path = tmp_path / "moodle-export.txt"
    path.write_text("What is 2+2? {=4 ~5}\n\nThe sky is blue. {T}\n\nName a colour {=red}\n")
    assert detect(path).name == "gift"
    loaded = read_file(path)
    assert [c.kind for c in loaded.decks[0].cards] == [
        "multiple_choice", "true_false", "short_answer"
    ]
    plain = tmp_path / "cards.txt"
    plain.write_text("front,back\nFrance,Paris\nSpain,{Madrid}\n")
    assert detect(plain).name == "csv"


def test_cp1252_gift_is_read_and_the_encoding_said(tmp_path: Path) -> None:
    path = tmp_path / "windows.gift"
    text = "::q::Où est la «\u00a0Tour Eiffel\u00a0» ? {=à Paris ~à Lyon}\n"
    path.write_bytes(text.encode("cp1252"))
    loaded = read_file(path)
    assert loaded.decks[0].cards[0].answer == "à Paris"
    assert "not UTF-8; read as cp1252" in loaded.skipped[0]


def test_export_weights_are_in_moodles_grade_list() -> None:
    for count in range(1, 13):
        weights = shares(count)
        assert len(weights) == count and abs(sum(weights) - 100) < 1e-3
        assert all(w in MOODLE_GRADES for w in weights)
    choices = [f"c{n}" for n in range(12)]
    deck = parse_deck({"id": "d", "title": "D", "cards": [
        {"id": "ms", "kind": "multi_select", "question": "All but one?",
         "choices": choices, "answers": choices[:11]},
        {"id": "arrow", "kind": "short_answer", "question": "Arrow?", "answers": ["a -> b"]},
        {"id": "sp", "kind": "short_answer", "question": "Specials ~=#{}:\\?",
         "answers": ["x{y}"]},
    ]})
    text = dumps_gift(deck)
    assert "%10%c0" in text and "%5%c10" in text and "9.09" not in text
    assert "// skipped: card arrow: an answer contains '->'" in text
    back, _ = _cards(text)
    assert back["ms"].answers == tuple(choices[:11])
    assert back["sp"].question == "Specials ~=#{}:\\?" and back["sp"].answers == ("x{y}",)


def test_answers_laid_out_over_lines_read_as_moodle_shows_them() -> None:
    text = (
        "::n::When was Grant born? {#\n     =1822:0      #Correct! 100% credit\n"
        "     =%50%1822:2  #He was born in 1822.\n                  You get 50% credit.\n}\n"
        "\n::e::Escaped? {=yes#line one\\nline two ~no}\n"
    )
    cards, skipped = _cards(text)
    assert cards["n"].answer == 1822.0
    assert cards["n"].explanation == (
        "1822:0: Correct! 100% credit\n1822:2: He was born in 1822. You get 50% credit."
    )
    assert any("partial-credit" in s for s in skipped)
    assert cards["e"].explanation == "yes: line one\nline two"
