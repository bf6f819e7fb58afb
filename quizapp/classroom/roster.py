"""A roster file: the students who get more time, set before the class arrives.

One student per line, the name then the extra time, separated by a comma or a tab:

    Ann, x1.5
    Ben	2

Blank lines and lines starting with # are skipped. The host applies it to each name
(compared as the game compares names) when the student joins; nothing of it is shown
on the projected screen, so the class does not see who has more time.
"""

from __future__ import annotations

import re
from pathlib import Path

from quizapp.classroom.lobby import MAX_EXTRA_TIME
from quizapp.classroom.players import Refused, check_name

_LINE = re.compile(r"^(?P<name>.+?)\s*[,\t]\s*[x×]?(?P<factor>\d+(?:[.,]\d+)?)\s*$", re.IGNORECASE)


class RosterError(ValueError):
    """A line of a roster file that cannot be used; the message names the file and line."""


def read_roster(path: Path) -> dict[str, float]:
    """Name -> extra time factor, or RosterError saying which line is wrong and why."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        why = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise RosterError(f"{path}: cannot read the roster ({why}); check the path") from None
    out: dict[str, float] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path}: line {number}"
        match = _LINE.match(line.strip())
        if match is None:
            raise RosterError(f"{where}: write the name, a comma, then the extra time (Ann, x1.5)")
        try:
            name = check_name(match["name"])
        except Refused as error:
            raise RosterError(f"{where}: the name: {error.message}") from None
        factor = float(match["factor"].replace(",", "."))
        if not 1.0 <= factor <= MAX_EXTRA_TIME:
            raise RosterError(f"{where}: extra time {factor:g} is not between x1 and x3")
        out[name] = factor
    return out
