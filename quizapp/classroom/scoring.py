"""Points for one answer: pure functions, no clock, no I/O."""

from __future__ import annotations

from typing import Literal

Scoring = Literal["speed", "accuracy"]

#: Answers faster than this earn full points in speed mode (Kahoot's rule).
FULL_POINTS_UNDER = 0.5
STREAK_STEP = 100
STREAK_CAP = 500


def base_points(elapsed: float, limit: float, base: float, mode: Scoring) -> int:
    """Points for a fully right answer given after `elapsed` of `limit` seconds.

    Speed: round((1 - (t/T)/2) * base), full under 0.5 s, never under half (the
    host refuses answers after T). Accuracy: always `base`.
    """
    if mode == "accuracy" or elapsed < FULL_POINTS_UNDER or limit <= 0:
        return round(base)
    ratio = min(max(elapsed / limit, 0.0), 1.0)
    return round((1 - ratio / 2) * base)


def streak_bonus(streak: int) -> int:
    """Bonus for a right answer that makes `streak` right answers in a row.

    The first right answer earns none; each further one in a row adds 100, up to 500.
    """
    return min(max(streak - 1, 0) * STREAK_STEP, STREAK_CAP)


def points(
    fraction: float,
    elapsed: float,
    limit: float,
    base: float,
    mode: Scoring,
    *,
    right: bool,
    streak: int,
    streaks: bool,
) -> tuple[int, int]:
    """(points, streak bonus) for one answer.

    `fraction` is the grade's score (partial credit for multi-select, matching,
    ordering); `streak` counts right answers in a row including this one.
    """
    fraction = min(max(fraction, 0.0), 1.0)
    earned = round(base_points(elapsed, limit, base, mode) * fraction)
    bonus = streak_bonus(streak) if streaks and right else 0
    return earned + bonus, bonus
