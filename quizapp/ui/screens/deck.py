"""Browsing a deck, as Anki's browser does: every card with its study state, the
highlighted one shown whole beside the table, and suspending or unsuspending a card.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from quizapp.model import CardProgress, Deck
from quizapp.model.freshness import is_stale
from quizapp.store import Library, StoreError
from quizapp.study import format_interval, study_day
from quizapp.ui.fit import clip
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
        return self.app.library  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield DataTable(id="cards", cursor_type="row", zebra_stripes=True)
            first = self.deck.cards[0] if self.deck.cards else None
            yield CardView(self.deck, first, today=self.today)
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.deck.title
        self._fill()
        self.query_one("#cards", DataTable).focus()

    def on_resize(self) -> None:
        # The prompts are cut to the table's width: a new width cuts them again.
        if self.app.size.width != self._filled_width:
            row = self.query_one("#cards", DataTable).cursor_row
            self._fill()
            self.query_one("#cards", DataTable).move_cursor(row=row)

    def _fill(self) -> None:
        """The cards, the prompt column taking what the others leave, cut with "…"."""
        self._filled_width = self.app.size.width
        progress = self.library.progress(self.deck.id)
        now = self._clock()
        rows = [
            (
                Text(str(i + 1)),
                state_text(progress.get(card.id), is_stale(card, self.today)),
                due_cell(progress.get(card.id), now),
                clip(card.kind.replace("_", " "), _KIND_WIDTH),
                _one_line(card.prompt),
            )
            for i, card in enumerate(self.deck.cards)
        ]
        # Under 100 columns the Kind column goes: the card view beside names the kind.
        heads = ("#", "State", "Due", "Kind")[: 3 if self.app.size.width < 100 else 4]
        fixed = sum(
            max([len(head), *(cell_len(row[i].plain) for row in rows)]) + 2
            for i, head in enumerate(heads)
        )
        # The table's share of the screen (app.tcss: 3fr of 5), less a scrollbar.
        room = max(self.app.size.width * 3 // 5 - 2 - fixed - 2, 12)
        table = self.query_one("#cards", DataTable)
        table.clear(columns=True)
        for head, key in zip(heads, ("n", "state", "due", "kind"), strict=False):
            table.add_column(head, key=key)
        table.add_column("Prompt", key="prompt", width=room)  # last: the one that is cut
        table.add_rows((*row[: len(heads)], clip(row[4], room)) for row in rows)

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


_KIND_WIDTH = 12  # "multiple ch…": the card view beside the table names it in full


def _one_line(text: str) -> str:
    return " ".join(text.split())
