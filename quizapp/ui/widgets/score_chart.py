"""Quiz scores over time: one bar per attempt on an axis from 0 to 100%, oldest first.

Bars start at 0 and are drawn in eighths of a row, so a bar's height is its percent of
the axis (62.5% is five eighths of the chart, not a sliver; 75% three quarters, not the
whole height as a min-max sparkline drew it). Attempts that are not scores to compare
(a retry of missed questions, a quiz ended early: quizapp.quiz.attempts) are marked
under their bar by a glyph as well as drawn in a muted colour. Colours are theme
variables only. `chart_lines` is the pure part; the widget only styles and shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from quizapp.quiz import Attempt
from quizapp.ui.widgets.args import WidgetArgs

#: Rows of bars; the axis's 50% mark sits on the top edge of the middle row.
HEIGHT = 4
_BLOCKS = " ▁▂▃▄▅▆▇█"
#: The glyph under a bar: a full attempt sits on the axis; the others are marked.
MARKS = {"full": "─", "retry": "↻", "ended": "✕"}
_GUTTER = ("100%┤", "    │", " 50%┤", "    │")
_BASE = "  0%└"


def bar_eighths(percent: float, height: int = HEIGHT) -> int:
    """A bar's height in eighths of a row, in proportion from 0 (any score above 0 shows)."""
    share = min(max(percent, 0.0), 100.0) / 100
    return max(1, round(share * height * 8)) if share > 0 else 0


def chart_lines(percents: Sequence[float], kinds: Sequence[str]) -> list[str]:
    """The chart as text lines: HEIGHT rows of bars with the axis, then the base line."""
    lines = []
    eighths = [bar_eighths(p) for p in percents]
    for row in range(HEIGHT):
        floor = (HEIGHT - 1 - row) * 8  # eighths below this row
        cells = (_BLOCKS[min(8, max(0, e - floor))] for e in eighths)
        lines.append(_GUTTER[row] + "".join(f"{cell} " for cell in cells))
    lines.append(_BASE + "".join(f"{MARKS.get(k, '─')}─" for k in kinds))
    return lines


class _Bars(Widget):
    """The bars, styled: attempts that count in $primary, the others in a grey of the theme."""

    DEFAULT_CSS = f"_Bars {{ height: {HEIGHT + 1}; }}"

    def __init__(self, percents: Sequence[float], kinds: Sequence[str]) -> None:
        super().__init__()
        self.percents, self.kinds = list(percents), list(kinds)

    def render(self) -> Content:
        # As many of the latest attempts as fit: two columns each after the axis.
        room = max(1, (self.size.width - len(_BASE)) // 2) if self.size.width else len(self.kinds)
        percents, kinds = self.percents[-room:], self.kinds[-room:]
        parts: list[Content] = []
        for number, line in enumerate(chart_lines(percents, kinds)):
            head, body = line[: len(_BASE)], line[len(_BASE) :]
            parts.append(Content.styled(head, "$foreground-darken-2"))
            for index, char in enumerate(body):
                kind = kinds[index // 2] if index // 2 < len(kinds) else "full"
                if number == HEIGHT:  # the base line: marks in the warning colour
                    style = "$text-warning" if char in "↻✕" else "$foreground-darken-2"
                else:
                    style = "$primary" if kind == "full" else "$foreground-darken-3"
                parts.append(Content.styled(char, style))
            if number < HEIGHT:
                parts.append(Content("\n"))
        return Content.assemble(*parts)


class ScoreChart(Vertical):
    """A deck's quiz scores: the summary line, the bars, and what the marks mean."""

    DEFAULT_CSS = """
    ScoreChart { height: auto; }
    """

    def __init__(
        self, percents: Sequence[float], kinds: Sequence[str] | None = None,
        **kwargs: Unpack[WidgetArgs],
    ) -> None:
        super().__init__(**kwargs)
        self.percents = list(percents)
        self.kinds = list(kinds) if kinds is not None else ["full"] * len(self.percents)

    @classmethod
    def of_attempts(cls, attempts: Sequence[Attempt], **kwargs: Unpack[WidgetArgs]) -> ScoreChart:
        ordered = sorted(attempts, key=lambda a: a.started)
        return cls([a.percent for a in ordered], [a.kind for a in ordered], **kwargs)

    def compose(self) -> ComposeResult:
        if not self.percents:
            yield Static(Content("No quiz taken yet: press q on the home screen to start one."))
            return
        counted = [p for p, k in zip(self.percents, self.kinds, strict=True) if k == "full"]
        if counted:
            first, last = counted[0], counted[-1]
            plural = "attempt" if len(counted) == 1 else "attempts"
            yield Static(Content(f"{len(counted)} {plural}: first {first:g}% → last {last:g}%"))
        yield _Bars(self.percents, self.kinds)
        legend = apart_legend(self.kinds)
        if legend:
            yield Static(Content(legend), classes="score-apart")


def apart_legend(kinds: Sequence[str]) -> str:
    """What the marks mean, for the attempts kept out of best, last and average."""
    retries, ended = kinds.count("retry"), kinds.count("ended")
    parts = []
    if retries:
        parts.append(f"{MARKS['retry']} {retries} {'retry' if retries == 1 else 'retries'}")
    if ended:
        parts.append(f"{MARKS['ended']} {ended} ended early")
    return f"{', '.join(parts)}: not counted in best, last and average" if parts else ""
