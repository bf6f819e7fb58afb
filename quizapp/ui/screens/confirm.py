"""Small modal questions with typed answers: yes/no, save/discard/stay, which kind.

Each is a ModalScreen[T] dismissed with its answer (posting's confirmation pattern).
Messages may quote deck text (a card id, a title): shown as Content, never markup.
"""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static

from quizapp.kinds import label
from quizapp.model import KINDS


class ConfirmScreen(ModalScreen[bool]):
    """Asks a yes/no question; y / n / escape answer it from the keyboard."""

    CSS_PATH = "confirm.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
        Binding("left,right", "app.focus_next", show=False, id="confirm.switch"),
    ]

    def __init__(self, message: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.message, self.yes, self.no = message, yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.message), id="confirm-message")
            with Horizontal(classes="modal-buttons"):
                yield Button(Content(f"{self.yes} (y)"), id="confirm-yes", variant="error")
                yield Button(Content(f"{self.no} (n)"), id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()  # the safe answer under enter

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")


Leave = Literal["save", "discard", "stay"]
#: Each button's answer, by the button's id (an id is any str; the answer is a Leave).
_LEAVES: dict[str | None, Leave] = {"save": "save", "discard": "discard", "stay": "stay"}


class UnsavedScreen(ModalScreen[Leave]):
    """Leaving with unsaved changes: save them, discard them, or stay."""

    CSS_PATH = "confirm.tcss"
    BINDINGS = [
        Binding("s", "answer('save')", "Save", id="unsaved.save"),
        Binding("d", "answer('discard')", "Discard", id="unsaved.discard"),
        Binding("escape,c", "answer('stay')", "Stay", id="unsaved.stay"),
    ]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(f"{self.what} has unsaved changes."))
            with Horizontal(classes="modal-buttons"):
                yield Button("Save (s)", id="save", variant="primary")
                yield Button("Discard (d)", id="discard", variant="error")
                yield Button("Stay (c)", id="stay")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    def action_answer(self, answer: Leave) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(_LEAVES[event.button.id])


def kind_label(kind: str) -> str:
    """A kind in words (quizapp.kinds, the one table); kept for the editor's imports."""
    return label(kind)


class KindScreen(ModalScreen[str | None]):
    """Which kind of card to add; enter picks, escape cancels."""

    CSS_PATH = "confirm.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="kind.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Add a card of which kind?")
            yield OptionList(*(kind_label(k) for k in KINDS), id="kind-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(KINDS[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
