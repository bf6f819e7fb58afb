"""The progress screen: Pilot checks of its figures, and SVG snapshots."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from quizapp.ui.screens.progress import ProgressScreen
from quizapp.ui.widgets.heatmap import ReviewHeatmap, heatmap_levels, level
from tests.ui.quiz_app import NOW, fill_history, open_library, quiz_app, wall


def progress_app(tmp_path: Path, history: bool = True) -> Any:
    lib = open_library(tmp_path)
    if history:
        fill_history(lib)
    return quiz_app(lib, ProgressScreen("mali", now=wall, tz=UTC))


async def loaded(pilot: Any) -> None:
    """Wait for the figures: they are read in a worker."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(screen: Any) -> str:
    return "\n".join(str(w.render()) for w in screen.query(Static))


async def test_progress_figures(tmp_path: Path) -> None:
    app = progress_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        text = screen_text(pilot.app.screen)
        assert "best 80% · last 80% · average 60%" in text
        assert "3 attempts: first 40% → last 80%" in text
        assert "2/3  In what year did Mali become independent?" in text
        assert "1/3  Mali's great river [b]markup[/b]?" in text
        heatmap = pilot.app.screen.query_one(ReviewHeatmap)
        assert sum(heatmap.counts.values()) == sum(d % 4 for d in range(21))
        assert "Due today 0 · tomorrow 1 · 7 days 3" in text
    app.library.close()


async def test_progress_of_an_unknown_deck(tmp_path: Path) -> None:
    lib = open_library(tmp_path)
    async with quiz_app(lib, ProgressScreen("nope", now=wall)).run_test() as pilot:
        await loaded(pilot)
        assert "No deck 'nope'" in screen_text(pilot.app.screen)
    lib.close()


def test_heatmap_levels() -> None:
    assert [level(n, 8) for n in (0, 1, 2, 3, 4, 5, 8)] == [0, 1, 1, 2, 2, 3, 4]
    today = NOW.date()  # a Friday
    counts = {today: 4, today.replace(day=today.day - 7): 2}
    start, grid = heatmap_levels(counts, today, weeks=2)
    assert start.weekday() == 0 and start == today.replace(day=today.day - 11)
    assert grid[4] == [2, 4]  # Fridays: 2 of 4, then 4 of 4
    assert grid[5] == [0, None] and grid[6] == [0, None]  # after today: not drawn


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_progress_snapshot(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(progress_app(tmp_path), terminal_size=size, run_before=loaded)


def test_progress_empty_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(
        progress_app(tmp_path, history=False), terminal_size=(80, 24), run_before=loaded
    )
