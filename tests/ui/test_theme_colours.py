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


def test_app_tcss_names_no_colour_of_its_own() -> None:
    css = re.sub(r"/\*.*?\*/", "", (UI / "app.tcss").read_text(), flags=re.S)
    assert [m.group(0) for m in HARD_CODED.finditer(css)] == []


def test_the_heatmap_draws_in_theme_variables() -> None:
    assert all(colour.startswith("$") for colour in COLOURS)
