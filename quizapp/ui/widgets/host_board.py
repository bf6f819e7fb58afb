"""The leaderboard shown between questions: top 10 with points just won and streaks.

Names are students' text: rich Text cells (never markup strings) in a rich Table.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from quizapp.classroom.game import Game
from quizapp.classroom.players import ranks

TOP = 10


def leaderboard_table(game: Game, n: int = TOP) -> Table:
    """Rank, name, score, what the last question earned, and the current streak."""
    table = Table(expand=True, box=None, padding=(0, 2), header_style="bold")
    table.add_column("#", justify="right", width=4)
    table.add_column("Name", ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column("Score", justify="right")
    table.add_column("Last", justify="right")
    table.add_column("Streak", justify="right")
    for key, rank in list(ranks(game.players).items())[:n]:
        p = game.players[key]
        earned, bonus = p.points.get(game.index, (0, 0))
        last = f"+{earned}" if earned else "—"
        streak = f"{p.streak} in a row" if p.streak >= 2 else ""
        style = "bold" if rank <= 3 else ""
        table.add_row(
            Text(str(rank), style=style),
            Text(p.name, style=style),
            Text(str(p.score), style=style),
            Text(last + (f" (+{bonus} streak)" if bonus else "")),
            Text(streak),
        )
    return table


class HostLeaderboard(Vertical):
    def compose(self) -> ComposeResult:
        yield Static(id="host-b-title")
        yield Static(id="host-b-table")

    def show(self, game: Game) -> None:
        done, total = game.index + 1, len(game.rounds)
        after = "" if game.phase == "finished" else f" after question {done} of {total}"
        self.query_one("#host-b-title", Static).update(Content(f"Leaderboard{after}"))
        self.query_one("#host-b-table", Static).update(leaderboard_table(game))
