"""A closed question, projected: a bar per choice, the right answer, why, and where it
stands in the source.

Bars scale to the widget's width when drawn. Choices come from the deck and the
counts from the game; both go in as Content, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Unpack

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from quizapp.classroom.game import Game
from quizapp.classroom.questions import correct_choices
from quizapp.ui.widgets.args import WidgetArgs
from quizapp.ui.widgets.card_view import evidence_text
from quizapp.ui.widgets.host_question import LETTERS


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    right: bool


def tally(game: Game) -> tuple[int, int, int]:
    """(right, wrong, no answer) among the players who were not removed."""
    right = wrong = missing = 0
    for p in game.players.values():
        if p.kicked:
            continue
        given = p.answers.get(game.index)
        if given is None:
            missing += 1
        elif given.right:
            right += 1
        else:
            wrong += 1
    return right, wrong, missing


class DistributionBars(Widget):
    """One line per choice: letter, text, a bar as long as its share, the count."""

    DEFAULT_CSS = "DistributionBars { height: auto; }"

    def __init__(self, **kwargs: Unpack[WidgetArgs]) -> None:
        super().__init__(**kwargs)
        self.bars: list[Bar] = []

    def set_bars(self, bars: list[Bar]) -> None:
        self.bars = bars
        self.display = bool(bars)
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self.bars)

    def render(self) -> Content:
        if not self.bars:
            return Content("")
        most = max(1, max(b.count for b in self.bars))
        label_width = min(30, max(len(b.label) for b in self.bars) + 6)
        room = max(4, self.size.width - label_width - 8)
        lines = []
        for i, b in enumerate(self.bars):
            mark = "✔" if b.right else " "
            label = f"{mark} {LETTERS[i]}) {b.label}"
            if len(label) > label_width:
                label = label[: label_width - 1] + "…"
            length = round(room * b.count / most)
            style = "$success" if b.right else "$error"
            lines.append(
                Content.assemble(
                    Content(label.ljust(label_width)),
                    Content.from_markup(f"[{style}]$bar[/]", bar="█" * length),
                    f" {b.count}",
                )
            )
        return Content("\n").join(lines)


class HostReveal(Vertical):
    """The distribution of answers, then the right answer, its explanation and evidence."""

    def compose(self) -> ComposeResult:
        yield Static(id="host-r-prompt")
        yield Static(id="host-r-tally")
        yield DistributionBars(id="host-r-bars")
        yield Static(id="host-r-answer")
        yield Static(id="host-r-explanation")
        yield Static(id="host-r-evidence")

    def show(self, game: Game) -> None:
        r = game.current
        self.query_one("#host-r-prompt", Static).update(
            Content.assemble(f"Question {game.index + 1}: ", Content(r.view.prompt))
        )
        right, wrong, missing = tally(game)
        self.query_one("#host-r-tally", Static).update(
            Content.from_markup(
                "[$success]✔ $right right[/]   [$error]✘ $wrong wrong[/]   $missing no answer",
                right=str(right),
                wrong=str(wrong),
                missing=str(missing),
            )
        )
        counts = game.distribution()
        good = set(correct_choices(r.card))
        bars = [Bar(choice, counts.get(choice, 0), choice in good) for choice in r.view.choices]
        self.query_one(DistributionBars).set_bars(bars)
        self.query_one("#host-r-answer", Static).update(
            Content.from_markup("[b]Answer:[/b] $a", a=r.card.answer_text)
        )
        explanation = self.query_one("#host-r-explanation", Static)
        explanation.update(Content(r.card.explanation))
        explanation.display = bool(r.card.explanation)
        evidence = evidence_text(game.deck, r.card)
        shown = self.query_one("#host-r-evidence", Static)
        shown.update(evidence)
        shown.display = bool(evidence.plain)
