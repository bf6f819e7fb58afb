"""`quizapp study [DECK]`: the app opens on the reviewer, or on the home screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from quizapp.cli import Context
from quizapp.cli_study import study
from quizapp.store import Library
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.study import StudyScreen
from tests.conftest import make_deck


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record the screen the app would open on instead of running it."""
    opened: list[Any] = []
    monkeypatch.setattr(QuizApp, "run", lambda app, **kw: opened.append(app._open_screen))
    return opened


def invoke(data_dir: Path, *args: str) -> Any:
    return CliRunner().invoke(study, list(args), obj=Context(str(data_dir), False))


def test_study_a_deck_opens_the_reviewer(data_dir: Path, launched: list[Any]) -> None:
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(), backup=False)
    result = invoke(data_dir, "demo")
    assert result.exit_code == 0, result.output
    (screen,) = launched
    assert isinstance(screen, StudyScreen) and screen.deck_id == "demo"


def test_study_without_a_deck_opens_home(data_dir: Path, launched: list[Any]) -> None:
    result = invoke(data_dir)
    assert result.exit_code == 0, result.output
    assert launched == [None]


def test_unknown_deck_is_a_plain_error(data_dir: Path, launched: list[Any]) -> None:
    result = invoke(data_dir, "nope")
    assert result.exit_code == 1
    assert "no deck 'nope' in the library" in result.output
    assert "Traceback" not in result.output
    assert launched == []
