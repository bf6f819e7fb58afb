"""The deck's own details (title, description, tags, sources), and starting a new deck.

Both forms ask the model (quizapp.editing.check_deck_fields / parse_deck) what is
wrong as you type and show it by the field; nothing invalid leaves the form.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static, TextArea

from quizapp.editing import check_deck_fields, form_field, unique_id
from quizapp.model import Deck, DeckError, Problem, parse_deck
from quizapp.ui.navigation import EditNewDeck
from quizapp.ui.typed_app import app_library
from quizapp.ui.widgets.editor_fields import FieldError, ItemList, error_id, labelled
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.title_bar import TitleBar

SOURCE_FIELDS = ("id", "title", "outlet", "date", "url")


def _show(screen: Screen[Any], problems: list[Problem], status: Static) -> None:
    """Each problem under its field (list items numbered); the rest in the status line."""
    shown: dict[str, list[str]] = {}
    general: list[str] = []
    for p in problems:
        name, item = form_field(p.field)
        if p.card is not None:  # a card cites a source that is gone
            name, message = "sources", f"card {p.card}: {p.message}"
        else:
            message = f"#{item + 1}{_part(p.field)}: {p.message}" if item is not None else p.message
        if name and screen.query(f"#{error_id(name)}"):
            shown.setdefault(error_id(name), []).append(message)
        else:
            general.append(str(p))
    for error in screen.query(FieldError):
        error.show_problems(shown.get(error.id or "", []))
    if problems:
        status.update(Content("\n".join(["✗ fix the fields marked ✗ to save", *general])))
    else:
        status.update(Content("✓ ready: ctrl+s keeps these details"))
    status.set_class(bool(problems), "-bad")


def _part(field: str | None) -> str:
    """'sources[0].title' -> ' title' (which part of a listed source is wrong)."""
    tail = (field or "").partition("].")[2]
    return f" {tail}" if tail else ""


class DeckFormScreen(Screen[dict[str, Any] | None]):
    """Edit a deck's details; dismissed with the raw fields for DeckEditor.edit_deck."""

    CSS_PATH = "deck_form.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Keep", priority=True, id="deckform.save"),
        Binding("escape", "cancel", "Cancel", id="deckform.cancel"),
    ]

    def __init__(self, deck: Deck) -> None:
        super().__init__()
        self.deck = deck
        self.problems: list[Problem] = []
        self._built = False

    def compose(self) -> ComposeResult:
        deck = self.deck
        yield TitleBar()
        with VerticalScroll(id="deck-form"):
            yield Static(Content(f"Deck {deck.id}: its details"), id="deck-form-title")
            yield from labelled("title", "Title", Input(deck.title, id="d-title", compact=True))
            yield from labelled("description", "Description", TextArea(
                deck.description, id="d-description", compact=True, tab_behavior="focus"))
            yield from labelled("tags", "Tags", Input(", ".join(deck.tags), id="d-tags",
                                                      compact=True), "separated by commas")
            rows = [[getattr(s, f) for f in SOURCE_FIELDS] for s in deck.sources]
            sources = ItemList(rows, id="d-sources", placeholders=SOURCE_FIELDS, minimum=0,
                               maximum=50, noun="source")
            yield from labelled("sources", "Sources", sources, "id, title, outlet, date, url")
        yield Static(id="deck-status")
        yield KeysFooter()

    def raw(self) -> dict[str, Any]:
        tags = self.query_one("#d-tags", Input).value.split(",")
        rows = self.query_one("#d-sources", ItemList).rows()
        return {
            "title": self.query_one("#d-title", Input).value,
            "description": self.query_one("#d-description", TextArea).text,
            "tags": [t.strip() for t in tags if t.strip()],
            "sources": [
                {f: v.strip() for f, v in zip(SOURCE_FIELDS, row, strict=True) if v.strip()}
                for row in rows
            ],
        }

    def on_mount(self) -> None:
        self.title, self.sub_title = self.deck.title, "Deck details"
        self._built = True
        self.check()
        self.query_one("#d-title").focus()

    def check(self) -> list[Problem]:
        self.problems = check_deck_fields(self.raw(), self.deck)
        _show(self, self.problems, self.query_one("#deck-status", Static))
        return self.problems

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(ItemList.Changed)
    def _changed(self) -> None:
        if self._built:
            self.check()

    def action_save(self) -> None:
        if self.check():
            self.notify(f"Not kept: {self.problems[0]}", title="Deck", severity="error",
                        markup=False)
            return
        self.dismiss(self.raw())

    def action_cancel(self) -> None:
        self.dismiss(None)


class NewDeckScreen(ModalScreen[None]):
    """Ask a new deck's title; its id is made from it; then open the editor on it."""

    CSS_PATH = "deck_form.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="newdeck.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("New deck: its title")
            yield Input(placeholder="e.g. Russia and the Sahel", id="new-title")
            yield FieldError(id=error_id("title"))
            yield Static(id="new-id")

    def on_mount(self) -> None:
        self._update()

    def deck(self) -> Deck:
        """The new deck the title makes (DeckError if it cannot be one)."""
        library = app_library(self)
        title = self.query_one("#new-title", Input).value
        taken = [s.id for s in library.summaries()]
        return parse_deck({"id": unique_id(title, taken, fallback="deck"), "title": title})

    @on(Input.Changed)
    def _update(self) -> None:
        error = self.query_one(FieldError)
        try:
            deck = self.deck()
        except DeckError as problem:
            error.show_problems([p.message for p in problem.problems])
            self.query_one("#new-id", Static).update("")
            return
        error.show_problems([])
        self.query_one("#new-id", Static).update(Content(f"id: {deck.id} · enter creates it"))

    @on(Input.Submitted)
    def _create(self) -> None:
        try:
            deck = self.deck()
        except DeckError:
            return
        self.post_message(EditNewDeck(deck))

    def action_cancel(self) -> None:
        self.dismiss(None)
