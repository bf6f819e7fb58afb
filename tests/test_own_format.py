"""quizapp's own deck files (TOML and JSON): lossless round trips, and bad files refused plainly."""

from __future__ import annotations

import json
import string
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quizapp.formats as formats
from quizapp.export import export_deck
from quizapp.formats import detect, read_deck, read_file
from quizapp.formats.own import deck_to_data, dumps_toml
from quizapp.model import KINDS, Deck, DeckError, Problem
from quizapp.text import clean, clean_line

REPO = Path(__file__).resolve().parents[1]
SHIPPED = sorted((REPO / "decks").glob("*.toml"))

TRICKY = 'He said "yes" \\ no \'single\' \t tab\n"""triple"""\n\nÜnïcödé 東京 — «x» ✓ 🎉'


def full_deck() -> Deck:
    """A deck with every kind and every optional field set away from its default."""
    src = {"id": "ap", "paragraph": 3, "quote": "a “curly” quote"}
    extra = {"tags": ["t1", "two words"], "explanation": TRICKY, "source": src, "points": 2.5}
    return Deck.model_validate(
        {
            "format_version": 1,
            "id": "full",
            "title": "Every kind, every field",
            "description": TRICKY,
            "language": "fr",
            "tags": ["a", "b"],
            "sources": [
                {"id": "ap", "title": "Article", "outlet": "AP", "date": "2025-09-25",
                 "url": "https://example.org/a?b=c&d=e"},
                {"id": "other", "title": "Minimal source"},
            ],
            "cards": [
                {"id": "fc", "kind": "flashcard", "front": TRICKY, "back": "back", **extra},
                {"id": "mc", "kind": "multiple_choice", "question": "q?",
                 "choices": ["A", "B [/] c", "D"], "answer": "B [/] c", **extra},
                {"id": "ms", "kind": "multi_select", "question": "q?", "choices": ["x", "y", "z"],
                 "answers": ["z", "x"], **extra},
                {"id": "tf", "kind": "true_false", "statement": "s", "answer": False, **extra},
                {"id": "sa", "kind": "short_answer", "question": "q?", "answers": ["one", "1"],
                 **extra},
                {"id": "nu", "kind": "numeric", "question": "q?", "answer": -0.125,
                 "tolerance": 1e-9, "unit": "km/h", **extra},
                {"id": "nu-big", "kind": "numeric", "question": "q?", "answer": 1.5e300},
                {"id": "cl", "kind": "cloze",
                 "text": "{{c1::Lavrov::surname}} met {{c2::Diop}}.\nSecond line.",
                 "alternatives": {"c1": ["Sergei Lavrov"], "c2": ["Abdoulaye Diop"]}, **extra},
                {"id": "or", "kind": "ordering", "question": "q?", "items": ["1", "2", "3"],
                 **extra},
                {"id": "ma", "kind": "matching", "question": "q?",
                 "pairs": [["a", "b"], ["c", "d"], ["e", "f"]], **extra},
                {"id": "plain", "kind": "flashcard", "front": "f", "back": "b"},
            ],
        }
    )


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_round_trip_of_a_deck_with_every_kind_and_field(tmp_path: Path, fmt: str) -> None:
    deck = full_deck()
    assert set(deck.kinds) == set(KINDS)
    path = tmp_path / f"deck.{fmt}"
    export_deck(deck, path, fmt)
    assert read_deck(path) == deck
    assert read_deck(path, fmt) == deck
    # Written again, the file is byte for byte the same: stable for version control.
    again = tmp_path / f"again.{fmt}"
    export_deck(read_deck(path), again, fmt)
    assert again.read_bytes() == path.read_bytes()


def test_written_files_are_plain_utf8_a_person_can_read(tmp_path: Path) -> None:
    deck = full_deck()
    export_deck(deck, tmp_path / "d.toml", "toml")
    export_deck(deck, tmp_path / "d.json", "json")
    text = (tmp_path / "d.toml").read_text(encoding="utf-8")
    assert text.startswith("format_version = 1\n")
    assert "東京" in text  # not escaped
    assert tomllib.loads(text) == json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))


def test_deck_to_data_leaves_defaults_out_but_keeps_kind_first() -> None:
    deck = Deck.model_validate({"id": "d", "title": "T", "cards": [
        {"id": "c", "kind": "true_false", "statement": "s", "answer": True}]})
    data = deck_to_data(deck)
    assert data == {"format_version": 1, "id": "d", "title": "T", "cards": [
        {"id": "c", "kind": "true_false", "statement": "s", "answer": True}]}
    assert list(data["cards"][0])[:2] == ["id", "kind"]
    assert tomllib.loads(dumps_toml(deck)) == data


# --- generated decks ------------------------------------------------------------------------

