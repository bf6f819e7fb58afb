"""SVG snapshots of the home screen (the shipped decks, due counts in) and the deck browser.

Deterministic: a fixed clock, a library at a fixed path (the home screen names it), the
shipped decks. Update with `--snapshot-update` after looking at the SVGs.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from quizapp.formats import read_deck
from quizapp.paths import shipped_deck_files
from quizapp.store import Library
from tests.ui.study_app import StudyTestApp, study_app

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def home_app(request: pytest.FixtureRequest) -> Any:
    size = request.node.callspec.params["size"]
    folder = Path("/tmp/quizapp-snapshots") / f"home-{size[0]}x{size[1]}"
    shutil.rmtree(folder, ignore_errors=True)
    library = Library.open(folder)
    library.sync_shipped(shipped_deck_files(), read_deck)
    yield study_app(library, home=True)
    library.close()
    shutil.rmtree(folder, ignore_errors=True)


async def _counted(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare: Any, home_app: StudyTestApp, size: tuple[int, int]) -> None:
    assert snap_compare(home_app, terminal_size=size, run_before=_counted)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_deck_browser(snap_compare: Any, home_app: StudyTestApp, size: tuple[int, int]) -> None:
    assert snap_compare(home_app, terminal_size=size, press=["down", "b"], run_before=_counted)
