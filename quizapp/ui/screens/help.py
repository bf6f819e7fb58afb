"""The help screen: every key of the screen you came from, and what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

INTRO = """quizapp: quizzes and flashcards in the terminal.

Keys work everywhere the footer shows them; the mouse works too.
ctrl+q quits, ctrl+p opens the command palette, f1 shows this help, escape goes back."""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close", id="help.close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        lines = [INTRO, "", *(f"  {key:<14} {what}" for key, what in self.keys)]
        with VerticalScroll():
            yield Static(Content("\n".join(lines)))
