"""The home screen: the decks in the library, what is due in each, and what can be done.

Counting new / learning / due cards needs every deck's cards and progress, which for a
big deck takes a while: the table shows at once (from the library's summaries alone) and
a thread worker fills the counts in after the first paint, again each time the screen
comes back. The study, quiz, editor and model modules are imported when first needed, so
that opening the app costs little more than opening Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from quizapp.kinds import labelled
from quizapp.paths import shown
from quizapp.store import DeckSummary, Library, StoreError
from quizapp.ui.fit import clip, lines, share
from quizapp.ui.palette import themed
from quizapp.ui.typed_app import app_library, quiz_app
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.title_bar import TitleBar
from quizapp.wording import counted

if TYPE_CHECKING:
    from quizapp.model import Deck, ReviewEntry, StudySettings
    from quizapp.model.progress import ProgressColumns
    from quizapp.study import Counts
    from quizapp.ui.screens.study_open import StudyOptions

COUNT_COLUMNS = ("new", "learn", "due")
T = TypeVar("T")

#: Anki's colours for the counts (new blue, learning red, due green), as theme variables
#: (quizapp/ui/palette.py turns them into the theme's colours for the table's cells).
_COUNT_STYLES = {"new": "bold $primary", "learn": "bold $error", "due": "bold $success"}
_COUNT_STYLES["stale"] = "bold $warning"  # cards past their review-by date
READ_ONLY = (
    "Read-only: another quizapp has this library open (or --read-only was given); "
    "nothing you answer or change here is saved."
)


#: The count columns and their least width (four digits); the text columns share the rest.
_COUNT_HEADS = (("New", "new"), ("Learn", "learn"), ("Due", "due"), ("Stale", "stale"),
                ("Cards", "cards"))
_FIXED = sum(max(len(label), 4) + 2 for label, _ in _COUNT_HEADS)  # cell padding 1 + 1
_TEXT_ROOM = _FIXED + 3 * 2 + 2  # the text columns' padding, a vertical scrollbar
_DESCRIPTION_LINES = 5  # #deck-description's max-height 6, less its border


def _count_cell(column: str, value: int | None, theme: Mapping[str, str]) -> Text:
    """A count in its column's colour (dim when 0); "…" while it is being counted."""
    if value is None:
        return Text("…", justify="right", style="dim")
    style = themed(_COUNT_STYLES[column], theme) if value else "dim"
    return Text(str(value), justify="right", style=style)


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("s", "study", "Study", id="home.study"),
        Binding("q", "quiz", "Quiz", id="home.quiz"),
        Binding("c", "custom_study", "Custom", id="home.custom"),
        Binding("b", "open_deck", "Browse", id="home.browse"),
        # Not in the footer, so that Settings, Quit and Help fit at 80 columns: F1 and the
        # command palette list them.
        Binding("p", "progress", "Progress", show=False, id="home.progress"),
        Binding("e", "edit", "Edit", id="home.edit"),
        Binding("n", "new_deck", "New deck", show=False, id="home.new"),
        Binding("i", "import_file", "Import", id="home.import"),
        Binding("comma", "settings", "Settings", id="home.settings"),
    ]

    def __init__(self, options: StudyOptions | None = None) -> None:
        super().__init__()
        self._options = options
        self._summaries: dict[str, DeckSummary] = {}
        self._just_mounted = False
        self.counts: dict[str, Counts] = {}
        #: Cards past their review-by date, per deck (quizapp.model.freshness).
        self.stale: dict[str, int] = {}
        self._described: tuple[DeckSummary, int] | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="home-intro")
        yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Static(id="deck-description")
        yield Static(
            Content("the highlighted deck: s study · q quiz · enter browse · f1 all keys"),
            id="home-hint",
        )
        yield KeysFooter()

    @property
    def options(self) -> StudyOptions:
        if self._options is None:
            from quizapp.ui.screens.study_open import StudyOptions

            self._options = StudyOptions()
        return self._options

    @property
    def library(self) -> Library:
        return app_library(self)

    def on_mount(self) -> None:
        self._fitted_width = self.app.size.width
        # The counts' colours are the theme's, built into the cells: a new theme rebuilds them.
        self.app.theme_changed_signal.subscribe(self, lambda _: self.refresh_decks())
        self.refresh_decks()
        self._just_mounted = True
        self.query_one("#decks", DataTable).focus()
        if self.library.read_only:  # before any answer is given, not after one is lost
            self.notify(READ_ONLY, title="Read-only", severity="warning", timeout=20)

    def on_resize(self) -> None:
        # The text columns are cut to the width: a new width cuts them again (the row
        # highlighted stays highlighted).
        if self.app.size.width == getattr(self, "_fitted_width", None) or not self._summaries:
            return
        self._fitted_width = self.app.size.width
        kept = self.selected()
        self.refresh_decks()
        if kept is not None:
            table = self.query_one("#decks", DataTable)
            if kept.id in table.rows:
                table.move_cursor(row=table.get_row_index(kept.id))

    def _add_columns(self, table: DataTable[Text], widths: list[int]) -> None:
        """Columns sized to the terminal: counts as wide as they need, then Deck, Source
        and Kinds sharing what is left, each cut with "…" (the panel below spells out all)."""
        title, source, kinds = widths
        table.add_column("Deck", key="title", width=title)
        for label, key in _COUNT_HEADS:
            table.add_column(label, key=key)
        table.add_column("Source", key="source", width=source)
        table.add_column("Kinds", key="kinds", width=kinds)

    def on_screen_resume(self) -> None:
        # Back from studying, editing or importing (or shown for the first time): decks and
        # counts may have changed. Counting starts once this handler is done (its thread
        # then reads while the first frame is drawn).
        if self._summaries and not self._just_mounted:  # on_mount has just filled it
            self.refresh_decks()
        self._just_mounted = False
        self.call_after_refresh(self.refresh_counts)

    def refresh_decks(self) -> None:
        table = self.query_one("#decks", DataTable)
        # The cursor stays on the deck it was on (after a session, an edit, a quiz), so the
        # next key acts on that deck, not on whichever deck is now first.
        was = self.selected()
        table.clear(columns=True)
        summaries = self.library.summaries()
        self._summaries = {s.id: s for s in summaries}
        texts = {s.id: (s.title, "; ".join(s.sources) or "—", labelled(s.kinds, width="short"))
                 for s in summaries}
        needs = [max([len(head), *(len(t[i]) for t in texts.values())])
                 for i, head in enumerate(("Deck", "Source", "Kinds"))]
        widths = share(needs, self.app.size.width - _TEXT_ROOM, minimum=7)
        self._add_columns(table, widths)
        theme = self.app.theme_variables
        for s in summaries:
            title, sources, kinds = texts[s.id]
            counts = self.counts.get(s.id)
            table.add_row(
                clip(title, widths[0], middle=True),
                *(
                    _count_cell(c, None if counts is None else _value(counts, c), theme)
                    for c in COUNT_COLUMNS
                ),
                _count_cell("stale", self.stale.get(s.id), theme),
                Text(str(s.card_count), justify="right"),
                clip(sources, widths[1]),
                clip(kinds, widths[2]),
                key=s.id,
            )
        if was is not None and was.id in table.rows:
            table.move_cursor(row=table.get_row_index(was.id), animate=False)
        # Described now, not when the table says which row is highlighted: that comes
        # after the first frame, which would then be laid out and drawn twice.
        if (highlighted := self.selected()) is not None:
            self._describe(highlighted)
        intro = self.query_one("#home-intro", Static)
        if summaries:
            said = f"{counted(len(summaries), 'deck')} in {shown(self.library.data_dir)}"
        else:
            said = "The library is empty. Add a deck with `quizapp import FILE`."
        if self.library.read_only:
            intro.update(Content.assemble((READ_ONLY, "bold $warning"), "\n", said))
        else:
            intro.update(Content(said))

    # --- counts, in a thread -------------------------------------------------------------

    def refresh_counts(self) -> None:
        if self._summaries:
            self._count_worker(list(self._summaries))

    # exit_on_error=False: quitting while counting must not turn into a traceback; a deck
    # that cannot be read is caught below and keeps "…".
    @work(thread=True, exclusive=True, group="home-counts", exit_on_error=False)
    def _count_worker(self, deck_ids: list[str]) -> None:
        from quizapp.model import DeckError

        # queues alone: the rest of quizapp.study (fsrs, the session) is not needed here
        from quizapp.study.queues import column_counts

        worker = get_current_worker()
        now = self.options.clock()
        for deck_id in deck_ids:
            if worker.is_cancelled:
                return
            try:
                # Read here, off the UI thread: the library's tables take their own lock,
                # so a big deck's progress never holds up a frame.
                card_ids, progress, settings, reviews = self._progress_of(deck_id, now)
                counts = column_counts(
                    deck_id, card_ids, progress, settings, now, reviews, tz=self.options.tz,
                    siblings=self.library.siblings(deck_id),
                )
            except (KeyError, DeckError, StoreError):
                continue  # a deck that cannot be read keeps "…"; opening it explains why
            self.app.call_from_thread(self._show_counts, deck_id, counts)
            try:
                self._count_stale(deck_id, now)
            except (KeyError, DeckError, StoreError):
                continue

    def _count_stale(self, deck_id: str, now: datetime) -> None:
        """Cards past their review-by date, from the deck's summary (no deck to load)."""
        from datetime import date

        from quizapp.model.freshness import stale_count
        from quizapp.study.days import study_day

        dates = (date.fromisoformat(d) for d in self.library.summary(deck_id).review_by)
        stale = stale_count(dates, study_day(now, self.options.tz))
        self.app.call_from_thread(self._show_stale, deck_id, stale)

    def _show_stale(self, deck_id: str, stale: int) -> None:
        self.stale[deck_id] = stale
        table = self.query_one("#decks", DataTable)
        if deck_id in table.rows:
            table.update_cell(
                deck_id, "stale", _count_cell("stale", stale, self.app.theme_variables))

    def _progress_of(
        self, deck_id: str, now: datetime
    ) -> tuple[list[str], ProgressColumns, StudySettings, list[ReviewEntry]]:
        from quizapp.study.days import day_start, study_day

        since = day_start(study_day(now, self.options.tz), self.options.tz)
        library = self.library
        return (
            library.card_ids(deck_id),
            library.progress_columns(deck_id),  # kept per shard by the store: no record per card
            library.settings(deck_id),
            library.reviews(deck_id, since),
        )

    def _show_counts(self, deck_id: str, counts: Counts) -> None:
        self.counts[deck_id] = counts
        table = self.query_one("#decks", DataTable)
        if deck_id not in table.rows:
            return
        theme = self.app.theme_variables
        for column in COUNT_COLUMNS:
            table.update_cell(deck_id, column, _count_cell(column, _value(counts, column), theme))

    # --- selection and actions -------------------------------------------------------------

    def selected(self) -> DeckSummary | None:
        table = self.query_one("#decks", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._summaries.get(str(key))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        summary = self._summaries.get(str(event.row_key.value))
        if summary is not None:
            self._describe(summary)

    def _describe(self, summary: DeckSummary) -> None:
        """The highlighted deck's id first (the command line takes it), then its facts,
        each on one line; the description gets the lines left and ends in "…" where cut.
        Unchanged facts are not set again: each update lays the screen out anew."""
        width = max(self.app.size.width - 2, 10)
        if self._described == (summary, width):
            return
        self._described = (summary, width)
        facts = [f"Id: {summary.id} (for the command line: quizapp study {summary.id})",
                 f"Cards: {summary.card_count} ({labelled(summary.kinds)})"]
        if summary.sources:
            facts.append(f"Source: {'; '.join(summary.sources)}")
        about = [lines(fact, width, 2) for fact in facts]
        if summary.description:
            room = _DESCRIPTION_LINES - sum(fact.count("\n") + 1 for fact in about)
            about.insert(1, lines(summary.description, width, max(room, 1)))
        self.query_one("#deck-description", Static).update(Content("\n".join(about)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_deck()

    def _open_with_deck(self, make: Callable[[Deck], Screen[Any]]) -> None:
        """Load the highlighted deck in a thread worker, then open `make(deck)`."""
        self._with_deck(lambda deck: self.app.push_screen(make(deck)))

    def _with_deck(self, then: Callable[[Deck], object]) -> None:
        """Load the highlighted deck in a thread worker (a big deck file takes a while to
        read), then `then(deck)`; a damaged deck file is said by the app's one worker
        error handler (quizapp/ui/workers.py), never raised."""
        self._read_deck(lambda library, deck_id: library.deck(deck_id), then)

    def _read_deck(self, read: Callable[[Library, str], T], then: Callable[[T], object]) -> None:
        """`read(library, deck_id)` of the highlighted deck in a thread worker, then `then`."""
        summary = self.selected()
        if summary is None:
            return
        library = self.library
        quiz_app(self).blocking.run(
            lambda: read(library, summary.id),
            then,
            failed=f"The deck {summary.title} could not be opened",
            name="load-deck",
        )

    def action_open_deck(self) -> None:
        from quizapp.ui.screens.deck import DeckScreen

        # The browser shows every card's state: its progress is read with the deck, in the
        # same thread (0.6 s for 10k studied cards: tests/bench/bench_screen_io.py).
        self._read_deck(
            lambda library, deck_id: (library.deck(deck_id), library.progress(deck_id)),
            lambda read: self.app.push_screen(DeckScreen(
                read[0], progress=read[1], clock=self.options.clock, tz=self.options.tz)),
        )

    def action_study(self) -> None:
        from quizapp.ui.screens.study import StudyScreen

        summary = self.selected()
        if summary is not None:
            self.app.push_screen(StudyScreen(summary.id, self.options))

    def action_custom_study(self) -> None:
        from quizapp.ui.screens.custom_study import ask_custom_study

        self._with_deck(lambda deck: ask_custom_study(self.app, deck, self.options))

    def action_quiz(self) -> None:
        from quizapp.ui.screens.quiz_setup import QuizSetupScreen

        self._open_with_deck(QuizSetupScreen)

    def action_progress(self) -> None:
        from quizapp.ui.screens.progress import ProgressScreen

        summary = self.selected()
        if summary is not None:
            self.app.push_screen(ProgressScreen(summary.id))

    def action_edit(self) -> None:
        from quizapp.ui.screens.editor import EditorScreen

        self._open_with_deck(EditorScreen)

    def action_settings(self) -> None:
        from quizapp.ui.screens.deck_settings import DeckSettingsScreen

        summary = self.selected()
        if summary is not None:
            self.app.push_screen(DeckSettingsScreen(summary.id, summary.title))

    def action_new_deck(self) -> None:
        from quizapp.ui.screens.deck_form import NewDeckScreen

        self.app.push_screen(NewDeckScreen())

    def action_import_file(self) -> None:
        from quizapp.ui.screens.import_screen import ImportScreen

        self.app.push_screen(ImportScreen())


def _value(counts: Counts, column: str) -> int:
    return {"new": counts.new, "learn": counts.learning, "due": counts.due}[column]
