"""The Textual app: a thin shell over the core. Screens call the library; nothing else does."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker

from quizapp.shuffle import SeedSource, new_seed
from quizapp.store import Library
from quizapp.ui.keymap import install_keymap
from quizapp.ui.navigation import EditNewDeck, ShowQuizResults, StartQuiz
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.theme_store import install_theme
from quizapp.ui.workers import BlockingWork

if TYPE_CHECKING:
    from textual.command import Provider


def _quiz_commands() -> type[Provider]:
    """The palette's provider (quizapp.ui.commands), imported on the first ctrl+p: Textual
    takes a function for a provider so that start-up does not load it."""
    from quizapp.ui.commands import QuizCommands

    return QuizCommands


#: A screen the app opens on instead of home (the reviewer, the editor, a quiz): named
#: here so that the command line can type it without importing Textual itself.
OpenScreen: TypeAlias = Screen[Any]


class QuizApp(App[None]):
    # Each screen brings its own .tcss (its CSS_PATH), which Textual reads when the screen
    # first opens, so a start parses the home screen's rules and not all of them. Textual
    # reads no CSS_PATH of a default screen (get_default_screen), so the app names home's.
    CSS_PATH = Path(__file__).parent / "screens" / "home.tcss"  # absolute: apps are subclassed
    TITLE = "quizapp"
    COMMANDS = App.COMMANDS | {_quiz_commands}  # ctrl+p: the app's commands
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
        Binding("f1", "help", "Help", id="help"),
    ]

    def __init__(
        self,
        library: Library,
        *,
        open_screen: OpenScreen | None = None,
        seeds: SeedSource = new_seed,
    ) -> None:
        super().__init__()
        self._library = library
        #: Blocking I/O (deck loads, saves) in thread workers; their errors reported once.
        self._blocking = BlockingWork(self)
        self._open_screen = open_screen
        self._lrs: Any = None
        #: One seed per showing of a card: the order its choices are shown in (quizapp.shuffle).
        self.seeds = seeds

    @property
    def library(self) -> Library:
        """The library every screen reads and writes (typed: see quizapp/ui/typed_app.py)."""
        return self._library

    @property
    def blocking(self) -> BlockingWork:
        return self._blocking

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one handler of the app's workers: results go on, failures are shown and logged."""
        self._blocking.state_changed(event)

    def get_default_screen(self) -> Screen[Any]:
        return HomeScreen()

    def on_mount(self) -> None:
        install_keymap(self)  # the user's keymap.toml (quizapp.ui.keymap)
        install_theme(self)  # the theme chosen last time, and saved when changed
        if self._open_screen is not None:
            self.push_screen(self._open_screen)
        # After the first frame: start-up paints before it reads the LRS settings.
        self.call_after_refresh(self._start_lrs)

    def _start_lrs(self) -> None:
        # Results to the school's LRS, if turned on: a thread; library access comes back here.
        from quizapp.xapi.worker import start_background

        self._lrs = start_background(self.library, self.call_from_thread, self._lrs_status)

    def _lrs_status(self, text: str) -> None:
        # From the sender's thread; the text holds the LRS's own words: no markup.
        self.call_from_thread(self.notify, text, severity="warning", markup=False)

    def on_unmount(self) -> None:
        if self._lrs is not None:
            self._lrs.stop(timeout=1.0)

    @on(StartQuiz)
    def _start_quiz(self, message: StartQuiz) -> None:
        from quizapp.ui.screens.quiz_question import QuizQuestionScreen

        self.switch_screen(QuizQuestionScreen(message.quiz, clock=message.clock, now=message.now))

    @on(ShowQuizResults)
    def _show_quiz_results(self, message: ShowQuizResults) -> None:
        from quizapp.ui.screens.quiz_results import QuizResultsScreen

        self.switch_screen(
            QuizResultsScreen(message.deck, message.attempt, clock=message.clock, now=message.now)
        )

    @on(EditNewDeck)
    def _edit_new_deck(self, message: EditNewDeck) -> None:
        from quizapp.ui.screens.editor import EditorScreen

        self.switch_screen(EditorScreen(message.deck, new=True))

    def action_help(self) -> None:
        from quizapp.ui.screens.help import HelpScreen, help_keys

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_keys(self.screen, self.get_key_display)))
