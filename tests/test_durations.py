"""quizapp.durations: the one module that writes a length of time, at its edges."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from quizapp.durations import compact, countdown, interval, parse, spoken


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (-5, "0:00"),  # a deadline already past: clamped, never "-1:55"
        (-0.2, "0:00"),
        (math.nan, "0:00"),
        (0.2, "0:01"),  # not over yet: rounded up
        (8.000000001, "0:08"),  # float noise is not a second more
        (59.9, "1:00"),
        (60, "1:00"),
        (65.2, "1:06"),
        (3599.5, "1:00:00"),
        (3600 + 61, "1:01:01"),  # hours only when there are some
        (timedelta(minutes=2), "2:00"),
    ],
)
def test_countdown(seconds: float | timedelta, text: str) -> None:
    assert countdown(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0s"),
        (45, "45s"),
        (59.9, "1m"),  # rounds into the next unit's first step
        (-600, "10m"),  # the sign is the caller's to say ("overdue by ...")
        (3 * 3600, "3h"),
        (4 * 86400, "4d"),
        (100 * 86400, "3.3mo"),
        (int(1.5 * 365 * 86400), "1.5y"),
        (math.inf, "0s"),
    ],
)
def test_interval(seconds: float, text: str) -> None:
    assert interval(timedelta(seconds=seconds) if math.isfinite(seconds) else seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (-3, "0 s"),  # a clock that stepped back spent nothing
        (59.4, "59 s"),
        (59.9, "1 min 0 s"),
        (272, "4 min 32 s"),
        (3600 + 5 * 60 + 9, "1 h 5 min"),
        (2 * 86400 + 3 * 3600 + 59, "2 d 3 h"),
        (timedelta(minutes=3), "3 min 0 s"),
    ],
)
def test_spoken(seconds: float | timedelta, text: str) -> None:
    assert spoken(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0s"), (-60, "0s"), (30, "30s"), (60, "1m"), (5400, "1h30m"), (86400, "24h"),
     (3661, "1h1m1s")],
)
def test_compact_reads_back(seconds: float, text: str) -> None:
    assert compact(seconds) == text
    assert parse(text) == max(0, seconds)


@pytest.mark.parametrize(("text", "seconds"), [("90", 90.0), ("1.5", 1.5), (" 2m 30s ", 150.0)])
def test_parse(text: str, seconds: float) -> None:
    assert parse(text) == seconds


@pytest.mark.parametrize("text", ["", "ten minutes", "1d", "m", "-5"])
def test_parse_says_what_to_write(text: str) -> None:
    with pytest.raises(ValueError, match=r"write e\.g\. 90s"):
        parse(text)
