"""States shown by a glyph or a word as well as a colour: ticks, radio buttons, kinds."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import RadioSet
from textual.widgets.selection_list import Selection

from quizapp.ui.widgets.marked import MarkedCheckbox, MarkedRadioButton, MarkedSelectionList


class Marks(App[None]):
    def compose(self) -> ComposeResult:
        yield MarkedCheckbox("right", True, words=("right", "wrong"), id="tick")
        with RadioSet():
            yield MarkedRadioButton("after each", value=True, id="on")
            yield MarkedRadioButton("at the end", id="off")
        yield MarkedSelectionList[str](Selection("flashcard", "f", True),
                                       Selection("cloze", "c", False), id="kinds")


def _text(widget: object) -> str:
    return "".join(seg.text for seg in widget.render_line(0))  # type: ignore[attr-defined]


async def test_each_state_has_its_own_glyph_and_word() -> None:
    app = Marks()
    async with app.run_test() as pilot:
        tick = app.query_one("#tick", MarkedCheckbox)
        assert "✓" in _text(tick) and "right" in _text(tick)
        tick.value = False
        await pilot.pause()
        assert "✓" not in _text(tick) and "wrong" in _text(tick)
        assert "●" in _text(app.query_one("#on")) and "○" in _text(app.query_one("#off"))
        kinds = app.query_one("#kinds", MarkedSelectionList)
        rows = ["".join(seg.text for seg in kinds.render_line(y)) for y in (0, 1)]
        assert "✓" in rows[0] and "flashcard" in rows[0]
        assert "✓" not in rows[1] and "cloze" in rows[1]
