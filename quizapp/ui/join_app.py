"""`quizapp join` in Textual: a small app of its own that needs no library.

A student's machine may have no quizapp library (and must not get one created just
to play), so this is not QuizApp: it opens on the join form and knows only the
host's address. Its screens bring their own CSS, as in the main app, so both look alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from quizapp.classroom.client import ClassroomClient
from quizapp.ui.keymap import install_keymap
from quizapp.ui.screens.join_form import ClientFactory, JoinFormScreen
from quizapp.ui.theme_store import install_theme


class JoinApp(App[None]):
    CSS_PATH = Path(__file__).parent / "screens" / "join_form.tcss"  # see QuizApp.CSS_PATH
    TITLE = "quizapp"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True, id="quit")]

    def __init__(
        self,
        address: str,
        *,
        pin: str | None = None,
        name: str | None = None,
        client_factory: ClientFactory = ClassroomClient,
    ) -> None:
        super().__init__()
        self.address = address
        self.pin = pin
        self.player_name = name
        self.client_factory = client_factory

    def get_default_screen(self) -> Screen[Any]:
        return JoinFormScreen(
            self.address, pin=self.pin, name=self.player_name, client_factory=self.client_factory
        )

    def on_mount(self) -> None:
        # The student's own keys and theme apply here too (the config dir, not a library).
        install_keymap(self)
        install_theme(self)
