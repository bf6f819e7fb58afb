"""quizapp.text: the one sanitiser of untrusted text, and the model fields that use it."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.model import parse_deck
from quizapp.text import clean, clean_line

ESC, BEL = "\x1b", "\x07"
OSC52 = "\x1b]52;c;aGk=\x07"  # "write 'hi' to the clipboard"
CSI = "\x1b[31m"  # "switch to red"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Every C0 control except tab/newline/CR (CR is folded to newline), DEL and every C1 control.
CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"]
CONTROLS += [chr(c) for c in range(0x7F, 0xA0)]


def _has_control(value: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in "\t\n" for ch in value)


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_clean_removes_every_c0_and_c1_control(char: str) -> None:
    assert clean(f"a{char}b") == "ab"
    assert clean_line(f"a{char}b") == "ab"


def test_clean_keeps_newline_and_tab() -> None:
    assert clean("one\ttwo\nthree") == "one\ttwo\nthree"


def test_clean_turns_crlf_and_cr_into_newlines() -> None:
    assert clean("a\r\nb\rc\n") == "a\nb\nc\n"


def test_clean_line_folds_all_whitespace_to_single_spaces() -> None:
    assert clean_line("  a\r\n\tb   c \n") == "a b c"


@pytest.mark.parametrize("sequence", [OSC52, CSI, "\x1b[2J\x1b[H", "\x9b31m", "\x9d52;c;aGk=\x9c"])
def test_terminal_escape_sequences_are_neutralised(sequence: str) -> None:
    for out in (clean(f"before{sequence}after"), clean_line(f"before{sequence}after")):
        assert ESC not in out and BEL not in out
        assert not _has_control(out)
        assert out.startswith("before") and out.endswith("after")


def test_bidi_overrides_and_isolates_are_removed() -> None:
    assert clean(f"{BIDI[4]}txt.exe{BIDI[2]}") == "txt.exe"
    assert clean("".join(f"{c}x" for c in BIDI)) == "x" * len(BIDI)


def test_text_is_normalised_to_nfc() -> None:
    decomposed = "Cafe\u0301 Ko\u0308ln"
    assert clean(decomposed) == "Café Köln"
    assert unicodedata.is_normalized("NFC", clean(decomposed))
    assert clean_line(decomposed) == "Café Köln"


def test_clean_is_idempotent_and_keeps_ordinary_text() -> None:
    text = "Sergei Lavrov — «Москва» 東京 ✓\n\tindented"
    assert clean(text) == text
    assert clean(clean(OSC52 + text)) == clean(OSC52 + text)


def test_clean_removes_lone_surrogates() -> None:
    assert clean("a\ud800b").encode("utf-8") == b"ab"


DIRTY = f"{OSC52}x{CSI}y\u202e\x00z\x85"


def _dirty_deck() -> dict[str, Any]:
    """A deck whose every free-text field carries control characters and escapes."""
    d = DIRTY
    src = {"id": "s", "paragraph": 1, "quote": f"quote {d}"}
    common = {"tags": [f"tag {d}"], "explanation": f"why {d}", "source": src}
    return {
        "id": "dirty",
        "title": f"title {d}",
        "description": f"description {d}",
        "language": f"en{ESC}",
        "tags": [f"deck-tag {d}"],
        "sources": [{"id": "s", "title": f"src {d}", "outlet": f"AP{BEL}", "date": f"2025{ESC}",
                     "url": f"https://x{ESC}"}],
        "cards": [
            {"id": "f", "kind": "flashcard", "front": f"front {d}", "back": f"back {d}", **common},
            {"id": "mc", "kind": "multiple_choice", "question": f"q {d}",
             "choices": [f"a {d}", "b"], "answer": f"a {d}", **common},
            {"id": "ms", "kind": "multi_select", "question": f"q {d}",
             "choices": [f"a {d}", "b"], "answers": [f"a {d}"], **common},
            {"id": "tf", "kind": "true_false", "statement": f"s {d}", "answer": True, **common},
            {"id": "sa", "kind": "short_answer", "question": f"q {d}", "answers": [f"a {d}"],
             **common},
            {"id": "nu", "kind": "numeric", "question": f"q {d}", "answer": 3, "unit": f"km{ESC}",
             **common},
            {"id": "cl", "kind": "cloze", "text": f"t {d} {{{{c1::gap {d}::hint {d}}}}}",
             "alternatives": {"c1": [f"alt {d}"]}, **common},
            {"id": "or", "kind": "ordering", "question": f"q {d}", "items": [f"a {d}", "b"],
             **common},
            {"id": "ma", "kind": "matching", "question": f"q {d}",
             "pairs": [[f"l {d}", "r"], ["l2", f"r2 {d}"]], **common},
        ],
    }


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def test_every_model_field_is_cleaned() -> None:
    deck = parse_deck(_dirty_deck(), "dirty.toml")
    strings = _strings(deck.model_dump(mode="json"))
    for card in deck.cards:
        strings += [card.prompt, card.answer_text]
    assert len(strings) > 60
    for value in strings:
        assert not _has_control(value), repr(value)
        assert ESC not in value and BEL not in value
        assert not any(c in value for c in BIDI), repr(value)
    assert deck.cards[0].front.startswith("front ]52;c;aGk=x[31my")
    assert deck.title == "title ]52;c;aGk=x[31myz"


def test_multi_line_fields_keep_lines_and_one_line_fields_fold_them() -> None:
    deck = parse_deck(
        {"id": "d", "title": "two\r\nlines", "cards": [
            {"id": "c", "kind": "flashcard", "front": "  one\r\ntwo  ", "back": "b"}]},
        "f.toml",
    )
    assert deck.title == "two lines"
    assert deck.cards[0].front == "one\ntwo"


def test_text_fields_never_keep_surrounding_whitespace() -> None:
    deck = parse_deck(
        {"id": "d", "title": "T", "cards": [
            {"id": "c", "kind": "flashcard", "front": "\x00 Hi \x07", "back": "b"}]},
        "f.toml",
    )
    assert deck.cards[0].front == "Hi"


@pytest.mark.parametrize(
    "hidden",
    ["\u200b", "\ufeff", "\u2060", "\u00ad", "\u034f", "\u3164", "\u115f", "\u200e", "\u061c",
     "\U000e0041", "\u2063"],
)
def test_invisible_format_characters_never_get_in(hidden: str) -> None:
    assert clean(f"Al{hidden}ice") == "Alice"
    assert clean(f"{hidden}Alice{hidden}") == "Alice"


def test_joiners_that_shape_a_script_or_an_emoji_are_kept() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    persian = "می\u200cخواهم"
    england = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
    for kept in (family, persian, england):
        assert clean(kept) == kept
    assert clean("\u200dAlice \u200c") == "Alice "


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_ascii_text_is_cleaned_exactly_as_any_other_text(value: str) -> None:
    """clean's ASCII shortcut gives what the full rule gives: the rule applied to the same
    text with one non-ASCII letter after it, that letter taken off again."""
    assert clean(value) == clean(value + "é")[:-1]
    assert not _has_control(clean(value)) and "\r" not in clean(value)
