"""The student's first screen: the game PIN and a name, and the host's answer beside them.

A refusal from the host (wrong PIN, name taken, locked lobby...) is shown as the host
worded it, as plain text, under the form; the student fixes it and tries again. Once
in, the game screen takes over with the connected client.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Static
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from quizapp.classroom.client import ClassroomClient, JoinRefused
from quizapp.classroom.players import MAX_NAME
from quizapp.ui.screens.join_play import JoinPlayScreen
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.title_bar import TitleBar

ClientFactory = Callable[[str], ClassroomClient]


class JoinFormScreen(Screen[None]):
    CSS_PATH = "join_form.tcss"
    BINDINGS = [Binding("ctrl+j", "join", "Join", id="join.join")]

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
        self.pin = pin or ""
        self.name_given = name or ""
        self.client_factory = client_factory
        self.joining = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="join-form"):
            yield Static(Content.from_markup("Join the quiz at [b]$a[/b]", a=self.address))
            yield Static("Game PIN (on the teacher's screen)")
            yield Input(self.pin, placeholder="123456", id="join-pin", restrict=r"[0-9 ]*",
                        max_length=16)  # fmt: skip
            yield Static(f"Your name (up to {MAX_NAME} characters)")
            yield Input(self.name_given, placeholder="name", id="join-name", max_length=MAX_NAME)
            yield Button("Join", id="join-button", variant="primary")
            yield Static(id="join-error")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Live quiz"
        if self.app.is_headless:  # no blinking cursor in tests and snapshots
            for field in self.query(Input):
                field.cursor_blink = False
        self.query_one("#join-pin" if not self.pin else "#join-name", Input).focus()
        if self.pin and self.name_given:
            self.action_join()

    def show_error(self, message: str) -> None:
        self.query_one("#join-error", Static).update(Content(message))

    @on(Input.Submitted, "#join-pin")
    def _pin_entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#join-name", Input).focus()

    @on(Input.Submitted, "#join-name")
    @on(Button.Pressed, "#join-button")
    def _go(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        self.action_join()

    def action_join(self) -> None:
        if self.joining:
            return
        pin = self.query_one("#join-pin", Input).value.strip()
        name = self.query_one("#join-name", Input).value
        if not pin:
            self.show_error("Type the PIN shown on the teacher's screen.")
            return
        if not name.strip():
            self.show_error("Type your name.")
            return
        self.joining = True
        self.show_error("Joining…")
        self.run_worker(self._join(pin, name), exclusive=True, group="join")

    async def _join(self, pin: str, name: str) -> None:
        try:
            client = self.client_factory(self.address)
        except ValueError as error:
            self.joining = False
            self.show_error(str(error))
            return
        try:
            welcome = await client.join(pin, name)
        except JoinRefused as error:
            await client.close()
            self.show_error(error.message)
        except (OSError, TimeoutError, InvalidURI, InvalidHandshake, ConnectionClosed) as error:
            await client.close()
            self.show_error(
                f"Cannot reach a quiz at {self.address} ({error}). "
                "Check the address on the teacher's screen."
            )
        else:
            self.show_error("")
            await self.app.push_screen(JoinPlayScreen(client, welcome))
        finally:
            self.joining = False
