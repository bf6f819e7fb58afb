"""Kahoot's quiz spreadsheet template, built with openpyxl as Kahoot lays it out."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from quizapp.formats import read_file
from quizapp.model import DeckError

HEADER = [
    "",
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
]


def _template(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["Quiz template"])
    for _ in range(5):
        sheet.append(
            [
                "Add questions, at least two answer alternatives, time limit and "
                "choose correct answers (at least one)."
            ]
        )
    sheet.append([])
    sheet.append(HEADER)
    for number, row in enumerate(rows, 1):
        sheet.append([number, *row])
    book.save(path)
    return path


def test_reads_kahoots_template(tmp_path: Path) -> None:
    path = _template(
        tmp_path / "quiz.xlsx",
        [
            ["Capital of France?", "Paris", "Lyon", "Nice", "Lille", 20, 1],
            ["Primes?", 2, 3, 4, None, 30, "1,2"],
            ["The sun is a star.", "True", "False", None, None, 10, 1],
            ["", "a", "b", None, None, 20, 1],
            ["One answer only?", "yes", None, None, None, 20, 1],
            ["Correct is empty?", "a", "b", None, None, 20, 3],
        ],
    )
    loaded = read_file(path)
    cards = loaded.decks[0].cards
    assert [c.kind for c in cards] == ["multiple_choice", "multi_select", "true_false"]
    assert cards[0].choices == ("Paris", "Lyon", "Nice", "Lille") and cards[0].answer == "Paris"
    assert cards[1].answers == ("2", "3")
    assert cards[2].answer is True
    reasons = " | ".join(loaded.skipped)
    assert "row 12: has no question" in reasons
    assert "row 13: has fewer than two answers" in reasons
    assert "row 14: its correct answer 3 is empty" in reasons
    assert "time limits are not kept" in reasons


def test_a_spreadsheet_that_is_not_the_template_is_refused(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["name", "score"])
    book.save(tmp_path / "other.xlsx")
    with pytest.raises(DeckError, match="is not Kahoot's quiz template"):
        read_file(tmp_path / "other.xlsx")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not a zip at all")
    with pytest.raises(DeckError, match=r"is not an Excel \.xlsx file"):
        read_file(junk)


_CELLS = st.one_of(
    st.none(),
    st.text(st.characters(min_codepoint=32), max_size=30),
    st.integers(-5, 9),
    st.floats(allow_nan=True),
    st.sampled_from(["1", "1,2", "2;4", "True", "False", "0", "x"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(_CELLS, min_size=0, max_size=8), max_size=8))
def test_any_template_content_gives_cards_or_a_deck_error(rows: list[list[object]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _template(Path(folder) / "fuzz.xlsx", rows)
        try:
            loaded = read_file(path)
        except DeckError as error:
            assert all(p.file == str(path) for p in error.problems)
        else:
            assert loaded.decks[0].cards
