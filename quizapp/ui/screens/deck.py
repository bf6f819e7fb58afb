"""Browsing a deck, as Anki's browser does: every card with its study state, a search that
filters as you type, the highlighted card shown whole beside the table, and suspending,
burying (and undoing either) from the keyboard.

The search grammar and matching are quizapp.search's; this screen keeps one SearchIndex per
deck (each card's text folded once) and each card's row built once, so a key typed in a
10k-card deck costs a pass of substring tests and a refill of the table, after a short pause
in the typing (DEBOUNCE), not per key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from quizapp.bulk import collect_again, leave_out_of_collection
from quizapp.kinds import label
from quizapp.model import CardProgress, Deck
from quizapp.model.freshness import is_stale
from quizapp.search import Query, SearchError, SearchIndex, When, parse
from quizapp.store import Library, StoreError
from quizapp.study import format_interval, next_rollover, study_day
from quizapp.ui.fit import clip
from quizapp.ui.palette import themed
from quizapp.ui.typed_app import app_library
from quizapp.ui.widgets.card_view import CardView
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.title_bar import TitleBar
from quizapp.wording import counted, part_of

#: Widths the browser's narrow columns are cut to (the prompt takes the rest).
_STATE_WIDTH, _DUE_WIDTH, _KIND_WIDTH = 24, 5, 12  # "multiple ch…": the card view names it
#: Seconds of quiet in the search box before the table is filtered.
DEBOUNCE = 0.15
#: Rows added at once when the table is filled, then in each later batch.
FIRST_ROWS, MORE_ROWS = 100, 500


def state_text(
    progress: CardProgress | None, stale: bool, today: date, theme: Mapping[str, str]
) -> Text:
    """The card's state as a word, with what keeps it out of study (suspended, buried, leech),
    and whether its answer is past its review-by date (stale). Colour only repeats the words:
    the theme's (`App.theme_variables`, made colours by quizapp/ui/palette.py)."""
    if progress is None:
        return Text("new · stale" if stale else "new",
                    style=themed("$warning" if stale else "$primary", theme))
    words = [progress.state.value]
    if stale:
        words.append("stale")
    if progress.leech:
        words.append("leech")
    buried = progress.buried_until is not None and progress.buried_until > today
    if progress.suspended:
        words.append("suspended")
    elif buried:
        words.append("buried")
    style = "$warning" if progress.suspended or stale else "dim" if buried else ""
    return Text(" · ".join(words), style=themed(style, theme))


def due_cell(progress: CardProgress | None, now: datetime, theme: Mapping[str, str]) -> Text:
    if progress is None or progress.due is None:
        return Text("—", style="dim")
    due = progress.due if progress.due.tzinfo else progress.due.replace(tzinfo=UTC)
    if due <= now:
        return Text("now", style=themed("$success", theme), justify="right")
    return Text(format_interval(due - now), justify="right")


