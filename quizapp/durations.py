"""Every way the app writes (and reads) a length of time, in one module.

Four shapes, each for one place on screen or in a file:

    countdown(65.2)        "1:06"        a clock running down: rounded up, never below 0:00
    interval(timedelta)    "10m", "4d"   when a card comes back, as Anki writes it on a button
    spoken(272)            "4 min 32 s"  time spent, as people say it (summaries, results)
    compact(5400)          "1h30m"       a duration to edit, read back by `parse`

Negative lengths (a deadline already past, a clock that stepped back) are clamped to
nothing: a countdown shows 0:00, a time spent 0 s. Headless: no Textual, no model.
"""

from __future__ import annotations

import math
import re
from datetime import timedelta

__all__ = ["compact", "countdown", "interval", "parse", "spoken"]

MINUTE, HOUR, DAY = 60.0, 3600.0, 86400.0
_YEAR = 365 * DAY
_MONTH = _YEAR / 12


def _seconds(length: timedelta | float) -> float:
    """Seconds in `length`; negatives and NaN become 0 (nothing left, nothing spent)."""
    seconds = length.total_seconds() if isinstance(length, timedelta) else float(length)
    return seconds if seconds > 0 else 0.0  # NaN > 0 is False


def countdown(seconds: timedelta | float) -> str:
    """Time left on a running clock: "0:30", "1:06", "1:00:00".

    Rounded up: 0.2 s left still shows 0:01, since it is not over yet; it reaches 0:00
    only when the time is up. Hours appear only when there are some.
    """
    left = _seconds(seconds)
    # Up, less a millisecond: 8.000000001 s left after float arithmetic is still 0:08.
    whole = max(0, math.ceil(left - 0.001)) if math.isfinite(left) else 0
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def interval(span: timedelta | float) -> str:
    """When a card comes back, as Anki writes it on a button: "45s", "10m", "3h", "4d",
    "3.2mo", "1.5y". The sign is dropped: "due 10m ago" is the caller's to say."""
    seconds = abs(span.total_seconds() if isinstance(span, timedelta) else float(span))
    if not math.isfinite(seconds):
        seconds = 0.0
    for limit, size, unit in (
        (MINUTE, 1.0, "s"),
        (HOUR, MINUTE, "m"),
        (DAY, HOUR, "h"),
        (_MONTH, DAY, "d"),
    ):
        shown = round(seconds / size)
        if shown * size < limit:  # 59.9 s is "1m", not "60s"
            return f"{shown}{unit}"
    size, unit = (_MONTH, "mo") if seconds < _YEAR else (_YEAR, "y")
    return f"{round(seconds / size, 1):g}{unit}"


def spoken(length: timedelta | float) -> str:
    """Time spent, as people say it: "45 s", "4 min 12 s", "1 h 5 min", "2 d 3 h".

    Rounded to the second; the two largest units only (seconds do not matter after an hour).
    """
    seconds = _seconds(length)
    whole = round(seconds) if math.isfinite(seconds) else 0
    days, rest = divmod(whole, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def compact(length: timedelta | float) -> str:
    """A duration to edit, that `parse` reads back: 60 -> "1m", 5400 -> "1h30m", 0 -> "0s"."""
    seconds = _seconds(length)
    whole = round(seconds) if math.isfinite(seconds) else 0
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{n}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if n]
    return "".join(parts) or "0s"


_PARTS = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")


def parse(text: str) -> float:
    """Seconds in "90s", "10m", "1h", "1h30m", "2m30s" or a bare number of seconds.

    Raises ValueError saying what to write instead; limits (a quiz's 24 h) are the caller's.
    """
    spec = text.strip().lower().replace(" ", "")
    if re.fullmatch(r"\d+(\.\d+)?", spec):
        return float(spec)
    parts = _PARTS.fullmatch(spec)
    if not spec or parts is None:
        raise ValueError(f"{text!r} is not a duration; write e.g. 90s, 10m, 1h or 1h30m")
    h, m, s = (int(p or 0) for p in parts.groups())
    return float(h * 3600 + m * 60 + s)
