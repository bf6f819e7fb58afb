"""SVG snapshots of the editor: the card list, a card form showing an error, the preview.

Deterministic: a small deck built here, a temp library, no notifications on screen.
Update with `--snapshot-update` after looking at the SVGs.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from quizapp.store import Library
from tests.ui.editor_app import EditorTestApp, editor_app, kinds_deck
from tests.ui.test_editor_cards import type_into

SIZES = [(80, 24), (120, 40)]


@pytest.fixture
def app(library: Library) -> EditorTestApp:
    return editor_app(library, kinds_deck())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_card_list(snap_compare: Any, app: EditorTestApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, press=["down", "down"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_card_form_with_errors(
    snap_compare: Any, app: EditorTestApp, size: tuple[int, int]
) -> None:
    async def make_errors(pilot: Pilot[None]) -> None:
        await pilot.press("down", "enter")  # the multiple choice card
        await pilot.pause()
        # A focused field blinks its cursor every 0.5 s: a shot taken later than that after
        # the last key (a busy machine) caught it hidden. Without blinking it stays shown.
        for field in pilot.app.screen.query("Input, TextArea").results():
            assert isinstance(field, Input | TextArea)
            field.cursor_blink = False
        await type_into(pilot, "#f-id", "Bad Id")
        await type_into(pilot, "#f-question", "")
        pilot.app.screen.query_one("#f-question").focus()
        await pilot.pause()

    assert snap_compare(app, run_before=make_errors, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_preview_answered(snap_compare: Any, app: EditorTestApp, size: tuple[int, int]) -> None:
    assert snap_compare(app, press=["down", "enter", "f2", "b", "enter"], terminal_size=size)
