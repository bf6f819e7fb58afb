"""The command palette (ctrl+p): the app's commands, for each deck by name.

On the home screen, "Study Biology" highlights that deck's row and runs the home screen's
own action, so a command does exactly what its key does (one way to open each screen).
Elsewhere (a study session, the editor) the screen's own flow comes first: leaving it from
the palette would skip its summary or its unsaved-changes question, so only Textual's own
commands are offered there. Deck titles are untrusted, and Textual's own
`Matcher.highlight` parses its candidate as markup: the hits are highlighted here, on
plain Content.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.style import Style
from textual.widgets import DataTable

from quizapp.store import DeckSummary
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.typed_app import app_library


@dataclass(frozen=True)
class DeckCommand:
    verb: str  # shown before the deck's title
    action: str  # HomeScreen.action_<action>
    help: str


DECK_COMMANDS = (
    DeckCommand("Study", "study", "Review the cards due today (s)"),
    DeckCommand("Quiz", "quiz", "Take a timed quiz (q)"),
    DeckCommand("Browse", "open_deck", "Every card and its schedule (b, enter)"),
    DeckCommand("Edit", "edit", "Change, add or remove cards (e)"),
    DeckCommand("Progress", "progress", "Reviews, retention and the forecast (p)"),
    DeckCommand("Settings", "settings", "Study settings of the deck (,)"),
)

#: Commands of the command line only: the palette says how to run them, with the deck's id.
CLI_COMMANDS = (
    ("Export", "export {id} FILE  (.toml .md .csv .apkg .gift ...)"),
    ("Host a live quiz on", "host {id}  (students join from a browser)"),
)

APP_COMMANDS = (
    ("Import a deck file", "import_file", "Anki, Quizlet, Moodle, Kahoot, GIFT, CSV ... (i)"),
    ("New deck", "new_deck", "Start an empty deck in the editor (n)"),
)


class QuizCommands(Provider):
    """The home screen's commands, and each deck's by its title."""

    async def startup(self) -> None:
        library = app_library(self.app)
        # The summaries are small files, but still the disk: off the UI thread.
        self._decks: list[DeckSummary] = await asyncio.to_thread(library.summaries)

    def _home(self) -> HomeScreen | None:
        return self.screen if isinstance(self.screen, HomeScreen) else None

    def _entries(self, decks: list[DeckSummary]) -> list[tuple[str, str, partial[None]]]:
        """(text, help, what it does) for every command on these decks."""
        entries = [(text, help, partial(self._run, None, action)) for text, action, help in
                   APP_COMMANDS]
        for deck in decks:
            entries.append((deck.title, f"Highlight this deck ({deck.id})",
                            partial(self._run, deck.id, None)))
            for command in DECK_COMMANDS:
                entries.append((f"{command.verb} {deck.title}", command.help,
                                partial(self._run, deck.id, command.action)))
            for verb, usage in CLI_COMMANDS:
                line = f"quizapp {usage.format(id=deck.id)}"
                entries.append((f"{verb} {deck.title}", f"In a terminal: {line}",
                                partial(self._say, line)))
        return entries

    async def discover(self) -> Hits:
        home = self._home()
        if home is None:
            return
        highlighted = home.selected()
        for text, help, command in self._entries([highlighted] if highlighted else []):
            yield DiscoveryHit(Content(text), command, text=text, help=help)

    async def search(self, query: str) -> Hits:
        if self._home() is None:
            return
        matcher = self.matcher(query)
        for text, help, command in self._entries(self._decks):
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, highlight(matcher, text), command, text=text, help=help)

    def _run(self, deck_id: str | None, action: str | None) -> None:
        home = self._home()
        if home is None:
            return
        if deck_id is not None:
            table = home.query_one("#decks", DataTable)
            if deck_id not in table.rows:
                return  # removed since the palette opened
            table.move_cursor(row=table.get_row_index(deck_id))
        if action is not None:
            getattr(home, f"action_{action}")()

    def _say(self, command_line: str) -> None:
        self.app.notify(f"Run in a terminal:\n{command_line}", title="Command line",
                        markup=False, timeout=15)


def highlight(matcher: Matcher, text: str) -> Content:
    """`text` as plain Content, its matched letters reversed (as Textual's own highlight)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(Style(reverse=True), offset, offset + 1)
    return content
