"""The deck editor: the cards in a fast list, found by text, kind and tag; edited in forms.

Operations go through quizapp.editing.DeckEditor (undo/redo, the model's rules); ctrl+s
writes the deck to the library (atomically, as the store does every write); leaving
with unsaved changes asks first. Deck text is shown as Content / rich Text only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Select, Static

from quizapp.bulk import collect_again, leave_out_of_collection
from quizapp.editing import (
    DeckEditor,
    blank_card,
    card_to_raw,
    filter_cards,
    new_card_id,
    search_text,
)
from quizapp.model import Card, Deck, DeckError
from quizapp.store import Library
from quizapp.ui.screens.card_form import CardFormScreen
from quizapp.ui.screens.confirm import ConfirmScreen, KindScreen, Leave, UnsavedScreen, kind_label
from quizapp.ui.screens.deck_form import DeckFormScreen
from quizapp.ui.typed_app import app_library, quiz_app
from quizapp.ui.widgets.card_view import CardView
from quizapp.ui.widgets.editor_list import CardList
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.title_bar import TitleBar
from quizapp.wording import counted


class EditorScreen(Screen[None]):
    # The footer keeps what is done most and fits 80 columns; the status line names [ ]
    # and the search box /; F1 and ctrl+p list every key.
    CSS_PATH = "editor.tcss"
    BINDINGS = [
        Binding("a", "add", "Add", id="editor.add"),
        Binding("e", "edit", "Edit", id="editor.edit"),
        Binding("d", "duplicate", "Duplicate", show=False, id="editor.duplicate"),
        Binding("delete,x", "delete", "Delete", id="editor.delete"),
        Binding("ctrl+up,left_square_bracket", "move(-1)", "Move up", show=False, id="editor.up"),
        Binding("ctrl+down,right_square_bracket", "move(1)", "Move down", show=False,
                id="editor.down"),
        Binding("m", "details", "Deck details", show=False, id="editor.details"),
        Binding("slash", "search", "Search", show=False, id="editor.search"),
        Binding("ctrl+z", "undo", "Undo", id="editor.undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="editor.redo"),
        Binding("ctrl+s", "save", "Save", priority=True, id="editor.save"),
        Binding("escape", "leave", "Back", id="editor.leave"),
    ]

    def __init__(self, deck: Deck, *, new: bool = False) -> None:
        super().__init__()
        self.editor = DeckEditor(deck, saved=not new)
        self._haystack: tuple[Deck, list[str]] | None = None
        self._filter_options: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
        # The kinds and sorted tags of the deck they were computed from: recomputed only
        # when the cards change (a new Deck), never on a search key.
        self._facets: tuple[Deck, tuple[str, ...], tuple[str, ...]] | None = None
        # The last search (deck, kind, tag, folded text, rows): typing on narrows it.
        self._found: tuple[Deck, str | None, str | None, str, list[int]] | None = None

    @property
    def library(self) -> Library:
        return app_library(self)

    @property
    def deck(self) -> Deck:
        return self.editor.deck

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="editor-filters"):
            yield Input(placeholder="search cards (/)", id="editor-search", compact=True)
            yield Select[str]([], prompt="any kind", id="editor-kind", compact=True)
            yield Select[str]([], prompt="any tag", id="editor-tag", compact=True)
        with Horizontal(id="editor-body"):
            yield CardList(self.deck, id="editor-cards")
            yield CardView(self.deck, id="editor-view")
        yield Static(id="editor-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = "Edit deck"
        self.refresh_list(0)
        self.query_one(CardList).focus()
        # The deck is held as long as the editor is open: out of the GC's full passes (a
        # 100k-card deck's took 200 ms of a key press), as the reviewer's (quizapp/bulk.py).
        leave_out_of_collection(self)

    def on_unmount(self) -> None:
        collect_again(self)

    # --- the list ------------------------------------------------------------------------

    def _search_texts(self) -> list[str]:
        if self._haystack is None or self._haystack[0] is not self.deck:
            self._haystack = (self.deck, [search_text(c) for c in self.deck.cards])
        return self._haystack[1]

    def _selected(self, widget_id: str) -> str | None:
        value = self.query_one(widget_id, Select).value
        return value if isinstance(value, str) else None

    def refresh_list(self, card_index: int | None = None) -> None:
        """Show the deck's cards that pass the filters, the cursor on `card_index`."""
        deck = self.deck
        self.title = deck.title
        self._update_filter_options()
        text = self.query_one("#editor-search", Input).value
        rows = self._filter(text, self._selected("#editor-kind"), self._selected("#editor-tag"))
        cards = self.query_one(CardList)
        cards.show(deck, rows, card_index if card_index is not None else cards.card_index)
        self.query_one(CardView).deck = deck
        self._show_card(cards.card)
        self._update_status()

    def _filter(self, text: str, kind: str | None, tag: str | None) -> list[int]:
        """The rows the filters pass. A search text that extends the last one (a key typed)
        can only match fewer cards: only the last search's rows are looked at again."""
        folded, last = text.casefold(), self._found
        within = None
        # `is`, not ==: comparing two decks by value would walk every card.
        same = last is not None and last[0] is self.deck and last[1:3] == (kind, tag)
        if same and last is not None and folded.startswith(last[3]):
            within = last[4]
        rows = filter_cards(
            self.deck,
            text,
            kind,
            tag,
            haystack=self._search_texts() if text.strip() else None,
            within=within,
        )
        self._found = (self.deck, kind, tag, folded, rows)
        return rows

    def _facet_values(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        deck = self.deck
        if self._facets is None or self._facets[0] is not deck:
            kinds = tuple(deck.kinds)
            tags = tuple(sorted({t for c in deck.cards for t in c.tags}, key=str.casefold))
            self._facets = (deck, kinds, tags)
        return self._facets[1], self._facets[2]

    def _update_filter_options(self) -> None:
        kinds, tags = self._facet_values()
        if (kinds, tags) == self._filter_options:
            return
        self._filter_options = (kinds, tags)
        for widget_id, values, label in (
            ("#editor-kind", kinds, kind_label),
            ("#editor-tag", tags, str),
        ):
            select = self.query_one(widget_id, Select)
            keep = select.value
            select.set_options((Content(label(v)), v) for v in values)
            if keep in values:
                select.value = keep

    def _update_status(self) -> None:
        cards = self.query_one(CardList)
        total = len(self.deck.cards)
        count = counted(total, "card")
        parts = [count if total else "no cards yet: a adds one"]
        if len(cards.rows) != total:
            parts.append(f"{len(cards.rows)} shown")
        parts.append("unsaved changes (ctrl+s saves)" if self.editor.dirty else "saved")
        parts.append("[ ] move · f1 all keys")
        self.query_one("#editor-status", Static).update(Content(" · ".join(parts)))

    def _show_card(self, card: Card | None) -> None:
        view = self.query_one(CardView)
        view.display = card is not None
        if card is not None:
            view.show(card)

    @on(CardList.Highlighted)
    def _highlighted(self, event: CardList.Highlighted) -> None:
        self._show_card(None if event.card_index is None else self.deck.cards[event.card_index])

    @on(CardList.Selected)
    def _selected_card(self, event: CardList.Selected) -> None:
        self._open_form(event.card_index)

    @on(Input.Changed, "#editor-search")
    @on(Select.Changed)
    def _filters_changed(self) -> None:
        self.refresh_list()

    @on(Input.Submitted, "#editor-search")
    def _search_done(self) -> None:
        self.query_one(CardList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "duplicate", "delete", "move"):
            return True if self.query_one(CardList).card_index is not None else None
        if action == "undo":
            return True if self.editor.can_undo else None
        if action == "redo":
            return True if self.editor.can_redo else None
        return True

    # --- changes -------------------------------------------------------------------------

    def _apply(self, change: Any, *args: Any) -> Any:
        """Run a DeckEditor operation; a refusal is said, never raised."""
        try:
            result = change(*args)
        except DeckError as error:
            self.notify(str(error), title="Not changed", severity="error", markup=False)
            return None
        self.refresh_bindings()
        return result

    def action_add(self) -> None:
        def picked(kind: str | None) -> None:
            if kind is not None:
                card_id = new_card_id(self.deck, kind.replace("_", "-"))
                self._open_form(None, blank_card(kind, card_id))

        self.app.push_screen(KindScreen(), picked)

    def action_edit(self) -> None:
        index = self.query_one(CardList).card_index
        if index is not None:
            self._open_form(index)

    def _open_form(self, index: int | None, raw: dict[str, Any] | None = None) -> None:
        if raw is None:
            assert index is not None
            raw = card_to_raw(self.deck.cards[index])

        def done(card: Card | None) -> None:
            if card is None:
                return
            if index is None:
                at = self._apply(self.editor.add, card)
                what = f"Added card {card.id}."
            else:
                at = self._apply(self.editor.replace, index, card)
                what = f"Changed card {card.id}."
            if at is not None:
                self._clear_filters_to_show(at)
                self.save(what)

        self.app.push_screen(CardFormScreen(self.deck, raw, index), done)

    def _clear_filters_to_show(self, index: int) -> None:
        self.refresh_list(index)
        if self.query_one(CardList).card_index != index:
            self.query_one("#editor-search", Input).value = ""
            self.query_one("#editor-kind", Select).clear()
            self.query_one("#editor-tag", Select).clear()
            self.refresh_list(index)

    def action_duplicate(self) -> None:
        index = self.query_one(CardList).card_index
        if index is not None:
            at = self._apply(self.editor.duplicate, index)
            if at is not None:
                self._clear_filters_to_show(at)
                self.notify(f"Duplicated as {self.deck.cards[at].id}.", markup=False)

    def action_delete(self) -> None:
        index = self.query_one(CardList).card_index
        if index is None:
            return
        card = self.deck.cards[index]

        def answered(yes: bool | None) -> None:
            if yes and self._apply(self.editor.delete, index) is not None:
                self.refresh_list(min(index, len(self.deck.cards) - 1))
                self.notify(f"Deleted card {card.id} (ctrl+z brings it back).", markup=False)

        prompt = f"Delete card {card.id}?\n{' '.join(card.prompt.split())[:200]}"
        self.app.push_screen(ConfirmScreen(prompt, "Delete", "Keep"), answered)

    def action_move(self, step: int) -> None:
        index = self.query_one(CardList).card_index
        if index is not None:
            to = self._apply(self.editor.move, index, step)
            if to is not None:
                self.refresh_list(to)

    def action_details(self) -> None:
        def done(raw: dict[str, Any] | None) -> None:
            if raw is not None and self._apply(self.editor.edit_deck, raw) is not None:
                self.refresh_list()

        self.app.push_screen(DeckFormScreen(self.deck), done)

    def action_search(self) -> None:
        self.query_one("#editor-search", Input).focus()

    def action_undo(self) -> None:
        what = self.editor.undo()
        if what is not None:
            self.refresh_list()
            self.refresh_bindings()
            self.notify(f"Undid: {what}.", markup=False)

    def action_redo(self) -> None:
        what = self.editor.redo()
        if what is not None:
            self.refresh_list()
            self.refresh_bindings()
            self.notify(f"Redid: {what}.", markup=False)

    # --- saving and leaving --------------------------------------------------------------

    def save(self, what: str = "", then: Callable[[], object] | None = None) -> None:
        """Write the deck to the library in a thread worker (a big deck takes a while),
        then say so and call `then`; why not, if it fails, is said by the app's one worker
        error handler (quizapp/ui/workers.py), and the deck stays unsaved."""
        deck, library = self.deck, self.library

        def saved(_: None) -> None:
            # The deck that was written: edits made while it was being written stay unsaved.
            self.editor.mark_saved(deck)
            self._update_status()
            self.notify(f"{what} Saved {deck.title}.".strip(), markup=False)
            if then is not None:
                then()

        quiz_app(self).blocking.run(
            lambda: library.save_deck(deck), saved,
            failed=f"Not saved: {deck.title}", name="save-deck",
        )

    def action_save(self) -> None:
        self.save()

    def action_leave(self) -> None:
        search = self.query_one("#editor-search", Input)
        if search.has_focus:
            self.query_one(CardList).focus()
            return
        if not self.editor.dirty:
            self.dismiss(None)
            return

        def answered(choice: Leave | None) -> None:
            if choice == "discard":
                self.dismiss(None)
            elif choice == "save":
                self.save(then=lambda: self.dismiss(None))

        self.app.push_screen(UnsavedScreen(f"The deck {self.deck.title}"), answered)
