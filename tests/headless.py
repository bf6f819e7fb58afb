"""A CLI command's app run for real, headless: the test sees the screen the user would.

`quizapp host` and `quizapp study DECK` end in `QuizApp(...).run()`. Instead of replacing
`run` with a recorder (which never builds a screen, so a screen that fails to mount or a
server that fails to bind passed), `headless_runs` makes `run` call Textual's own
`App.run(headless=True, auto_pilot=...)`: the app starts, the auto pilot waits until the
screen the command opened is mounted and `ready`, records it, and exits the app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from tests.waiting import screen, until

S = TypeVar("S", bound=Screen[Any])


def headless_runs(
    monkeypatch: pytest.MonkeyPatch,
    app_class: type[App[Any]],
    kind: type[S],
    ready: Callable[[S], bool] = lambda shown: True,
) -> list[S]:
    """Make `app_class.run()` run the real app headless until a mounted `kind` is `ready`;
    the list returned gets the screen each run showed."""
    shown: list[S] = []
    real_run = App.run

    def run(app: App[Any], **kwargs: Any) -> Any:
        async def auto_pilot(pilot: Pilot[Any]) -> None:
            opened = await screen(pilot, kind)
            await until(pilot, lambda: ready(opened))
            shown.append(opened)
            pilot.app.exit()

        return real_run(app, headless=True, auto_pilot=auto_pilot, **kwargs)

    monkeypatch.setattr(app_class, "run", run)
    return shown
