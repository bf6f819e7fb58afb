"""Importing a deck file in the app: a path, a thread reading it, a report.

The file is read and validated by quizapp.formats.read_file in a thread worker (a big
.apkg takes seconds) while a progress bar counts the cards validated; nothing touches
the library until the whole file has been read. Then each deck is added, or (after
asking) replaces the deck of the same id; the report lists what was added, updated and
skipped, and why. Anki packages bring their study history (reviews rebuilt into FSRS
state, suspensions), said in the report. Choosing the "quizlet" format shows the two
separators of Quizlet's export and a preview of the first cards they give, updated as
they are typed.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, ProgressBar, Select, Static
from textual.worker import Worker, WorkerState

from quizapp.formats import FORMATS, CardHistory, Loaded, check_size, read_file, split_skips
from quizapp.formats.quizlet import quizlet_preview, read_quizlet
from quizapp.model import Deck, DeckError, reporting
from quizapp.store import ImportReport, Library, StoreError
from quizapp.store.media import keep_media
from quizapp.study.days import utcnow
from quizapp.study.imported import import_into
from quizapp.ui.screens.confirm import ConfirmScreen
from quizapp.ui.typed_app import app_library
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.title_bar import TitleBar
from quizapp.wording import counted

_READABLE = [f for f in FORMATS.values() if f.read is not None]


def report_text(report: ImportReport) -> Content:
    """What an import did, card ids included, every skip with its reason."""
    lines = [Content(report.describe())]
    for label, ids in (("added", report.added), ("updated", report.updated),
                       ("removed", report.removed)):
        if ids:
            shown = ", ".join(ids[:20]) + (f" and {len(ids) - 20} more" if len(ids) > 20 else "")
            lines.append(Content(f"  {label}: {shown}"))
    lines += [Content.assemble(("  skipped: ", "$warning"), Content(r)) for r in report.skipped]
    return Content("\n").join(lines)


def _import_one(
    library: Library, deck: Deck, replace: bool, skipped: list[str],
    history: list[CardHistory] | None,
) -> tuple[ImportReport, str]:
    """Add (or replace) one deck and its study history: blocking, run in a thread."""
    report = library.import_deck(deck, replace=replace, skipped=skipped)
    said = import_into(library, deck.id, history, utcnow()) if history else ""
    return report, said


class ImportScreen(Screen[None]):
    CSS_PATH = "import_screen.tcss"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="import.back")]

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.path = path
        self.reports: list[ImportReport] = []
        self.loaded: Loaded | None = None

    @property
    def library(self) -> Library:
        return app_library(self)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        extensions = " ".join(sorted({e for f in _READABLE for e in f.extensions}))
        yield Static(Content(f"Import a deck file ({extensions})"), id="import-intro")
        with Horizontal(id="import-form"):
            yield Input(self.path, placeholder="path to the file", id="import-path")
            yield Select([(Content(f.name), f.name) for f in _READABLE], prompt="detect format",
                         id="import-format")
            yield Button("Import", id="import-go", variant="primary")
        with Horizontal(id="import-quizlet"):
            yield Input(placeholder="between term and definition (default: tab)",
                        id="import-term-sep")
            yield Input(placeholder="between cards (default: new line)", id="import-card-sep")
            yield Static(id="import-preview")
        yield ProgressBar(total=None, id="import-progress", show_eta=False)
        with VerticalScroll(id="import-report"):
            yield Static(id="import-result")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title, self.sub_title = "quizapp", "Import"
        self.query_one("#import-path").focus()

    def _separators(self) -> tuple[str | None, str | None]:
        term = self.query_one("#import-term-sep", Input).value
        card = self.query_one("#import-card-sep", Input).value
        return term or None, card or None

    @on(Select.Changed, "#import-format")
    @on(Input.Changed, "#import-term-sep")
    @on(Input.Changed, "#import-card-sep")
    @on(Input.Changed, "#import-path")
    def _preview(self) -> None:
        self.set_class(self.query_one("#import-format", Select).value == "quizlet", "-quizlet")
        if not self.has_class("-quizlet"):
            return
        raw = self.query_one("#import-path", Input).value.strip()
        preview = quizlet_preview(Path(raw).expanduser(), *self._separators()) if raw else ""
        self.query_one("#import-preview", Static).update(Content(preview))

    def _say(self, text: Content, error: bool = False) -> None:
        result = self.query_one("#import-result", Static)
        result.update(text)
        result.set_class(error, "-error")

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#import-go")
    def start(self) -> None:
        if self.has_class("-busy"):
            return
        raw = self.query_one("#import-path", Input).value.strip()
        if not raw:
            self._say(Content("Type the path of a deck file first."), error=True)
            return
        path = Path(raw).expanduser()
        chosen = self.query_one("#import-format", Select).value
        fmt = chosen if isinstance(chosen, str) else None
        self.add_class("-busy")
        self.query_one("#import-go", Button).disabled = True
        self._say(Content(f"Reading {path}…"))
        self._read(path, fmt)

    @work(thread=True, exclusive=True, group="import-read", exit_on_error=False)
    def _read(self, path: Path, fmt: str | None) -> Loaded:
        bar = self.query_one("#import-progress", ProgressBar)

        def advance(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=max(total, 1), progress=done)

        with reporting(advance):  # cards validated so far, from whichever format reads it
            if fmt == "quizlet":
                check_size(path)
                return read_quizlet(path, *self._separators())
            return read_file(path, fmt)  # DeckError for every problem a user can cause

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "import-read":
            return
        result = event.worker.result  # Any: a StateChanged carries a Worker[Any]
        if event.state == WorkerState.SUCCESS and isinstance(result, Loaded):
            self.loaded = result
            self._add_decks(result)
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._done()
            error = event.worker.error
            if isinstance(error, DeckError):
                text = "\n".join(str(p) for p in error.problems)
                self._say(Content(f"Nothing was imported:\n{text}"), error=True)
            elif error is not None:  # not a deck problem: still a message, never a traceback
                self._say(Content(f"Nothing was imported: {error}"), error=True)

    def _done(self) -> None:
        self.remove_class("-busy")
        self.query_one("#import-go", Button).disabled = False

    @work(exclusive=True, group="import-add")
    async def _add_decks(self, loaded: Loaded) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=len(loaded.decks), progress=0)
        library = self.library
        # Writing a deck (and its media) takes a while for a big one: each write runs in a
        # thread (asyncio.to_thread) while this worker, on the UI's loop, asks and reports.
        if not library.read_only:  # a read-only library refuses the import itself
            # before the cards that name them
            await asyncio.to_thread(keep_media, library.data_dir, loaded.media)
        lines: list[Content] = []
        for deck in loaded.decks:
            replace = False
            if self.library.has_deck(deck.id):
                question = (f"A deck with id {deck.id} is already in the library. Replace it "
                            f"with {deck.title} ({counted(len(deck.cards), 'card')})? "
                            "Progress of cards whose ids are unchanged is kept.")
                replace = await self.app.push_screen_wait(
                    ConfirmScreen(question, "Replace", "Keep mine"))
                if not replace:
                    lines.append(Content(f"{deck.title} ({deck.id}): kept as it was; not imported"))
                    bar.advance(1)
                    continue
            left_out, notes = split_skips(loaded.skips_for(deck.id))
            history = loaded.history.get(deck.id)
            try:
                report, said = await asyncio.to_thread(
                    _import_one, library, deck, replace, left_out, history)
            except (StoreError, OSError) as error:
                lines.append(Content(f"{deck.title} ({deck.id}): not imported: {error}"))
            else:
                self.reports.append(report)
                lines.append(report_text(report))
                lines += [Content.assemble(("  note: ", "$text-muted"), Content(n)) for n in notes]
                if said:
                    lines.append(Content(f"  {said}"))
            bar.advance(1)
        self._done()
        self._say(Content("\n").join(lines) if lines else Content("The file holds no decks."))
