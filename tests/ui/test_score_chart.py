"""The quiz-score chart (issue 18): an axis from 0 to 100%, bars in proportion from 0,
theme colours only, retries and quizzes ended early marked by a glyph."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Static

from quizapp.ui.widgets.score_chart import (
    HEIGHT,
    MARKS,
    ScoreChart,
    _Bars,
    apart_legend,
    bar_eighths,
    chart_lines,
)
from tests.test_quiz import T0
from tests.test_quiz_attempt_kinds import scored


def column(lines: list[str], index: int) -> str:
    """One bar's cells, top to bottom (bars are two columns apart, after the axis)."""
    return "".join(line[5 + 2 * index] for line in lines[:HEIGHT])


def test_bars_are_in_proportion_from_zero() -> None:
    assert [bar_eighths(p) for p in (0, 12.5, 50, 62.5, 75, 100, 130)] == [0, 4, 16, 20, 24, 32, 32]
    assert bar_eighths(0.5) == 1  # any score above 0 shows
    lines = chart_lines([62.5, 75, 100, 0], ["full"] * 4)
    assert column(lines, 0) == " ▄██"  # 2.5 rows of 4: not a sliver
    assert column(lines, 1) == " ███"  # 3 rows of 4: not the whole height
    assert column(lines, 2) == "████"
    assert column(lines, 3) == "    "


def test_the_axis_is_labelled_at_0_50_and_100() -> None:
    lines = chart_lines([40.0], ["full"])
    assert [line[:5] for line in lines] == ["100%┤", "    │", " 50%┤", "    │", "  0%└"]
    assert len(lines) == HEIGHT + 1


def test_retries_and_ended_quizzes_are_marked_by_a_glyph() -> None:
    base = chart_lines([80, 100, 90], ["full", "retry", "ended"])[-1]
    assert base[5:] == f"{MARKS['full']}─{MARKS['retry']}─{MARKS['ended']}─"
    assert len(set(MARKS.values())) == len(MARKS)
    assert apart_legend(["full", "retry", "retry", "ended"]) == (
        "↻ 2 retries, ✕ 1 ended early: not counted in best, last and average"
    )
    assert apart_legend(["full"]) == ""


def test_colours_are_theme_variables_only() -> None:
    content = _Bars([50, 100], ["full", "retry"]).render()
    styles = {str(span.style) for span in content.spans}
    assert styles and all(style.startswith("$") for style in styles), styles


class ChartApp(App[None]):
    def __init__(self, chart: ScoreChart) -> None:
        super().__init__()
        self.chart = chart

    def compose(self) -> ComposeResult:
        yield self.chart


def attempts() -> list[Any]:
    return [
        scored(62.5, 1),
        scored(100.0, 2, "retry"),
        scored(75.0, 3),
        scored(37.5, 4, "ended"),
        scored(87.5, 5),
    ]


async def test_the_chart_of_attempts_says_what_is_not_counted() -> None:
    app = ChartApp(ScoreChart.of_attempts(list(reversed(attempts()))))
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        texts = [str(w.render()) for w in app.screen.query(Static)]
        assert texts[0] == "3 attempts: first 62.5% → last 87.5%"
        assert texts[-1] == "↻ 1 retry, ✕ 1 ended early: not counted in best, last and average"
        bars = str(app.screen.query_one(_Bars).render()).splitlines()
        assert bars[-1] == "  0%└──↻───✕───"
    assert T0 + timedelta(days=1) == attempts()[0].started


def test_chart_snapshot(snap_compare: Any) -> None:
    assert snap_compare(ChartApp(ScoreChart.of_attempts(attempts())), terminal_size=(40, 8))
