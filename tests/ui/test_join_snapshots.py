"""SVG snapshots of the student's join app at 80x24 and 120x40: the form, and the lobby
after joining a real classroom server on 127.0.0.1 (started in the app's own event loop,
stopped when the app ends). Update with `--snapshot-update` after looking at the SVGs."""

from __future__ import annotations

import random
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from quizapp.classroom import ClassroomServer, ClassroomSettings
from quizapp.classroom.game import Game
from quizapp.model import Deck
from quizapp.ui.join_app import JoinApp
from quizapp.ui.screens.join_form import JoinFormScreen
from quizapp.ui.screens.join_play import JoinPlayScreen
from tests.waiting import screen, until

SIZES = [(80, 24), (120, 40)]
DECK = Deck.model_validate({"id": "capitals", "title": "Capitals", "cards": [
    {"id": "fr", "kind": "multiple_choice", "question": "Capital of France?",
     "choices": ["Paris", "Lyon", "Nice"], "answer": "Paris"},
]})


class ServedJoinApp(JoinApp):
    """The join app with a real server of its own, stopped as the app ends."""

    server: ClassroomServer | None = None

    async def on_unmount(self) -> None:
        if self.server is not None:
            await self.server.stop()


async def _join(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, ServedJoinApp)
    game = Game(DECK, ClassroomSettings(shuffle_questions=False), rng=random.Random(3),
                pin="424242")
    app.server = ClassroomServer(game, host="127.0.0.1", port=0)
    await app.server.start()
    form = await screen(pilot, JoinFormScreen)
    form.address = f"127.0.0.1:{app.server.port}"  # the port is known only now
    form.query_one("#join-pin", Input).value = "424242"
    form.query_one("#join-name", Input).value = "Ann"
    form.query_one("#join-name", Input).focus()
    await pilot.press("enter")
    play = await screen(pilot, JoinPlayScreen)
    status = play.query_one("#join-status", Static)
    # The lobby's count comes in a message after the welcome: the snapshot is of both.
    await until(pilot, lambda: "(1 player). Wait for the teacher" in str(status.render()))
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_join_form(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(JoinApp("192.0.2.7:8765"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_join_lobby(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(ServedJoinApp("127.0.0.1:1"), terminal_size=size, run_before=_join)
