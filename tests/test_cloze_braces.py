"""Cloze braces that do not balance are refused, pointing at where and saying what to write.

An unclosed gap read by the lazy gap pattern swallows text up to the next `}}` (issue 18:
`The {{c1::Sun} is a star in the {{c2::Milky Way}}.` had one gap, `Sun} is a star in
the {{c2`); a nested gap has no answer of its own. quizapp.model.cloze is the rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.model import CLOZE_GAP, DeckError, parse_deck
from quizapp.model.cloze import brace_problem

FILE = "braces.toml"


def text_problem(text: str) -> str:
    raw: dict[str, Any] = {
        "id": "d",
        "title": "T",
        "cards": [{"id": "c", "kind": "cloze", "text": text}],
    }
    with pytest.raises(DeckError) as caught:
        parse_deck(raw, FILE)
    (problem,) = caught.value.problems
    assert (problem.file, problem.card, problem.field) == (FILE, "'c' (#1)", "text")
    return problem.message


def test_the_unclosed_gap_of_the_issue_is_refused_where_it_opens() -> None:
    message = text_problem("The {{c1::Sun} is a star in the {{c2::Milky Way}}.")
    assert "gap c1 at character 5" in message
    assert "gap c2 starts at character 33" in message
    assert "close it with '}}', e.g. {{c1::Sun}}" in message


def test_a_nested_gap_is_refused_with_how_to_write_it_side_by_side() -> None:
    message = text_problem("{{c1::a {{c2::b}} c}}")
    assert "gap c2 at character 9" in message and "inside gap c1" in message
    assert "side by side, e.g. {{c1::a}} {{c2::b}}" in message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "A {{c1::gap never closed",
            'gap c1 at character 3 ("{{c1::gap never closed") is never closed',
        ),
        ("A }} {{c1::x}}", "'}}' at character 3"),
        ("A {{ b {{c1::x}}", "'{{' at character 3 (\"{{ b {{c1::x}}\") starts no gap"),
        ("{{c1::a {{ b}}", "'{{' at character 9"),
    ],
)
def test_stray_braces_are_pointed_at(text: str, words: str) -> None:
    message = text_problem(text)
    assert words in message
    assert any(verb in message for verb in ("close", "end", "remove", "write"))


def test_balanced_gaps_pass() -> None:
    raw = {
        "id": "d",
        "title": "T",
        "cards": [
            {"id": "c", "kind": "cloze", "text": "{{c1::Sun}} and {{c2::Moon::a satellite}} {x}"}
        ],
    }
    card = parse_deck(raw, FILE).cards[0]
    assert [g.answer for g in card.gaps] == ["Sun", "Moon"]  # type: ignore[union-attr]


PIECES = ["{{c1::", "{{c2::", "{{c10::", "}}", "{{", "}", "{", "::", ":", "a", "b c", "c1"]


@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_any_text_the_rule_accepts_has_gaps_without_braces(text: str) -> None:
    if brace_problem(text) is not None:
        return
    for gap in CLOZE_GAP.finditer(text):
        for part in (gap.group(2), gap.group(3) or ""):
            assert "{{" not in part and "}}" not in part, (text, part)


WORDS = st.text(alphabet="ab :{}", max_size=6).filter(
    lambda s: (
        "{{" not in s and "}}" not in s and not s.endswith(("{", "}")) and not s.startswith("}")
    )
)


@given(st.lists(st.tuples(WORDS, st.integers(1, 3), WORDS), min_size=1, max_size=4))
def test_gaps_written_side_by_side_are_accepted(parts: list[tuple[str, int, str]]) -> None:
    text = "".join(f"{before} {{{{c{n}::{answer}}}}} " for before, n, answer in parts)
    assert brace_problem(text) is None, text


def test_quizapp_validate_and_the_editor_refuse_the_issue_text(tmp_path: Path) -> None:
    from quizapp.editing import build_deck
    from tests.test_cli import run

    path = tmp_path / "stars.toml"
    path.write_text(
        'id = "stars"\ntitle = "Stars"\n\n[[cards]]\nid = "sun"\nkind = "cloze"\n'
        'text = "The {{c1::Sun} is a star in the {{c2::Milky Way}}."\n',
        encoding="utf-8",
    )
    result = run(None, "validate", str(path))
    assert result.exit_code == 1
    assert "card 'sun' (#1): field 'text': gap c1 at character 5" in result.output
    with pytest.raises(DeckError) as caught:
        build_deck(
            {
                "id": "stars",
                "title": "Stars",
                "cards": [{"id": "sun", "kind": "cloze", "text": "{{c1::a {{c2::b}} c}}"}],
            }
        )
    (problem,) = caught.value.problems
    assert problem.field == "text" and "inside gap c1" in problem.message
