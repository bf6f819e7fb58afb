"""The help screen: every key of the screen you came from, and what it does.

The screen's own keys come first (in the reviewer: undo, suspend, bury, mark, edit, end),
then those of the widget in focus, then the app's; the text-editing keys of a text box
(some 35 of them, each what any text box does) are left out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static, TextArea

INTRO = """quizapp: quizzes and flashcards in the terminal.

Keys work everywhere the footer shows them; the mouse works too.
ctrl+q quits, ctrl+p opens the command palette, f1 shows this help, escape goes back."""


#: What any text box does (move, select, delete, copy): the same everywhere, not listed.
_TEXT_EDITING = frozenset(b.action for b in (*Input.BINDINGS, *TextArea.BINDINGS)
                          if isinstance(b, Binding))


def help_keys(screen: Screen[Any], display: Callable[[Binding], str]) -> list[tuple[str, str]]:
    """(keys, what they do) for `screen` now: its own first (even those a focused text box
    takes until escape leaves it), then the focused widgets', then the app's; the keys
    doing one thing on one line ("u / ctrl+z")."""
    groups: tuple[dict[tuple[int, str], list[str]], ...] = ({}, {}, {})

    def add(group: int, node: object, binding: Binding) -> None:
        editing = isinstance(node, Input | TextArea) and binding.action in _TEXT_EDITING
        if binding.description and not editing:
            keys = groups[group].setdefault((id(node), binding.description), [])
            if display(binding) not in keys:
                keys.append(display(binding))

    for binding in Binding.make_bindings(type(screen).BINDINGS):
        _, action, parameters = parse(binding.action)
        if screen.check_action(action, parameters) is not False:
            add(0, screen, binding)
    for active in screen.active_bindings.values():
        if active.node is not screen:
            add(2 if active.node is screen.app else 1, active.node, active.binding)
    return [(" / ".join(keys), what) for group in groups for (_, what), keys in group.items()]


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close", id="help.close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        lines = [INTRO, "", *(f"  {key:<16} {what}" for key, what in self.keys)]
        with VerticalScroll():
            yield Static(Content("\n".join(lines)))
