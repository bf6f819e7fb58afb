"""A calendar heat-map of reviews per day, drawn in the terminal as GitHub draws contributions.

One column per week (oldest on the left), one row per weekday (Monday on top), a
stronger $success colour for a busier day. `heatmap_levels` is the pure part; the widget
draws it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Unpack

from textual.content import Content
from textual.widget import Widget

from quizapp.ui.widgets.args import WidgetArgs
from quizapp.wording import counted

#: Level 0 (no review) to 4 (the busiest days), as GitHub's scale but in the theme's own
#: colours: Textual resolves the variables when it draws, so a light theme stays readable.
COLOURS = ("$panel-lighten-2", "$success-darken-3", "$success-darken-1", "$success",
           "$success-lighten-2")
_DAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def level(count: int, busiest: int) -> int:
    """0 for no review, else 1..4 by the share of the busiest day (ceil(4 x share))."""
    if count <= 0 or busiest <= 0:
        return 0
    return max(1, min(4, math.ceil(4 * count / busiest)))


def heatmap_levels(
    counts: Mapping[date, int], today: date, weeks: int
) -> tuple[date, list[list[int | None]]]:
    """The first Monday shown and a 7 x weeks grid of levels (None: after today)."""
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    shown = [counts.get(start + timedelta(days=i), 0) for i in range(weeks * 7)]
    busiest = max(shown, default=0)
    grid: list[list[int | None]] = [[None] * weeks for _ in range(7)]
    for i, n in enumerate(shown):
        day = start + timedelta(days=i)
        if day <= today:
            grid[i % 7][i // 7] = level(n, busiest)
    return start, grid


class ReviewHeatmap(Widget):
    """Reviews per day over the last `weeks` weeks."""

    DEFAULT_CSS = "ReviewHeatmap { height: 10; width: auto; }"

    def __init__(
        self, counts: Mapping[date, int], today: date, weeks: int = 26, **kwargs: Unpack[WidgetArgs]
    ) -> None:
        super().__init__(**kwargs)
        self.counts = dict(counts)
        self.today = today
        self.weeks = weeks

    def get_content_width(self, container: object, viewport: object) -> int:
        return 4 + 2 * self.weeks

    def render(self) -> Content:
        start, grid = heatmap_levels(self.counts, self.today, self.weeks)
        months = [" "] * (2 * self.weeks)
        for week in range(self.weeks):
            monday = start + timedelta(weeks=week)
            if monday.day <= 7 and 2 * week + 3 <= len(months):
                months[2 * week : 2 * week + 3] = monday.strftime("%b")
        parts: list[str | tuple[str, str]] = ["    ", "".join(months).rstrip(), "\n"]
        for row, name in enumerate(_DAYS):
            parts.append(f"{name:<4}")
            for cell in grid[row]:
                parts.append("  " if cell is None else ("■ ", COLOURS[cell]))
            parts.append("\n")
        total = sum(n for d, n in self.counts.items() if start <= d <= self.today)
        parts.append(f"    {counted(total, 'review')}   less ")
        parts.extend(("■", colour) for colour in COLOURS)
        parts.append(" more")
        return Content.assemble(*parts)
