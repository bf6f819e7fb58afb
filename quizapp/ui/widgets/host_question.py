"""The open question, projected: prompt and choices in large blocks, the countdown in
big digits, and how many have answered.

It shows only the public view (what the students see): choices, ordering items and
matching sides in the order drawn for this showing. Deck text is Content, never markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.widgets import Digits, Static

from quizapp import durations, kinds
from quizapp.classroom.game import Game
from quizapp.classroom.questions import PublicView
from quizapp.wording import counted

LETTERS = "abcdefghijklmnopqrstuvwxyz"



def tiles(view: PublicView) -> list[Content]:
    """The blocks under the prompt: lettered choices, numbered items, or matching rows."""
    if view.choices:
        return [Content.assemble(f"{LETTERS[i]}) ", Content(c)) for i, c in enumerate(view.choices)]
    if view.items:
        return [Content.assemble(f"{i + 1}. ", Content(t)) for i, t in enumerate(view.items)]
    if view.left:
        return [
            Content.assemble(Content(left), "  ·  ", f"{i + 1}) ", Content(right))
            for i, (left, right) in enumerate(zip(view.left, view.right, strict=False))
        ]
    return []


class HostQuestion(Vertical):
    """Question n of N, the countdown, n / total answered, the prompt and its choices."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="host-q-top"):
            with Vertical(id="host-q-info"):
                yield Static(id="host-q-progress")
                yield Static(id="host-q-answered")
            yield Digits(id="host-q-countdown")
        yield Static(id="host-q-prompt")
        yield Static(id="host-q-how")
        yield Grid(id="host-q-tiles")

    async def show(self, game: Game) -> None:
        """Draw a newly opened question."""
        view = game.current.view
        total = len(game.rounds)
        points = game.question_message().points
        self.query_one("#host-q-progress", Static).update(
            Content(f"Question {game.index + 1} of {total} · {counted(points, 'point')}")
        )
        self.query_one("#host-q-prompt", Static).update(Content(view.prompt))
        how = kinds.how(view.kind)
        if view.unit:
            how += f" (in {view.unit})"
        if view.gaps:
            how += f": {counted(view.gaps, 'gap')}"
        self.query_one("#host-q-how", Static).update(Content(how))
        grid = self.query_one("#host-q-tiles", Grid)
        await grid.remove_children()
        blocks = tiles(view)
        grid.set_class(len(blocks) > 4 or bool(view.left), "one-column")
        await grid.mount_all(
            Static(text, classes=f"host-tile tile-{i % 4}") for i, text in enumerate(blocks)
        )
        self.tick(game)

    def tick(self, game: Game) -> None:
        """Refresh what changes while the question is open: time left, answers in."""
        left = game.deadline - game.clock()
        countdown = self.query_one("#host-q-countdown", Digits)
        countdown.update(durations.countdown(left))
        countdown.set_class(left <= 5, "urgent")
        here = len(game.connected)
        self.query_one("#host-q-answered", Static).update(
            Content.from_markup(
                "[b]$n / $total[/b] answered", n=str(game.answered), total=str(here)
            )
        )