# Text without control characters or bidi marks: those are cleaned away on the way in and
# are covered by test_text.py; here every generated string must survive unchanged.
_chars = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cf")) | st.sampled_from(
    "\n\t\\\"'"
)
_raw = st.text(_chars, min_size=1, max_size=30)
_body = _raw.map(lambda s: clean(s.strip())).filter(bool)
_line = _raw.map(clean_line).filter(bool)
_slug = st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,12}", fullmatch=True)
_word = st.text(string.ascii_letters + string.digits + " ", min_size=1, max_size=12).map(
    str.strip).filter(bool)
_finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


def _lines(min_size: int, max_size: int = 6) -> st.SearchStrategy[list[str]]:
    return st.lists(_line, min_size=min_size, max_size=max_size, unique_by=str.casefold)


@st.composite
def _card(draw: st.DrawFn, kind: str, card_id: str, source_ids: list[str]) -> dict[str, Any]:
    card: dict[str, Any] = {"id": card_id, "kind": kind}
    if draw(st.booleans()):
        card["tags"] = draw(st.lists(_line.map(lambda s: s[:60]), max_size=3))
    if draw(st.booleans()):
        card["explanation"] = draw(_body)
    if source_ids and draw(st.booleans()):
        card["source"] = {"id": draw(st.sampled_from(source_ids)),
                          "paragraph": draw(st.integers(1, 500)), "quote": draw(_line)}
    if draw(st.booleans()):
        card["points"] = draw(st.floats(min_value=0.001, max_value=1000))
    if kind == "flashcard":
        card |= {"front": draw(_body), "back": draw(_body)}
    elif kind in ("multiple_choice", "multi_select"):
        choices = draw(_lines(2))
        card |= {"question": draw(_body), "choices": choices}
        if kind == "multiple_choice":
            card["answer"] = draw(st.sampled_from(choices))
        else:
            card["answers"] = draw(st.lists(st.sampled_from(choices), min_size=1, unique=True))
    elif kind == "true_false":
        card |= {"statement": draw(_body), "answer": draw(st.booleans())}
    elif kind == "short_answer":
        card |= {"question": draw(_body), "answers": draw(_lines(1))}
    elif kind == "numeric":
        card |= {"question": draw(_body), "answer": draw(_finite),
                 "tolerance": draw(_finite.map(abs)), "unit": draw(st.just("") | _line)}
    elif kind == "cloze":
        gaps = draw(st.lists(st.tuples(_word, st.just("") | _word), min_size=1, max_size=4))
        parts = [f"{draw(_word)} {{{{c{i + 1}::{a}{'::' + h if h else ''}}}}}"
                 for i, (a, h) in enumerate(gaps)]
        card["text"] = " ".join(parts)
        if draw(st.booleans()):
            card["alternatives"] = {"c1": tuple(draw(_lines(0, 3)))}
    elif kind == "ordering":
        card |= {"question": draw(_body), "items": draw(_lines(2))}
    else:
        lefts, rights = draw(_lines(2)), draw(_lines(2))
        n = min(len(lefts), len(rights))
        pairs = [list(p) for p in zip(lefts[:n], rights[:n], strict=True)]
        card |= {"question": draw(_body), "pairs": pairs}
    return card


@st.composite
def decks(draw: st.DrawFn) -> Deck:
    source_ids = draw(st.lists(_slug, max_size=3, unique=True))
    card_ids = draw(st.lists(_slug, max_size=8, unique=True))
    return Deck.model_validate({
        "id": draw(_slug),
        "title": draw(_line),
        "description": draw(st.just("") | _body),
        "tags": draw(st.lists(_line.map(lambda s: s[:60]), max_size=3)),
        "sources": [{"id": s, "title": draw(_line), "outlet": draw(st.just("") | _line)}
                    for s in source_ids],
        "cards": [draw(_card(draw(st.sampled_from(KINDS)), cid, source_ids)) for cid in card_ids],
    })


