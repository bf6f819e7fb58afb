"""Colours come from the theme's variables, so every theme (light ones too) stays readable."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from rich.errors import StyleSyntaxError
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.widgets import DataTable

from quizapp.store import Library
from quizapp.ui.palette import themed
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.widgets.heatmap import COLOURS
from tests.conftest import make_deck
from tests.ui.study_app import study_app
from tests.waiting import until

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


def _docstrings(tree: ast.AST) -> set[int]:
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def named_colours(source: str) -> list[str]:
    """Every string in `source` (docstrings aside) that is a Rich/Content style naming a
    colour ("bold yellow", "#ff0000" as a style): a colour that is the same in every theme.
    A style with theme variables ("bold $warning") is not a Rich style and is not listed."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if id(node) in skip:
            continue
        try:
            style = Style.parse(node.value)
        except StyleSyntaxError:
            continue
        if any(c is not None and not c.is_default for c in (style.color, style.bgcolor)):
            found.append(f"{node.lineno}: {node.value!r}")
    return sorted(found)


def test_the_scan_sees_a_named_colour_in_a_text_or_content_style() -> None:
    planted = 'Text("now", style="green")\nContent.styled("x", "bold #ff0000")\n'
    assert named_colours(planted) == ["1: 'green'", "2: 'bold #ff0000'"]
    assert named_colours('Text("now", style=themed("bold $success", theme))\n') == []
    assert named_colours('"""Shown in yellow."""\nstyle = "dim"\n') == []


def test_no_text_or_content_style_names_a_colour() -> None:
    # DataTable cells are Rich Text: their styles are written with theme variables and
    # made colours by quizapp/ui/palette.py (themed), never named.
    found = {
        str(path.relative_to(UI)): named
        for path in sorted(UI.rglob("*.py"))
        if (named := named_colours(path.read_text()))
    }
    assert found == {}


def test_default_css_names_no_colour_of_its_own() -> None:
    found = {}
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                    and any(isinstance(t, ast.Name) and t.id == "DEFAULT_CSS"
                            for t in node.targets)):
                css = re.sub(r"/\*.*?\*/", "", str(node.value.value), flags=re.S)
                if named := [m.group(0) for m in HARD_CODED.finditer(css)]:
                    found[str(path.relative_to(UI))] = named
    assert found == {}


def test_themed_gives_the_theme_colour() -> None:
    theme = {"warning": "#FEA62B", "primary": "rgb(1, 120, 212)", "faded": "#E0E0E099"}
    assert themed("bold $warning", theme) == "bold #FEA62B"
    assert themed("$primary", theme) == "#0178D4"
    assert themed("$faded", theme) == "#E0E0E0"  # a terminal cell has no alpha
    assert themed("dim", theme) == "dim"
    with pytest.raises(KeyError):
        themed("$warnign", theme)


async def test_the_home_counts_take_the_new_theme(library: Library) -> None:
    library.import_deck(make_deck("demo", n=2), backup=False)
    app = study_app(library, home=True)
    async with app.run_test(size=(120, 30)) as pilot:
        def new_cell() -> Text | None:
            screen = app.screen
            if not isinstance(screen, HomeScreen) or "demo" not in (
                    table := screen.query_one("#decks", DataTable)).rows:
                return None
            cell = table.get_cell("demo", "new")
            return cell if isinstance(cell, Text) and cell.plain == "2" else None

        def primary(name: str) -> str:
            # The theme's own primary, not app.theme_variables (updated a moment after).
            theme = app.get_theme(name)
            assert theme is not None and theme.primary is not None
            return Color.parse(theme.primary).hex6

        def coloured() -> bool:
            cell = new_cell()
            return cell is not None and str(cell.style) == f"bold {primary(app.theme)}"

        await until(pilot, coloured)
        before = app.theme
        app.theme = "textual-light" if before != "textual-light" else "textual-dark"
        assert primary(app.theme) != primary(before)
        await until(pilot, coloured)
