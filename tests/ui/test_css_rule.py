"""The CSS rule (ARCHITECTURE.md): each screen is styled in its own .tcss beside it (its
CSS_PATH, read when it first opens, so a start reads only the home screen's), and
DEFAULT_CSS is only for widgets that carry their own look wherever they are mounted."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from textual.screen import Screen

import quizapp.ui.screens

SCREENS = Path(quizapp.ui.screens.__file__).parent


def _screens() -> list[type[Screen[object]]]:
    found = []
    for info in pkgutil.iter_modules(quizapp.ui.screens.__path__, "quizapp.ui.screens."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, Screen)
                    and value.__module__ == info.name):
                found.append(value)
    return found


def test_no_screen_has_default_css() -> None:
    for screen in _screens():
        assert "DEFAULT_CSS" not in vars(screen), f"{screen.__module__}.{screen.__name__}"


def test_each_screen_has_its_own_stylesheet_beside_it() -> None:
    for screen in _screens():
        module = screen.__module__.rsplit(".", 1)[1]
        sheet = screen.CSS_PATH
        assert sheet == f"{module}.tcss", f"{screen.__name__}: CSS_PATH"
        assert (SCREENS / f"{module}.tcss").is_file(), f"{module}.tcss"


def test_every_stylesheet_belongs_to_a_screen() -> None:
    used = {screen.CSS_PATH for screen in _screens()}
    assert {sheet.name for sheet in SCREENS.glob("*.tcss")} == used
    assert not list((SCREENS.parent).glob("*.tcss"))  # no app-wide sheet to parse at start
