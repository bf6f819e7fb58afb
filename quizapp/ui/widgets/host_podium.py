"""The end of the game, projected: a podium of the top three, then everyone's results.

Names are students' text: Content on the podium, rich Text in the table, never markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from quizapp.classroom.results import ClassroomResult
from quizapp.wording import counted

#: Podium order left to right: second, first, third (as on a real one).
PLACES = ((2, "place-2"), (1, "place-1"), (3, "place-3"))


class HostPodium(Vertical):
    def compose(self) -> ComposeResult:
        yield Static("Final results", id="host-p-title")
        with Horizontal(id="host-p-podium"):
            for _, css in PLACES:
                with Vertical(classes=f"host-step {css}"):
                    yield Static(classes="host-step-name")
                    yield Static(classes="host-step-block")
        yield DataTable(id="host-p-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "Name", "Score", "Right", "Answered", "")

    def show(self, result: ClassroomResult) -> None:
        playing = [p for p in result.players if not p.kicked]
        for place, css in PLACES:
            step = self.query_one(f".{css}", Vertical)
            who = playing[place - 1] if len(playing) >= place else None
            name = step.query_one(".host-step-name", Static)
            block = step.query_one(".host-step-block", Static)
            if who is None:
                name.update("")
                block.update(Content(f"{place}"))
            else:
                name.update(Content.from_markup("[b]$name[/b]\n$score", name=who.name,
                                                score=counted(who.score, "point")))
                block.update(Content(f"{who.rank}"))
        table = self.query_one(DataTable)
        table.clear()
        questions = len(result.questions)
        for p in result.players:
            table.add_row(
                Text(str(p.rank) if not p.kicked else "—"),
                Text(p.name),
                Text(str(p.score), justify="right"),
                Text(f"{p.right} of {questions}", justify="right"),
                Text(str(p.answered), justify="right"),
                Text("removed" if p.kicked else ""),
            )
