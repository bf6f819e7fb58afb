"""A deck's progress: quiz scores over time and what the review log says about memory.

Open from the home screen as ProgressScreen(deck_id). The figures come from
quizapp.stats.deck_stats (the same ones `quizapp stats` prints); the clock and
timezone are injected so tests draw the same screen every time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Sparkline, Static

from quizapp.quiz import load_attempts
from quizapp.stats import DeckStats, deck_stats
from quizapp.ui.widgets.heatmap import ReviewHeatmap
from quizapp.ui.widgets.score_chart import ScoreChart

FORECAST_DAYS = 30


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:g}%"


def _short(text: str, width: int = 44) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


class ProgressScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="progress.back")]

    def __init__(
        self,
        deck_id: str,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__()
        self.deck_id = deck_id
        self._now, self._tz = now, tz

    def _stats(self) -> DeckStats:
        library = self.app.library  # type: ignore[attr-defined]
        deck = library.deck(self.deck_id)
        return deck_stats(
            deck,
            load_attempts(library, self.deck_id),
            library.reviews(self.deck_id),
            library.progress(self.deck_id),
            self._now(),
            days=FORECAST_DAYS,
            tz=self._tz,
        )

    def compose(self) -> ComposeResult:
        try:
            stats = self._stats()
        except KeyError:
            yield Header()
            yield Static(Content(f"No deck {self.deck_id!r} in the library."), id="progress-body")
            yield Footer()
            return
        self.sub_title = "Progress"
        s = stats.summary
        yield Header()
        with VerticalScroll(id="progress-body"):
            with Horizontal(id="progress-quiz"):
                with Vertical(classes="progress-panel"):
                    yield Static(Content.from_markup("[b]Quiz scores[/b]"))
                    yield Static(
                        Content(
                            f"best {_pct(s.best)} · last {_pct(s.last)} · average {_pct(s.average)}"
                        )
                    )
                    yield ScoreChart([p.percent for p in stats.scores])
                with Vertical(classes="progress-panel"):
                    yield Static(Content.from_markup("[b]Missed most often[/b]"))
                    lines = [
                        f"{m.missed}/{m.asked}  {_short(stats.prompts.get(m.card_id) or m.card_id)}"
                        for m in stats.missed
                    ]
                    yield Static(Content("\n".join(lines) or "Nothing missed yet."))
            yield Static(Content.from_markup("[b]Reviews per day[/b]"), classes="progress-title")
            yield ReviewHeatmap(stats.reviews_per_day, stats.today, weeks=26)
            with Horizontal(id="progress-study"):
                with Vertical(classes="progress-panel"):
                    rate = stats.retention.rate
                    retention = "—" if rate is None else f"{100 * rate:.1f}%"
                    yield Static(
                        Content.from_markup(
                            "[b]True retention[/b] $r  ($p of $t review answers not Again)",
                            r=retention,
                            p=str(stats.retention.passed),
                            t=str(stats.retention.total),
                        )
                    )
                    states = " · ".join(f"{k} {v}" for k, v in stats.states.items())
                    yield Static(Content.from_markup("[b]Cards[/b] $s", s=states))
                with Vertical(classes="progress-panel"):
                    fc = stats.forecast
                    yield Static(
                        Content.from_markup(
                            "[b]Due[/b] today $a · tomorrow $b · 7 days $c · $n days $d",
                            a=str(fc[0]),
                            b=str(fc[1]) if len(fc) > 1 else "0",
                            c=str(sum(fc[:7])),
                            n=str(len(fc)),
                            d=str(sum(fc)),
                        )
                    )
                    yield Sparkline(fc, summary_function=max, id="progress-forecast")
        yield Footer()

    def on_mount(self) -> None:
        library = self.app.library  # type: ignore[attr-defined]
        if library.has_deck(self.deck_id):
            self.title = library.deck(self.deck_id).title
        self.query_one("#progress-body").focus()
