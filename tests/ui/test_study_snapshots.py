"""SVG snapshots of the reviewer: question, revealed answer (self-rated and graded), summary.

Deterministic: a fixed clock in UTC, no fuzz, a small deck built here, a temp library.
Update with `--snapshot-update` after looking at the SVGs.
"""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.model import Deck
from quizapp.store import Library
from tests.ui.study_app import StudyTestApp, study_app

SIZES = [(80, 24), (120, 40)]


def snapshot_deck() -> Deck:
    source = {"id": "art", "paragraph": 4, "quote": "Lavrov met the foreign ministers in Moscow."}
    return Deck.model_validate(
        {
            "id": "sahel",
            "title": "Russia and the Sahel",
            "sources": [{"id": "art", "title": "Russia-Sahel talks (AP)"}],
            "cards": [
                {"kind": "flashcard", "id": "who", "front": "Who hosted the Sahel ministers?",
                 "back": "Sergei Lavrov, in Moscow",
                 "explanation": "Russia's foreign minister hosted the talks.", "source": source},
                {"kind": "multiple_choice", "id": "where",
                 "question": "Where did the ministers meet?",
                 "choices": ["Bamako", "Moscow", "Niamey"], "answer": "Moscow",
                 "explanation": "The talks were held in the Russian capital.", "source": source},
            ],
        }
    )


@pytest.fixture
def app(library: Library) -> StudyTestApp:
    return study_app(library, snapshot_deck())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_question(snap_compare: Any, app: StudyTestApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_revealed_flashcard(snap_compare: Any, app: StudyTestApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, press=["space"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_graded_wrong_answer(snap_compare: Any, app: StudyTestApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, press=["space", "4", "a", "enter"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_summary(snap_compare: Any, app: StudyTestApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, press=["space", "4", "b", "enter", "4"], terminal_size=size)


def test_typo_forgiven_shows_the_right_spelling(snap_compare: Any, library: Library) -> None:
    deck = Deck.model_validate(
        {"id": "typo", "title": "Spelling", "cards": [
            {"kind": "short_answer", "id": "word", "question": "What backs a claim?",
             "answers": ["evidence"]}]}
    )
    app = study_app(library, deck)
    assert snap_compare(app, press=[*"evidance", "enter"], terminal_size=(80, 24))
