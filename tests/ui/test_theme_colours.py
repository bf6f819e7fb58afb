"""Colours come from the theme's variables, so every theme (light ones too) stays readable."""

from __future__ import annotations

import re
from pathlib import Path

from quizapp.ui.widgets.heatmap import COLOURS

UI = Path(__file__).resolve().parents[2] / "quizapp" / "ui"
# A hex colour, or a colour by name, as a CSS value (not inside a comment).
HARD_CODED = re.compile(
    r":\s*[^;]*?(#[0-9a-fA-F]{3,8}\b|\b(white|black|gold|silver|red|green|blue|yellow)\b)"
)


def test_no_stylesheet_names_a_colour_of_its_own() -> None:
    sheets = sorted(UI.rglob("*.tcss"))
    assert len(sheets) > 10  # every screen's own
    found = {}
    for sheet in sheets:
        css = re.sub(r"/\*.*?\*/", "", sheet.read_text(), flags=re.S)
        if hits := [m.group(0) for m in HARD_CODED.finditer(css)]:
            found[sheet.name] = hits
    assert found == {}


def test_the_heatmap_draws_in_theme_variables() -> None:
    assert all(colour.startswith("$") for colour in COLOURS)
