"""The background sender: a thread that pushes the outbox, backing off while the LRS is away.

Never on the thread that answers keys: the scan of the records, the statements and the
HTTP waits run here; the app gives its own `on_owner` (Textual's `call_from_thread`) so
that writes to the library (what was sent) and loading a deck run on its loop, briefly.
`wake()` asks for a push soon; `stop()` ends it. Backoff doubles from `retry` up to
`max_retry` seconds, with jitter so a classroom of laptops does not retry in step.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any

from quizapp.xapi.client import LrsError, Refused
from quizapp.xapi.config import ConfigError, load
from quizapp.xapi.outbox import OnOwner, Outbox, Sender

INTERVAL = 15.0
#: A study answer is sent once it is this old: one taken back at once (undo) never leaves.
SETTLE = 30.0
RETRY = 5.0
MAX_RETRY = 300.0


class BackgroundSender:
    def __init__(
        self,
        sender: Sender,
        *,
        interval: float = INTERVAL,
        retry: float = RETRY,
        max_retry: float = MAX_RETRY,
        on_status: Callable[[str], None] | None = None,
    ) -> None:
        self.sender = sender
        self.interval = interval
        self.retry = retry
        self.max_retry = max_retry
        self.on_status = on_status or (lambda _text: None)
        self.rounds = 0  # finished rounds, for tests and the status line
        self.last_error: str | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="quizapp-lrs", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        delay = 0.0
        backoff = self.retry
        while not self._stop.is_set():
            self._wake.wait(delay)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                result = self.sender.push_round()
            except Refused as error:  # wrong address or password: retrying soon won't help
                self._failed(str(error))
                delay = self.max_retry
                continue
            except LrsError as error:
                self._failed(str(error))
                delay = backoff * random.uniform(0.8, 1.2)
                backoff = min(backoff * 2, self.max_retry)
                continue
            except RuntimeError:  # the app closed while a round was waiting for it
                return
            except Exception as error:  # a fault of ours or the disk's: report, keep trying
                self._failed(f"{type(error).__name__}: {error}")
                delay = self.max_retry
                continue
            if self.last_error is not None and (result.sent or not result.more):
                self.on_status("Results reach the school's LRS again.")
            self.last_error = None
            backoff = self.retry
            self.rounds += 1
            delay = 0.0 if result.more else self.interval

    def _failed(self, message: str) -> None:
        """Say so once when sending starts failing, not at every retry."""
        if self.last_error is None:
            self.on_status(f"Results not sent to the school's LRS: {message}. They wait; "
                           "quizapp retries by itself (`quizapp lrs status`).")  # fmt: skip
        self.last_error = message
        self.rounds += 1


def start_background(
    library: Any, on_owner: OnOwner[Any], on_status: Callable[[str], None] | None = None
) -> BackgroundSender | None:
    """Start sending in the background if the LRS is turned on; None if it is off.

    A read-only library (another quizapp holds it) sends nothing: that one sends.
    A configuration that cannot be read is reported by `quizapp lrs status`, not here.
    """
    if getattr(library, "read_only", False):
        return None
    try:
        config = load()
    except ConfigError:
        return None
    if not config.enabled:
        return None
    outbox = Outbox(library, config, on_owner=on_owner)
    sender = BackgroundSender(
        Sender(outbox, settle=SETTLE),
        interval=INTERVAL,
        retry=RETRY,
        max_retry=MAX_RETRY,
        on_status=on_status,
    )
    sender.start()
    return sender
