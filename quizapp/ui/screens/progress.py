"""A deck's progress: quiz scores over time and what the review log says about memory.

Open from the home screen as ProgressScreen(deck_id). The figures come from
quizapp.stats.library_stats (the same ones `quizapp stats` prints), read in a
thread worker so a long review log never freezes the screen; the clock and
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
from textual.widget import Widget
from textual.widgets import Sparkline, Static

from quizapp.stats import DeckStats, library_stats
from quizapp.store import StoreError
from quizapp.ui.typed_app import app_library
from quizapp.ui.widgets.heatmap import ReviewHeatmap
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.score_chart import ScoreChart
from quizapp.ui.widgets.title_bar import TitleBar

FORECAST_DAYS = 30


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:g}%"


def _short(text: str, width: int = 44) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


class ProgressScreen(Screen[None]):
    CSS_PATH = "progress.tcss"
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

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="progress-body"):
            yield Static(Content("Reading the review log…"), id="progress-loading")
        yield KeysFooter()

    def on_mount(self) -> None:
        library = app_library(self)
        if library.has_deck(self.deck_id):
            self.title = library.summary(self.deck_id).title
        self.sub_title = "Progress"
        self.query_one("#progress-body").focus()
        # A long review log takes a while even summarised: never on the UI thread.
        self.run_worker(self._load, thread=True, exclusive=True, group="progress")

    def _load(self) -> None:
        library = app_library(self)
        try:
            stats = library_stats(
                library, self.deck_id, self._now(), days=FORECAST_DAYS, tz=self._tz
            )
        except KeyError:
            self.app.call_from_thread(self._say, f"No deck {self.deck_id!r} in the library.")
            return
        except StoreError as error:  # a damaged part of the library: said, with what to do
            self.app.call_from_thread(self._say, str(error))
            return
        self.app.call_from_thread(self._show, stats)

    def _say(self, text: str) -> None:
        self.query_one("#progress-loading", Static).update(Content(text))

    def _show(self, stats: DeckStats) -> None:
        body = self.query_one("#progress-body", VerticalScroll)
        self.query_one("#progress-loading").remove()
        body.mount_all(_panels(stats))


def _panels(stats: DeckStats) -> list[Widget]:
    s = stats.summary
    scores = f"best {_pct(s.best)} · last {_pct(s.last)} · average {_pct(s.average)}"
    if s.apart:  # retries and quizzes ended early are shown, but not in the figures
        scores += f"\n({s.apart})"
    lines = [
        f"{m.missed}/{m.asked}  {_short(stats.prompts.get(m.card_id) or m.card_id)}"
        for m in stats.missed
    ]
    rate = stats.retention.rate
    retention = "—" if rate is None else f"{100 * rate:.1f}%"
    states = " · ".join(f"{k} {v}" for k, v in stats.states.items())
    fc = stats.forecast
    return [
        Horizontal(
            Vertical(
                Static(Content.from_markup("[b]Quiz scores[/b]")),
                Static(Content(scores)),
                ScoreChart([p.percent for p in stats.scores], [p.kind for p in stats.scores]),
                classes="progress-panel",
            ),
            Vertical(
                Static(Content.from_markup("[b]Missed most often[/b]")),
                Static(Content("\n".join(lines) or "Nothing missed yet.")),
                classes="progress-panel",
            ),
            id="progress-quiz",
        ),
        Static(Content.from_markup("[b]Reviews per day[/b]"), classes="progress-title"),
        ReviewHeatmap(stats.reviews_per_day, stats.today, weeks=26),
        Horizontal(
            Vertical(
                Static(
                    Content.from_markup(
                        "[b]True retention[/b] $r  ($p of $t review answers not Again)",
                        r=retention,
                        p=str(stats.retention.passed),
                        t=str(stats.retention.total),
                    )
                ),
                Static(Content.from_markup("[b]Cards[/b] $s", s=states)),
                classes="progress-panel",
            ),
            Vertical(
                Static(
                    Content.from_markup(
                        "[b]Due[/b] today $a · tomorrow $b · 7 days $c · $n days $d",
                        a=str(fc[0]),
                        b=str(fc[1]) if len(fc) > 1 else "0",
                        c=str(sum(fc[:7])),
                        n=str(len(fc)),
                        d=str(sum(fc)),
                    )
                ),
                Sparkline(fc, summary_function=max, id="progress-forecast"),
                classes="progress-panel",
            ),
            id="progress-study",
        ),
    ]
