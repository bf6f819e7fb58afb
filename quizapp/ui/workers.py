"""Blocking I/O off the UI thread, and the one place a failed worker is reported.

TinyDB is synchronous: loading a big deck or saving one takes long enough to freeze a
frame. A screen hands such work to `BlockingWork.run` (through the app: see
quizapp/ui/typed_app.py); it runs in a thread worker owned by the app, and what comes
after it (`then`) runs back on the UI thread with the result.

Textual posts `Worker.StateChanged` only to the node that started the worker (it does
not bubble), so every such worker is started on the app and the app's one handler,
`QuizApp.on_worker_state_changed`, passes each change here (as harlequin handles its
workers' errors in one place). A worker that raises is never lost and never a
traceback: the user is told in a notification, as plain text (an error message can hold
deck text, so never markup), and it is logged with its traceback for whoever debugs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from textual.app import App
from textual.worker import Worker, WorkerState

from quizapp.model import DeckError
from quizapp.store import StoreError

T = TypeVar("T")
log = logging.getLogger(__name__)
# The app owns the terminal: nothing is written to it unless a handler is configured.
log.addHandler(logging.NullHandler())

#: The group every blocking-I/O worker runs in (tests wait for it to be done).
GROUP = "blocking-io"


class Refused(Exception):
    """Work that cannot be done for a reason its message tells the user in full (a screen's
    work turns a KeyError or a domain error into one: shown as is, no class name)."""


@dataclass(frozen=True)
class _Pending:
    then: Callable[[Any], object]
    failed: str  # what the user is told went wrong, before the error itself
    #: Called on the UI thread after a failure has been reported (a screen that cannot
    #: show anything without the result closes itself), or after a cancel.
    otherwise: Callable[[], object] | None = None


class BlockingWork:
    """Runs blocking calls in thread workers of `app`; `state_changed` sees them end."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._pending: dict[Worker[Any], _Pending] = {}

    def run(
        self,
        work: Callable[[], T],
        then: Callable[[T], object],
        *,
        failed: str,
        name: str = "blocking-io",
        otherwise: Callable[[], object] | None = None,
    ) -> Worker[T]:
        """Call `work()` in a thread; then `then(result)` on the UI thread.

        If `work` raises, `then` is not called, the user reads `failed` and the error, and
        `otherwise()` is called (also if the worker is cancelled).
        """
        worker: Worker[T] = self._app.run_worker(
            work, name=name, group=GROUP, thread=True, exit_on_error=False
        )
        self._pending[worker] = _Pending(then, failed, otherwise)
        return worker

    def state_changed(self, event: Worker.StateChanged) -> None:
        """The app's handler: finish a worker started here, or report any that failed."""
        worker = event.worker
        pending = self._pending.get(worker)
        if event.state == WorkerState.SUCCESS and pending is not None:
            del self._pending[worker]
            pending.then(worker.result)
        elif event.state == WorkerState.ERROR:
            self._pending.pop(worker, None)
            failed = pending.failed if pending else f"{worker.name or 'Background work'} failed"
            self.report(failed, worker.error)
            if pending is not None and pending.otherwise is not None:
                pending.otherwise()
        elif event.state == WorkerState.CANCELLED:
            self._pending.pop(worker, None)
            if pending is not None and pending.otherwise is not None:
                pending.otherwise()

    def report(self, failed: str, error: BaseException | None) -> None:
        """Tell the user (plain text, no traceback) and log it with its traceback."""
        self._app.notify(
            f"{failed}: {error_text(error)}", title="Error", severity="error",
            markup=False, timeout=15,
        )
        exc_info = (type(error), error, error.__traceback__) if error is not None else None
        log.error("%s", failed, exc_info=exc_info)
        self._app.log.error(failed, error)


def error_text(error: BaseException | None) -> str:
    """What a user reads of an error: our own errors' messages say what to do already."""
    if error is None:
        return "unknown error"
    if isinstance(error, StoreError | DeckError | OSError | Refused):
        return str(error) or type(error).__name__
    detail = str(error)
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__
