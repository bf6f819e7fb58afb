"""The home screen: the decks in the library, and what can be done with each."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from quizapp.store import DeckSummary, Library


def kinds_text(kinds: dict[str, int]) -> str:
    return ", ".join(f"{k.replace('_', ' ')} {n}" for k, n in sorted(kinds.items()))


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open_deck", "Browse", id="home.browse"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="home-intro")
        yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Static(id="deck-description")
        yield Footer()

    @property
    def library(self) -> Library:
        return self.app.library  # type: ignore[attr-defined,no-any-return]

    def on_mount(self) -> None:
        table = self.query_one("#decks", DataTable)
        table.add_column("Deck", key="title")
        table.add_column("Cards", key="cards")
        table.add_column("Kinds", key="kinds")
        table.add_column("Source", key="source")
        self.refresh_decks()
        table.focus()

    def refresh_decks(self) -> None:
        table = self.query_one("#decks", DataTable)
        table.clear()
        summaries = self.library.summaries()
        self._summaries = {s.id: s for s in summaries}
        for s in summaries:
            table.add_row(
                Text(s.title),
                Text(str(s.card_count), justify="right"),
                Text(kinds_text(s.kinds)),
                Text("; ".join(s.sources) or "—"),
                key=s.id,
            )
        intro = self.query_one("#home-intro", Static)
        if summaries:
            intro.update(Content(f"{len(summaries)} decks in {self.library.data_dir}"))
        else:
            intro.update(Content("The library is empty. Add a deck with `quizapp import FILE`."))

    def selected(self) -> DeckSummary | None:
        table = self.query_one("#decks", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._summaries.get(str(key))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        summary = self._summaries.get(str(event.row_key.value))
        if summary is not None:
            self.query_one("#deck-description", Static).update(Content(summary.description))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_deck()

    def action_open_deck(self) -> None:
        from quizapp.ui.screens.deck import DeckScreen

        summary = self.selected()
        if summary is not None:
            self.app.push_screen(DeckScreen(self.library.deck(summary.id)))
