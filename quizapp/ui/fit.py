"""Fitting text into a terminal's width: columns shared fairly, cut text ending in "…".

One place for it, so every table cuts the same way (by cells, so wide characters count
twice) and says it cut with an ellipsis instead of losing the end silently.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text


def clip(text: str | Text, width: int, *, middle: bool = False) -> Text:
    """`text` in at most `width` cells, its end replaced by "…" if it was longer; with
    `middle`, its middle (titles of one series differ at the end: "Russia and the…study
    cards" and "Russia and the…: quiz" stay apart)."""
    shown = text.copy() if isinstance(text, Text) else Text(text)
    shown.no_wrap = True
    if cell_len(shown.plain) <= width:
        return shown
    if middle and width >= 12:
        plain = shown.plain
        head = plain[: (width - 1) * 11 // 20]
        if " " in head[len(head) // 2 :]:  # end the head at a word
            head = head[: head.rindex(" ")]
        head = head.rstrip()
        tail_room = width - 1 - cell_len(head)
        tail = plain[-tail_room:]
        while cell_len(tail) > tail_room:
            tail = tail[1:]
        if " " in tail[: len(tail) // 2]:  # and start the tail at one
            tail = tail[tail.index(" ") + 1 :]
        return Text(head + "…" + tail.lstrip(), style=shown.style, no_wrap=True)
    shown.truncate(max(width, 1), overflow="ellipsis")
    return shown


def share(needs: Sequence[int], available: int, minimum: int = 8) -> list[int]:
    """Widths for columns that need `needs` cells in `available`: the first column first
    (it names the row), the others an equal share each, none below `minimum` unless it
    needs less, and none above what it needs."""
    if not needs:
        return []
    floors = [min(need, minimum) for need in needs]
    first = max(floors[0], min(needs[0], available - sum(floors[1:])))
    widths = [first, *floors[1:]]
    left = available - sum(widths)
    open_ = [i for i in range(1, len(needs)) if widths[i] < needs[i]]
    while left > 0 and open_:
        each = max(1, left // len(open_))
        for i in list(open_):
            extra = min(each, needs[i] - widths[i], left)
            widths[i] += extra
            left -= extra
            if widths[i] >= needs[i]:
                open_.remove(i)
            if left <= 0:
                break
    return widths


def lines(text: str, width: int, most: int) -> str:
    """`text` wrapped to `width`, at most `most` lines, the last ending in "…" if cut
    (a description that stops mid-sentence says there is more)."""
    import textwrap

    wrapped = [line for part in text.splitlines() for line in textwrap.wrap(part, width) or [""]]
    if len(wrapped) <= most:
        return "\n".join(wrapped)
    kept = wrapped[:most]
    kept[-1] = str(clip(kept[-1] + " …", width))
    return "\n".join(kept)
