"""Quiz scores over time: a sparkline of each attempt's percent, oldest first."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Sparkline, Static


class ScoreChart(Vertical):
    DEFAULT_CSS = """
    ScoreChart { height: auto; }
    ScoreChart Sparkline { height: 3; }
    """

    def __init__(self, percents: Sequence[float], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.percents = list(percents)

    def compose(self) -> ComposeResult:
        if not self.percents:
            yield Static(Content("No quiz taken yet: press q on the home screen to start one."))
            return
        first, last = self.percents[0], self.percents[-1]
        yield Static(Content(f"{len(self.percents)} attempts: first {first:g}% → last {last:g}%"))
        yield Sparkline(self.percents, summary_function=max)
