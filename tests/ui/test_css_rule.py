"""The CSS rule (ARCHITECTURE.md): screens are styled in app.tcss, and DEFAULT_CSS is
only for widgets that carry their own look wherever they are mounted."""

from __future__ import annotations

import importlib
import pkgutil

from textual.screen import Screen

import quizapp.ui.screens


def test_no_screen_has_default_css() -> None:
    for info in pkgutil.iter_modules(quizapp.ui.screens.__path__, "quizapp.ui.screens."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, Screen)
                    and value.__module__ == info.name):
                assert "DEFAULT_CSS" not in vars(value), f"{info.name}.{value.__name__}"
