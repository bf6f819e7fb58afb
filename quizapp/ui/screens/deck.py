"""Browsing a deck, as Anki's browser does: every card with its study state, the
highlighted one shown whole beside the table, and suspending or unsuspending a card.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from quizapp.kinds import label
from quizapp.model import CardProgress, Deck
from quizapp.model.freshness import is_stale
from quizapp.store import Library, StoreError
from quizapp.study import format_interval, study_day
from quizapp.ui.typed_app import app_library
from quizapp.ui.widgets.card_view import CardView


def state_text(progress: CardProgress | None, stale: bool = False) -> Text:
    """The card's state as a word, with what keeps it out of study (suspended, leech), and
    whether its answer is past its review-by date (stale)."""
    if progress is None:
        return Text("new · stale" if stale else "new", style="yellow" if stale else "blue")
    words = [progress.state.value]
    if stale:
        words.append("stale")
    if progress.leech:
        words.append("leech")
    if progress.suspended:
        words.append("suspended")
    elif progress.buried_until is not None:
        words.append("buried")
    style = "yellow" if progress.suspended or stale else ""
    return Text(" · ".join(words), style=style)


def due_cell(progress: CardProgress | None, now: datetime) -> Text:
    if progress is None or progress.due is None:
        return Text("—", style="dim")
    due = progress.due if progress.due.tzinfo else progress.due.replace(tzinfo=UTC)
    if due <= now:
        return Text("now", style="green", justify="right")
    return Text(format_interval(due - now), justify="right")


class DeckScreen(Screen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="deck.back"),
        Binding("s", "toggle_suspend", "Suspend/unsuspend", id="deck.suspend"),
    ]

    def __init__(
        self,
        deck: Deck,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__()
        self.deck = deck
        self.sub_title = "Browse"
        self._clock, self._tz = clock, tz
        self.today = study_day(clock(), tz)

    @property
    def library(self) -> Library:
        return app_library(self)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield DataTable(id="cards", cursor_type="row", zebra_stripes=True)
            first = self.deck.cards[0] if self.deck.cards else None
            yield CardView(self.deck, first, today=self.today)
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.deck.title
        progress = self.library.progress(self.deck.id)
        now = self._clock()
        table = self.query_one("#cards", DataTable)
        table.add_column("#", key="n")
        table.add_column("State", key="state")
        table.add_column("Due", key="due")
        table.add_column("Kind", key="kind")
        table.add_column("Prompt", key="prompt")  # last: the one that may be cut
        table.add_rows(
            (
                Text(str(i + 1)),
                state_text(progress.get(card.id), is_stale(card, self.today)),
                due_cell(progress.get(card.id), now),
                Text(label(card.kind)),
                Text(_one_line(card.prompt)),
            )
            for i, card in enumerate(self.deck.cards)
        )
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.deck.cards):
            self.query_one(CardView).show(self.deck.cards[event.cursor_row])

    def action_toggle_suspend(self) -> None:
        """Take the highlighted card out of study, or bring it back (a leech keeps its mark)."""
        table = self.query_one("#cards", DataTable)
        if not self.deck.cards:
            return
        card = self.deck.cards[table.cursor_row]
        current = self.library.progress(self.deck.id).get(card.id) or CardProgress(
            deck_id=self.deck.id, card_id=card.id
        )
        changed = current.model_copy(update={"suspended": not current.suspended})
        try:
            self.library.put_progress(changed)
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        table.update_cell(
            table.coordinate_to_cell_key(table.cursor_coordinate).row_key,
            "state",
            state_text(changed, is_stale(card, self.today)),
        )
        verb = "suspended: it stays out of study" if changed.suspended else "back in study"
        self.notify(f"Card {table.cursor_row + 1} {verb}.", markup=False)


def _one_line(text: str, width: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
