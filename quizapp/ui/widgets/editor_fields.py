"""Form pieces for the card editor: a labelled field with its error, and editable lists.

`ItemList` edits choices (with a "right" toggle each), accepted answers, ordering
items (with move up/down) and matching pairs (two inputs a row). Structural changes
(add, remove, move) post `ItemList.Changed`; typing posts Input.Changed as usual, so
the form revalidates on either. Inputs and Checkbox labels hold deck text safely.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Static

from quizapp.ui.widgets.marked import MarkedCheckbox


def error_id(key: str) -> str:
    return "err-" + key.replace(".", "-").replace("_", "-")


class FieldError(Static):
    """The problem(s) with one field, shown under it; hidden when there are none."""

    DEFAULT_CSS = """
    FieldError { color: $text-error; display: none; padding: 0 0 0 1; }
    FieldError.-shown { display: block; }
    """

    def show_problems(self, messages: list[str]) -> None:
        self.update(Content("\n".join(f"✗ {m}" for m in messages)))
        self.set_class(bool(messages), "-shown")


def labelled(key: str, label: str, widget: Widget, hint: str = "") -> list[Widget]:
    """A field's label, its widget and its error line (found as #err-<key>)."""
    text = Content.assemble((label, "bold"), (f"  {hint}" if hint else "", "dim"))
    return [Static(text, classes="field-label"), widget, FieldError(id=error_id(key))]


Row = list[str]


class ItemList(Vertical):
    """A list of one- or two-column rows of text, with add/remove and optional extras."""

    DEFAULT_CSS = """
    ItemList { height: auto; }
    ItemList > Horizontal { height: auto; }
    ItemList Input { width: 1fr; }
    ItemList Checkbox { width: auto; }
    ItemList Button { min-width: 3; width: auto; }
    ItemList .item-add { margin-left: 1; }
    """

    class Changed(Message):
        def __init__(self, items: ItemList) -> None:
            super().__init__()
            self.items = items

        @property
        def control(self) -> ItemList:
            return self.items

    def __init__(
        self,
        rows: list[Row],
        *,
        id: str,
        rights: list[bool] | None = None,
        single_right: bool = False,
        movable: bool = False,
        placeholders: tuple[str, ...] = ("item",),
        minimum: int = 1,
        maximum: int = 12,
        noun: str = "",
    ) -> None:
        super().__init__(id=id)
        self._rows = [list(r) for r in rows]
        self._rights = list(rights) if rights is not None else None
        self.single_right = single_right
        self.movable = movable
        self.placeholders = placeholders
        self.minimum, self.maximum = minimum, maximum
        self.noun = noun or placeholders[0]

    # --- reading -------------------------------------------------------------------------

    def rows(self) -> list[Row]:
        """The rows as typed now (empty ones included: the model says what is wrong)."""
        columns = len(self.placeholders)
        count = len(self._rows)
        return [
            [self.query_one(f"#{self.id}-{i}-{c}", Input).value for c in range(columns)]
            for i in range(count)
        ]

    def values(self) -> list[str]:
        return [row[0] for row in self.rows()]

    def rights(self) -> list[bool]:
        if self._rights is None:
            return []
        return [
            self.query_one(f"#{self.id}-{i}-right", Checkbox).value for i in range(len(self._rows))
        ]

    # --- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        for i, row in enumerate(self._rows):
            with Horizontal(classes="item-row"):
                if self._rights is not None:
                    yield MarkedCheckbox(  # ✓ or blank: the tick is not colour alone
                        "right", self._rights[i], words=("right", "wrong"),
                        id=f"{self.id}-{i}-right", compact=True,
                    )
                for c, placeholder in enumerate(self.placeholders):
                    yield Input(
                        row[c],
                        placeholder=f"{placeholder} {i + 1}",
                        id=f"{self.id}-{i}-{c}",
                        compact=True,
                    )
                if self.movable:
                    yield Button("↑", id=f"{self.id}-{i}-up", compact=True, tooltip="Move up")
                    yield Button("↓", id=f"{self.id}-{i}-down", compact=True, tooltip="Move down")
                yield Button("✕", id=f"{self.id}-{i}-del", compact=True, tooltip="Remove")
        yield Button(
            f"+ add {self.noun}", id=f"{self.id}-add", classes="item-add", compact=True
        )

    def _sync(self) -> None:
        self._rows = self.rows()
        if self._rights is not None:
            self._rights = self.rights()

    async def _rebuild(self, focus: str | None) -> None:
        for button in self.query(Button):
            button.disabled = True  # no second press while the rows are rebuilt
        await self.recompose()
        self._update_buttons()
        if focus is not None:
            self.query_one(focus).focus()
        self.post_message(self.Changed(self))

    def on_mount(self) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        count = len(self._rows)
        for button in self.query(Button):
            name = (button.id or "").rsplit("-", 1)[-1]
            if name == "del":
                button.disabled = count <= self.minimum
            elif name == "add":
                button.disabled = count >= self.maximum

    async def add_row(self) -> None:
        self._sync()
        self._rows.append(["" for _ in self.placeholders])
        if self._rights is not None:
            self._rights.append(False)
        await self._rebuild(f"#{self.id}-{len(self._rows) - 1}-0")

    async def remove_row(self, index: int) -> None:
        self._sync()
        if len(self._rows) <= self.minimum:
            return
        del self._rows[index]
        if self._rights is not None:
            del self._rights[index]
        left = len(self._rows)
        await self._rebuild(f"#{self.id}-{min(index, left - 1)}-0" if left else f"#{self.id}-add")

    async def move_row(self, index: int, step: int) -> None:
        self._sync()
        to = index + step
        if not 0 <= to < len(self._rows):
            return
        self._rows.insert(to, self._rows.pop(index))
        if self._rights is not None:
            self._rights.insert(to, self._rights.pop(index))
        await self._rebuild(f"#{self.id}-{to}-{'up' if step < 0 else 'down'}")

    @on(Button.Pressed)
    async def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        parts = (event.button.id or "").removeprefix(f"{self.id}-").split("-")
        if parts == ["add"]:
            await self.add_row()
        elif len(parts) == 2 and parts[0].isdigit():
            index, what = int(parts[0]), parts[1]
            if what == "del":
                await self.remove_row(index)
            elif what in ("up", "down"):
                await self.move_row(index, -1 if what == "up" else 1)

    @on(Checkbox.Changed)
    def _right_changed(self, event: Checkbox.Changed) -> None:
        if not (self.single_right and event.value):
            return
        for box in self.query(Checkbox):
            if box is not event.checkbox and box.value:
                box.value = False  # one right answer: ticking one unticks the others
