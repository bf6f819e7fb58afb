"""Browsing a deck: its cards in a table, the highlighted one shown whole beside it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from quizapp.model import Deck
from quizapp.ui.widgets.card_view import CardView


class DeckScreen(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="deck.back")]

    def __init__(self, deck: Deck) -> None:
        super().__init__()
        self.deck = deck
        self.sub_title = deck.title

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield DataTable(id="cards", cursor_type="row", zebra_stripes=True)
            yield CardView(self.deck, self.deck.cards[0] if self.deck.cards else None)
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.deck.title
        table = self.query_one("#cards", DataTable)
        table.add_column("#", key="n")
        table.add_column("Kind", key="kind")
        table.add_column("Prompt", key="prompt")
        table.add_rows(
            (Text(str(i + 1)), Text(card.kind.replace("_", " ")), Text(_one_line(card.prompt)))
            for i, card in enumerate(self.deck.cards)
        )
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.deck.cards):
            self.query_one(CardView).show(self.deck.cards[event.cursor_row])


def _one_line(text: str, width: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
