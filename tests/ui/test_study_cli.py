"""`quizapp study [DECK]`: the app opens on the reviewer, or on the home screen (the real
app, run headless by tests/headless.py until that screen is mounted)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from textual.screen import Screen

from quizapp.cli import Context
from quizapp.cli_study import study
from quizapp.store import Library
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.study import StudyScreen
from tests.conftest import make_deck
from tests.headless import headless_runs


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The screen the real app showed, headless: the reviewer with its first card, or home."""
    def ready(shown: Any) -> bool:
        return not isinstance(shown, StudyScreen) or shown.card is not None

    return headless_runs(monkeypatch, QuizApp, Screen, ready)


def invoke(data_dir: Path, *args: str) -> Any:
    return CliRunner().invoke(study, list(args), obj=Context(str(data_dir), False))


def test_study_a_deck_opens_the_reviewer(data_dir: Path, launched: list[Any]) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(), backup=False)
    result = invoke(data_dir, "demo")
    assert result.exit_code == 0, result.output
    (screen,) = launched
    assert isinstance(screen, StudyScreen) and screen.deck_id == "demo"
    assert screen.card is not None and screen.card.id == "c0"  # the deck's card on screen


def test_study_without_a_deck_opens_home(data_dir: Path, launched: list[Any]) -> None:
    result = invoke(data_dir)
    assert result.exit_code == 0, result.output
    (screen,) = launched
    assert isinstance(screen, HomeScreen)


def test_unknown_deck_is_a_plain_error(data_dir: Path, launched: list[Any]) -> None:
    result = invoke(data_dir, "nope")
    assert result.exit_code == 1
    assert "no deck 'nope' in the library" in result.output
    assert "Traceback" not in result.output
    assert launched == []
