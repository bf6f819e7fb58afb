"""Theme colours for Rich Text: a DataTable cell is drawn by Rich, which knows no `$variables`.

CSS and Content take theme variables (`$warning`) and Textual resolves them when it draws.
A DataTable draws its cells with Rich, so a cell's style must name a colour, and a colour
written there by name ("yellow") is the same in every theme (unreadable in a light one).
So such styles are written here too with theme variables ("bold $primary"), and `themed`
swaps each for the app's current colour when the cell is built; a screen whose table holds
such cells rebuilds them when the theme changes (`App.theme_changed_signal`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from textual.color import Color

#: A theme variable in a style: `$primary`, `$text-muted`.
VARIABLE = re.compile(r"\$([a-z][a-z0-9-]*)")


def themed(style: str, variables: Mapping[str, str]) -> str:
    """`style` with each `$name` replaced by the theme's colour (a Rich style string).

    KeyError for a variable the theme does not define: a misspelt name fails at once.
    """
    return VARIABLE.sub(lambda found: _rich_colour(variables[found.group(1)]), style)


def _rich_colour(value: str) -> str:
    # A theme's value is any CSS colour ("#0178D4", "rgb(...)", "#E0E0E099"); Rich parses
    # "#RRGGBB" (no alpha, which a terminal cell cannot show anyway).
    return Color.parse(value).hex6