class DeckScreen(Screen[None]):
    CSS_PATH = "deck.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="deck.back"),
        Binding("slash", "search", "Search", show=False, id="deck.search"),  # the box says so
        Binding("s", "toggle_suspend", "(Un)suspend", id="deck.suspend"),
        Binding("b", "toggle_bury", "(Un)bury", id="deck.bury"),
        Binding("u", "undo", "Undo", id="deck.undo"),
        Binding("c", "custom_study", "Custom", id="deck.custom"),
    ]

    def __init__(
        self,
        deck: Deck,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        tz: tzinfo | None = None,
        progress: dict[str, CardProgress] | None = None,
    ) -> None:
        """`progress`: the deck's, read off the UI thread with the deck (home does); None
        reads it when the screen opens."""
        super().__init__()
        self.deck = deck
        self.sub_title = "Browse"
        self._clock, self._tz = clock, tz
        self.today = study_day(clock(), tz)
        self._index: SearchIndex | None = None  # built at the first search, not on opening
        #: The indexes (into deck.cards) of the rows shown, in order.
        self.shown: list[int] = list(range(len(deck.cards)))
        self._read_progress = progress
        self._progress: dict[str, CardProgress] = {}
        #: Each card's row, built when first shown (and again when its state changes).
        self._rows: dict[int, tuple[Text, ...]] = {}
        self._filled_width, self._with_kind, self._prompt_width = 0, True, 40  # _set_columns
        self._state_width = _STATE_WIDTH
        self._timer: Timer | None = None
        self._fills = 0  # which fill of the table is current (_add_rows)
        self._loaded = False  # progress read (on_mount)
        #: Changes the browser made, newest last: the card and its progress before.
        self._undo: list[tuple[int, CardProgress]] = []

    @property
    def library(self) -> Library:
        return app_library(self)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal():
            with Vertical(id="browse-list"):
                yield Input(
                    placeholder='search: words "a phrase" tag:x kind:cloze is:due -word',
                    id="search",
                )
                yield Static(id="search-status")
                yield DataTable(id="cards", cursor_type="row", zebra_stripes=True)
            first = self.deck.cards[0] if self.deck.cards else None
            yield CardView(self.deck, first, today=self.today)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = self.deck.title
        read = self._read_progress
        self._progress = read if read is not None else self.library.progress(self.deck.id)
        self._loaded = True
        self._set_columns()
        self._fill(self.shown)
        self._say(counted(len(self.deck.cards), 'card'))
        self.query_one("#cards", DataTable).focus()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        leave_out_of_collection(self)  # the deck and its progress, while open: quizapp/bulk.py

    def on_unmount(self) -> None:
        # The app's signal would hold a closed browser until it next publishes.
        self.app.theme_changed_signal.unsubscribe(self)
        collect_again(self)

    def _theme_changed(self, _: object) -> None:
        # The rows' colours are the theme's, built into their cells: build them again.
        row = self.query_one("#cards", DataTable).cursor_row
        self._rows.clear()
        self._fill(self.shown)
        self.query_one("#cards", DataTable).move_cursor(row=row)

    def _set_columns(self) -> None:
        """The table's columns for the terminal's width: under 100 columns the Kind column
        goes (the card view beside names the kind), and the prompt takes what the others
        leave, cut with "…" (the table is 3fr of 5 in deck.tcss, less a scrollbar)."""
        width = self.app.size.width
        self._filled_width = width
        self._with_kind = width >= 100
        # The State column as wide as its longest words can be (state_text's words, from
        # the flags alone: no text built per card on a 100k-card deck).
        longest = max(
            (
                len(p.state.value) + 8 * p.leech
                + (12 if p.suspended else 9 if p.buried_until is not None else 0)
                for p in self._progress.values()
            ),
            default=3,  # "new"
        )
        if any(c.review_by is not None for c in self.deck.cards):
            longest += 8  # " · stale"
        self._state_width = min(max(5, longest), _STATE_WIDTH)
        fixed = len(str(len(self.deck.cards))) + 2 + self._state_width + 2 + _DUE_WIDTH + 2
        if self._with_kind:
            fixed += _KIND_WIDTH + 2
        self._prompt_width = max(width * 3 // 5 - 2 - fixed - 2, 12)
        table = self.query_one("#cards", DataTable)
        table.clear(columns=True)
        table.add_column("#", key="n")
        table.add_column("State", key="state")
        table.add_column("Due", key="due")
        if self._with_kind:
            table.add_column("Kind", key="kind")
        table.add_column("Prompt", key="prompt", width=self._prompt_width)  # the one cut
        self._rows.clear()

    def on_resize(self) -> None:
        # The prompts are cut to the table's width: a new width cuts them again.
        if self._loaded and self.app.size.width != self._filled_width:
            row = self.query_one("#cards", DataTable).cursor_row
            self._set_columns()
            self._fill(self.shown)
            self.query_one("#cards", DataTable).move_cursor(row=row)

    def on_screen_resume(self) -> None:
        """Back from a custom study started here: show what it changed (a suspend, a bury)."""
        if not self._loaded:
            return
        fresh = self.library.progress(self.deck.id)
        changed = [
            i for i, card in enumerate(self.deck.cards)
            if fresh.get(card.id) != self._progress.get(card.id)
        ]
        self._progress = fresh
        table, now = self.query_one("#cards", DataTable), self._clock()
        for i in changed:
            self._rows[i] = self._row(i, now)
            if str(i) in table.rows:
                table.update_cell(str(i), "state", self._rows[i][1])
                table.update_cell(str(i), "due", self._rows[i][2])

    def _row(self, i: int, now: datetime) -> tuple[Text, ...]:
        card = self.deck.cards[i]
        progress = self._progress.get(card.id)
        theme = self.app.theme_variables
        kind = (clip(label(card.kind), _KIND_WIDTH),) if self._with_kind else ()
        return (
            Text(str(i + 1)),
            state_text(progress, is_stale(card, self.today), self.today, theme),
            due_cell(progress, now, theme),
            *kind,
            clip(_one_line(card.prompt), self._prompt_width),
        )

    def _fill(self, indexes: list[int]) -> None:
        """Show these rows: the first screenful at once, the rest in batches after each
        refresh (a DataTable measures every cell it is given: 10k rows at once would hold
        the screen for seconds); a newer search stops an older fill."""
        self._fills += 1
        self.query_one("#cards", DataTable).clear()
        self.shown = indexes
        self._add_rows(0, self._fills)
        if indexes:
            self._show_card(indexes[0])

    def _add_rows(self, start: int, fill: int) -> None:
        if fill != self._fills:
            return  # a newer search has refilled the table
        table = self.query_one("#cards", DataTable)
        end = start + (FIRST_ROWS if start == 0 else MORE_ROWS)
        now = self._clock()
        for i in self.shown[start:end]:
            row = self._rows.get(i) or self._rows.setdefault(i, self._row(i, now))
            table.add_row(*row, key=str(i))
        if end < len(self.shown):
            self.call_after_refresh(self._add_rows, end, fill)

    # --- search -------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self.apply_search)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply_search()
        self.query_one("#cards", DataTable).focus()

    def apply_search(self) -> None:
        """Filter the table by the search box's query (a bad query is said, the table kept)."""
        text = self.query_one("#search", Input).value
        try:
            query = parse(text)
        except SearchError as error:
            self._say(f"Search: {error}", error=True)
            return
        found = self._find(query)
        if found != self.shown:
            self._fill(found)
        total = len(self.deck.cards)
        matched = f"{part_of(len(found), total, 'card')} match"
        self._say(counted(total, "card") if query.empty else matched)

    def _say(self, text: str, error: bool = False) -> None:
        """The line under the search box: the count (with the deck's id, which the command
        line takes) or what is wrong with the query."""
        status = self.query_one("#search-status", Static)
        status.update(Content(text if error else f"{text} · deck id {self.deck.id}"))
        status.set_class(error, "-error")

    def _find(self, query: Query) -> list[int]:
        if query.empty:
            return list(range(len(self.deck.cards)))
        when = When(next_rollover(self._clock(), self._tz), self.today)
        if self._index is None:
            self._index = SearchIndex(self.deck.cards)
        return self._index.find(query, self._progress, when)

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_custom_study(self) -> None:
        from quizapp.ui.screens.custom_study import ask_custom_study
        from quizapp.ui.screens.study_open import StudyOptions

        ask_custom_study(self.app, self.deck, StudyOptions(clock=self._clock, tz=self._tz))

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:  # out of the box first, as a text field's escape does
            self.query_one("#cards", DataTable).focus()
        else:
            self.app.pop_screen()

    # --- the highlighted card -----------------------------------------------------------

    def _show_card(self, i: int) -> None:
        self.query_one(CardView).show(self.deck.cards[i])

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._show_card(int(event.row_key.value))

    def _current(self) -> int | None:
        table = self.query_one("#cards", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None if key is None else int(key)

    # --- suspend, bury, undo ------------------------------------------------------------

    def _progress_of(self, i: int) -> CardProgress:
        card = self.deck.cards[i]
        return self._progress.get(card.id) or CardProgress(deck_id=self.deck.id, card_id=card.id)

    def _put(self, i: int, changed: CardProgress) -> bool:
        try:
            self.library.put_progress(changed)
        except StoreError as error:
            self.notify(f"Not saved: {error}", severity="error", markup=False)
            return False
        self._progress[changed.card_id] = changed
        self._rows[i] = self._row(i, self._clock())
        table = self.query_one("#cards", DataTable)
        if str(i) in table.rows:
            table.update_cell(str(i), "state", self._rows[i][1])
        return True

    def _change(self, i: int, changed: CardProgress, said: str) -> None:
        before = self._progress_of(i)
        if self._put(i, changed):
            self._undo.append((i, before))
            self.refresh_bindings()
            self.notify(f"Card {i + 1} {said} (u undoes it).", markup=False)

    def action_toggle_suspend(self) -> None:
        """Take the highlighted card out of study, or bring it back (a leech keeps its mark)."""
        i = self._current()
        if i is None:
            return
        current = self._progress_of(i)
        changed = current.model_copy(update={"suspended": not current.suspended})
        said = "suspended: it stays out of study" if changed.suspended else "back in study"
        self._change(i, changed, said)

    def action_toggle_bury(self) -> None:
        """Hide the highlighted card until tomorrow's study, or bring a buried one back today."""
        i = self._current()
        if i is None:
            return
        current = self._progress_of(i)
        buried = current.buried_until is not None and current.buried_until > self.today
        if buried:
            self._change(i, current.model_copy(update={"buried_until": None}), "unburied")
        else:
            until = current.model_copy(update={"buried_until": self.today + timedelta(days=1)})
            self._change(i, until, "buried until tomorrow")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return True if self._undo else None  # shown dimmed while there is nothing to undo
        return True

    def action_undo(self) -> None:
        if not self._undo:
            return
        i, before = self._undo.pop()
        if self._put(i, before):
            self.notify(f"Undid the change to card {i + 1}.", markup=False)
        else:
            self._undo.append((i, before))
        self.refresh_bindings()


_KIND_WIDTH = 12  # "multiple ch…": the card view beside the table names it in full


def _one_line(text: str) -> str:
    return " ".join(text.split())
