"""Footers that keep their keys at 80 columns: compact (one space between keys) when the
terminal is narrower than 100 columns, on every screen, as it opens and as it resizes.

Each screen then shows only the keys that matter most (`Binding(show=...)`); F1 and the
command palette list the rest.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.widgets import Footer

NARROW = 100


def fit_footers(app: App[Any], screen: Screen[Any] | None = None) -> None:
    shown = app.screen if screen is None else screen
    for footer in shown.query(Footer):
        footer.compact = app.size.width < NARROW


def install_footer_fit(app: App[Any]) -> None:
    """Fit the footer of each screen shown from now on (a resize is `fit_footers`)."""
    app.screen_change_signal.subscribe(app, lambda screen: fit_footers(app, screen))
    fit_footers(app)
