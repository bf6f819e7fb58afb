"""Limits that hold across every address: what one flooder or a hundred cannot get past.

A per-address join limit does not stop a PIN guess from a hundred addresses (all one
million PINs in 17 minutes). `PinGuard` counts wrong PINs from everyone together: after
a burst it trips (the game rotates its PIN and tells the teacher), and while the last
minute holds the whole budget no PIN is checked at all, so guessing gains nothing.
"""

from __future__ import annotations

import secrets
from collections import deque

from quizapp.classroom.players import Refused

#: The window wrong PINs are counted over, in seconds.
WINDOW = 60.0


class PinGuard:
    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self.wrong: deque[float] = deque()
        #: Set when the last wrong PIN filled the budget (the caller rotates the PIN).
        self.tripped = False
        self.trips = 0

    def check(self, pin: str, right: str, now: float) -> bool:
        """True for the right PIN; False for a wrong one; Refused while the budget is spent."""
        self.tripped = False
        while self.wrong and now - self.wrong[0] >= WINDOW:
            self.wrong.popleft()
        if len(self.wrong) >= self.per_minute:
            raise Refused(
                "pin_cooldown",
                "too many wrong PINs were tried in the last minute; wait a minute and try "
                "again with the PIN on the teacher's screen",
            )
        if secrets.compare_digest(pin.strip().encode(), right.encode()):
            return True
        self.wrong.append(now)
        if len(self.wrong) >= self.per_minute:
            self.tripped = True
            self.trips += 1
        return False

    def alert(self, new_pin: str) -> str:
        """What the teacher is told when the guard trips."""
        return (
            f"{self.per_minute} wrong PINs in a minute: someone may be guessing. The PIN is "
            f"now {new_pin}; lock the game once everyone is in."
        )
