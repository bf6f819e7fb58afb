"""A tick and a radio button whose state is a glyph, not only a colour.

Textual draws an unticked Checkbox as a dim "X" and a ticked one as a bright "X" (a radio
button the same with "●"): told apart by colour alone, which a colour-blind user, a
monochrome terminal or a screenshot loses. These draw ✓ / blank and ● / ○ (and a
SelectionList's rows ✓ / blank).

Textual draws the box's inside from the class attribute BUTTON_INNER; each widget here
sets it on the instance whenever its value changes (a str, as Textual types it) rather
than overriding it with a property.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import SelectionType


class MarkedCheckbox(Checkbox):
    """A Checkbox showing ✓ when ticked and nothing when not; with `words`, its label
    says the state too ("right" / "wrong" beside a choice)."""

    def __init__(self, label: str, value: bool = False, *, words: tuple[str, str] | None = None,
                 **kwargs: Any) -> None:
        self._words = words
        super().__init__(words[0 if value else 1] if words else label, value, **kwargs)
        self.BUTTON_INNER = "✓" if value else " "

    def watch_value(self) -> None:
        super().watch_value()  # the -on class and the Changed message
        self.BUTTON_INNER = "✓" if self.value else " "
        if self._words is not None:
            self.label = self._words[0 if self.value else 1]


class MarkedRadioButton(RadioButton):
    """A RadioButton showing ● when chosen and ○ when not."""

    def __init__(self, label: str, value: bool = False, **kwargs: Any) -> None:
        super().__init__(label, value, **kwargs)
        self.BUTTON_INNER = "●" if value else "○"

    def watch_value(self) -> None:
        super().watch_value()  # the -on class and the Changed message
        self.BUTTON_INNER = "●" if self.value else "○"


class MarkedSelectionList(SelectionList[SelectionType]):
    """A SelectionList whose ticked rows show ✓ (and unticked ones nothing) in the box."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        # Textual builds the row as [left side, "X", right side, " ", prompt...].
        if len(segments) < 2 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        glyph = "✓" if selection.value in self.selected else " "
        segments[1] = Segment(glyph, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)
