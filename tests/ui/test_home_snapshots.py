"""SVG snapshots of the home screen (the shipped decks, due counts in) and the deck browser.

Deterministic: a fixed clock, the shipped decks, and a library in the test's own tmp dir
made $HOME, so the home screen names it ~/library whatever the tmp dir (parallel runs
never share a folder). Update with `--snapshot-update` after looking at the SVGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quizapp.formats import read_deck
from quizapp.paths import shipped_deck_files
from quizapp.store import Library
from tests.ui.study_app import StudyTestApp, study_app

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def home_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("HOME", str(tmp_path))
    library = Library.open(tmp_path / "library")
    library.sync_shipped(shipped_deck_files(), read_deck)
    yield study_app(library, home=True)
    library.close()


async def _counted(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare: Any, home_app: StudyTestApp, size: tuple[int, int]) -> None:
    assert snap_compare(home_app, terminal_size=size, run_before=_counted)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_deck_browser(snap_compare: Any, home_app: StudyTestApp, size: tuple[int, int]) -> None:
    assert snap_compare(home_app, terminal_size=size, press=["down", "b"], run_before=_counted)
