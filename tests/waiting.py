"""Waiting for a state in a test, never for a fixed time: the one polling helper.

`until` lets a Pilot-driven app run between checks; `eventually` is the same for plain
asyncio code (a client and a server on one loop); `screen` waits for a screen to be
mounted before a test reads it (reading `app.screen` at once can see the one before);
`blocking` is for synchronous tests waiting on another process or thread (a subprocess,
an LRS starting up).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from textual.pilot import Pilot
from textual.screen import Screen

S = TypeVar("S", bound=Screen[Any])
STEP = 0.01


async def _poll(condition: Callable[[], bool], timeout: float,
                step: Callable[[], Awaitable[object]]) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met in {timeout} s")
        await step()


async def until(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 10) -> None:
    """Let the app run until `condition()` holds (AssertionError after `timeout` seconds)."""
    await _poll(condition, timeout, lambda: pilot.pause(STEP))


async def eventually(condition: Callable[[], bool], timeout: float = 10) -> None:
    """Let the event loop run until `condition()` holds (AssertionError after `timeout`)."""
    await _poll(condition, timeout, lambda: asyncio.sleep(STEP))


def blocking(condition: Callable[[], bool], timeout: float = 10) -> None:
    """Block until `condition()` holds (AssertionError after `timeout` seconds), for code
    that has no event loop to yield to."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met in {timeout} s")
        time.sleep(STEP)


async def screen(pilot: Pilot[Any], kind: type[S], timeout: float = 10) -> S:
    """The app's current screen once it is a mounted `kind`."""
    def ready() -> bool:
        shown = pilot.app.screen
        return isinstance(shown, kind) and shown.is_mounted

    await until(pilot, ready, timeout)
    shown = pilot.app.screen
    assert isinstance(shown, kind)
    return shown
