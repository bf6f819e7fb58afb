"""The Pilot's "wait until the app is idle", asked of the app instead of guessed from the
clock: the suite's UI tests spent a third of their time asleep.

Textual's Pilot waits after each key press, click and `pause()` with
`textual._wait.wait_for_idle`: it sleeps 20 ms slices until one slice used under 1 ms of
CPU, at least two slices per key. Most keys are handled in a few milliseconds, so most of
that time the app had long finished. A shorter slice alone is not enough: a thread worker
blocked in fsync, or a message not yet taken from a queue, uses no CPU either, and a test
would read the screen before the answer was saved and shown.

`wait_for_idle` here ends when the app is settled, which it checks instead of guessing:
no message waits in the queue of the app or of any widget on its screen, the screen has
no refresh due and no `call_after_refresh` callback waiting for one, no thread worker
is pending or running (an async worker may be a connection that lives as long as the app:
its work arrives as messages), and the last 2 ms slice was idle (so a handler that has just returned
from a thread has drawn its result). It still gives up after `max_sleep`, as Textual's
does. `install()` puts it where the Pilot and `App._press_keys` look it up; with a Textual
that no longer has those names the suite runs as before, only slower.
"""

from __future__ import annotations

import asyncio
from time import monotonic, process_time
from typing import Any

from textual._context import active_app
from textual.app import App
from textual.worker import WorkerState

SLICE = 0.002  # seconds asleep between checks
# CPU time in one slice under which the process counts as idle. Waking the event loop and
# the app's own timers take about 0.17 ms a slice: a twentieth of it (Textual's ratio for
# its 20 ms slice) was never met on the card form, and each wait ran to its 1 s limit.
IDLE_CPU = SLICE / 4
BUSY = (WorkerState.PENDING, WorkerState.RUNNING)


def settled(app: App[Any]) -> bool:
    """Nothing left for the app to do: no queued message, no refresh due, no thread worker
    at work."""
    if any(worker._thread_worker and worker.state in BUSY for worker in app.workers):
        return False
    if app._message_queue.qsize():
        return False
    try:
        screen = app.screen
    except Exception:  # no screen yet (starting) or any more (closing)
        return True
    if (screen._layout_required or screen._scroll_required or screen._repaint_required
            or screen._recompose_required or screen._dirty_widgets or screen._callbacks):
        return False  # a refresh is due (on the next tick of its timer), or what runs after it
    return not any(node._message_queue.qsize() for node in screen.walk_children(with_self=True))


async def wait_for_idle(min_sleep: float = SLICE, max_sleep: float = 1) -> None:
    """Return once the active app is settled and the process idle (see the module)."""
    app = active_app.get(None)
    start = monotonic()
    while True:
        cpu = process_time()
        await asyncio.sleep(SLICE)
        idle = process_time() - cpu < IDLE_CPU
        elapsed = monotonic() - start
        if elapsed >= max_sleep:
            return
        if elapsed > min_sleep and idle and (app is None or settled(app)):
            return


def install() -> None:
    import textual.app
    import textual.pilot

    for module in (textual.app, textual.pilot):
        if hasattr(module, "wait_for_idle"):
            module.wait_for_idle = wait_for_idle  # type: ignore[attr-defined]