@settings(deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(deck=decks())
def test_generated_decks_round_trip(tmp_path: Path, deck: Deck) -> None:
    for fmt in ("toml", "json"):
        path = tmp_path / f"deck.{fmt}"
        export_deck(deck, path, fmt)
        assert read_deck(path) == deck, fmt


# --- bad files ------------------------------------------------------------------------------

BAD_FILES: list[tuple[str, bytes, str]] = [
    ("broken.toml", b'id = "d"\ntitle = ', "is not valid TOML"),
    ("broken.json", b'{"id": "d", "title": ', "is not valid JSON"),
    ("latin1.toml", 'id = "d"\ntitle = "Café"\n'.encode("latin-1"), "is not UTF-8"),
    ("latin1.json", '{"id": "d", "title": "Café"}'.encode("latin-1"), "is not UTF-8"),
    ("empty.toml", b"", "is required"),
    ("empty.json", b"", "is not valid JSON"),
    ("blank.json", b" \n\t\n", "is not valid JSON"),
    ("junk.toml", bytes(range(256)) * 8, "is not UTF-8"),
    ("junk.json", bytes(range(255, -1, -1)), "is not UTF-8"),
    ("ascii-junk.toml", b"\x00\x01\x02 ]]] = =", "is not valid TOML"),
    ("list.json", b'[{"id": "d", "title": "T"}]', "expected a table"),
    ("string.json", b'"a deck"', "expected a table"),
    ("number.json", b"42", "expected a table"),
    ("null.json", b"null", "expected a table"),
    ("cards-bad.toml", b'id = "d"\ntitle = "T"\n[[cards]]\nid = "x"\nkind = "essay"\n', "essay"),
]


@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_raise_deck_error_naming_the_file(
    tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DeckError) as caught:
        read_file(path)
    problems = caught.value.problems
    assert problems and all(p.file == str(path) for p in problems)
    assert any(words in p.message for p in problems), problems
    assert str(path) in str(caught.value)


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_a_byte_order_mark_is_accepted(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"bom.{fmt}"
    export_deck(full_deck(), path, fmt)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert read_deck(path) == full_deck()


def test_a_missing_file_is_a_deck_error(tmp_path: Path) -> None:
    with pytest.raises(DeckError, match="cannot be read") as caught:
        read_file(tmp_path / "nope.toml")
    assert caught.value.problems[0].file == str(tmp_path / "nope.toml")


def test_a_file_too_large_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.toml"
    export_deck(full_deck(), path, "toml")
    monkeypatch.setattr(formats, "MAX_FILE_BYTES", 100)
    with pytest.raises(DeckError, match="refused"):
        read_file(path)


# --- detection and writing ------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fmt"), [("d.toml", "toml"), ("d.TOML", "toml"),
                                           ("d.json", "json"), ("d.JSON", "json")])
def test_detect_by_extension(tmp_path: Path, name: str, fmt: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert detect(path).name == fmt


@pytest.mark.parametrize("head", [b'{"id": "d", "title": "T"}', b'\xef\xbb\xbf\n  {"id": "d"}'])
def test_detect_json_by_content_whatever_the_name(tmp_path: Path, head: bytes) -> None:
    for name in ("deck.txt", "deck.toml", "deck"):
        path = tmp_path / name
        path.write_bytes(head)
        assert detect(path).name == "json"


def test_a_json_deck_with_another_extension_reads(tmp_path: Path) -> None:
    path = tmp_path / "deck.download"
    export_deck(full_deck(), path, "json")
    assert read_deck(path) == full_deck()


def test_detect_by_name_and_unknown_names(tmp_path: Path) -> None:
    path = tmp_path / "deck.json"
    path.write_bytes(b"{}")
    assert detect(path, "toml").name == "toml"
    with pytest.raises(DeckError, match=r"unknown format 'yaml'; use one of: .*toml"):
        detect(path, "yaml")


@pytest.mark.parametrize("name", ["deck.yaml", "deck", "deck.toml.bak"])
def test_detect_refuses_what_it_does_not_know(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"id: d\n")
    with pytest.raises(DeckError) as caught:
        detect(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path) and ".toml" in problem.message


def test_write_file_with_an_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    with pytest.raises(DeckError) as caught:
        export_deck(full_deck(), path, "yaml")
    (problem,) = caught.value.problems
    assert problem == Problem(str(path), problem.message)
    assert "'yaml'" in problem.message and "toml" in problem.message and "json" in problem.message
    assert not path.exists()


# --- JSON Schema ---------------------------------------------------------------------------


def test_schema_describes_every_kind() -> None:
    schema = Deck.model_json_schema()
    json.dumps(schema)  # plain JSON
    assert schema["additionalProperties"] is False
    assert {"id", "title"} <= set(schema["required"])
    mapping = schema["properties"]["cards"]["items"]["discriminator"]["mapping"]
    assert set(mapping) == set(KINDS)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_schema_validates_the_shipped_decks(path: Path) -> None:
    jsonschema = pytest.importorskip(
        "jsonschema", reason="jsonschema is not installed in .venv (not a project dependency)"
    )
    schema = Deck.model_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(raw, schema)
    bad = {**raw, "cards": [{**raw["cards"][0], "kind": "essay"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_a_toml_deck_that_looks_like_gift_is_read_as_toml(tmp_path: Path) -> None:
    """GIFT is told by a guess at its answer blocks; a .toml name says otherwise."""
    path = tmp_path / "deck.toml"
    path.write_text(
        'id = "d"\ntitle = "T"\n[[cards]]\nid = "c"\nkind = "flashcard"\n'
        'front = "What is {=x}?"\nback = "A GIFT answer block: {=Paris ~London}"\n'
    )
    assert detect(path).name == "toml"
    assert read_deck(path).cards[0].back == "A GIFT answer block: {=Paris ~London}"
