"""The editor's card list: a ScrollView that draws only the lines on screen.

DataTable takes ~1 s to fill with 10k rows and OptionList ~0.2 s (measured here);
this list keeps the rows as a Python list of card indexes and renders the visible
lines, so filling, filtering and reordering a 10k-card deck costs only the filter.
Card text is shown as rich Text (never parsed as markup).
"""

from __future__ import annotations

from typing import Unpack

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from quizapp.model import Card, Deck
from quizapp.ui.widgets.args import WidgetArgs


def one_line(text: str) -> str:
    return " ".join(text.split())


class CardList(ScrollView, can_focus=True):
    """Rows of cards (one per visible card index), with a cursor."""

    COMPONENT_CLASSES = {"card-list--cursor", "card-list--kind", "card-list--dim"}
    DEFAULT_CSS = """
    CardList { height: 1fr; background: $surface; }
    CardList > .card-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    CardList:blur > .card-list--cursor {
        background: $block-cursor-blurred-background; text-style: none;
    }
    CardList > .card-list--kind { color: $accent; }
    CardList > .card-list--dim { color: $text-muted; }
    """
    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False, id="cards.up"),
        Binding("down", "cursor(1)", "Down", show=False, id="cards.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="cards.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="cards.page_down"),
        Binding("home", "jump(0)", "First card", show=False, id="cards.first"),
        Binding("end", "jump(-1)", "Last card", show=False, id="cards.last"),
        Binding("enter", "select", "Edit", show=False, id="cards.edit"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        def __init__(self, card_index: int | None) -> None:
            super().__init__()
            self.card_index = card_index

    class Selected(Message):
        def __init__(self, card_index: int) -> None:
            super().__init__()
            self.card_index = card_index

    def __init__(self, deck: Deck, **kwargs: Unpack[WidgetArgs]) -> None:
        super().__init__(**kwargs)
        self.deck = deck
        self.rows: list[int] = list(range(len(deck.cards)))

    # --- content -------------------------------------------------------------------------

    def show(self, deck: Deck, rows: list[int], card_index: int | None = None) -> None:
        """Show `rows` (card indexes of `deck`); keep the cursor on `card_index` if shown."""
        self.deck, self.rows = deck, rows
        self.virtual_size = Size(self.size.width, len(rows))
        at = self.rows.index(card_index) if card_index in rows else min(self.cursor, len(rows) - 1)
        self.cursor = max(at, 0)
        self.refresh()

    @property
    def card_index(self) -> int | None:
        """The index in the deck of the card under the cursor."""
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    @property
    def card(self) -> Card | None:
        index = self.card_index
        return None if index is None else self.deck.cards[index]

    # --- drawing -------------------------------------------------------------------------

    def _text(self, row: int) -> Text:
        index = self.rows[row]
        card = self.deck.cards[index]
        kind, dim = self._color("card-list--kind"), self._color("card-list--dim")
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(f"{index + 1:>5} ", dim)
        text.append(f"{card.kind.replace('_', ' '):<15} ", kind)
        text.append(one_line(card.prompt))
        if card.tags:
            text.append(f"  #{' #'.join(card.tags)}", dim)
        return text

    def _color(self, name: str) -> Style:
        # Only the colour (blended, as $text-muted has alpha): the row's background shows.
        return Style(color=self.get_component_rich_style(name).color)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = y + scroll_y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if row >= len(self.rows):
            return Strip.blank(width, base)
        text = self._text(row)
        style = base
        if row == self.cursor:
            style = base + self.get_component_rich_style("card-list--cursor")
        text.style = style
        text.truncate(max(width + scroll_x, 1), overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console))
        return Strip(segments).crop(scroll_x, scroll_x + width).extend_cell_length(width, base)

    # --- cursor --------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        if self.rows:
            self.scroll_to_region_row(new)
        self.refresh()
        self.post_message(self.Highlighted(self.card_index))

    def scroll_to_region_row(self, row: int) -> None:
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif height and row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_page(self, step: int) -> None:
        self.cursor += step * max(self.scrollable_content_region.height - 1, 1)

    def action_jump(self, row: int) -> None:
        self.cursor = row if row >= 0 else len(self.rows) - 1

    def action_select(self) -> None:
        if self.card_index is not None:
            self.post_message(self.Selected(self.card_index))

    def on_click(self, event: events.Click) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < len(self.rows):
            if row == self.cursor and event.chain == 2:
                self.action_select()
            self.cursor = row

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.rows))
