"""What the teacher picks: questions by order and tag, a roster of extra time, the x key,
the PIN alert, and extra time waiting over a real server while others see nothing of it."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import CARDS, RIGHT, FakeClock, make_deck
from test_host_ui import HostTestApp, until

from quizapp.classroom import ClassroomClient, ClassroomServer, ClassroomSettings, Game, JoinRefused
from quizapp.classroom.protocol import Finished, Question, Result
from quizapp.cli import cli
from quizapp.store import Library
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.host_screen import HostScreen
from quizapp.ui.widgets.host_lobby import HostLobby
from tests.headless import headless_runs

PIN = "424242"


@pytest.fixture
def lib(tmp_path: Path) -> Any:
    library = Library.open(tmp_path / "library")
    yield library
    library.close()


def tagged_deck() -> Any:
    cards = [dict(c, tags=["capitals"] if c["id"] in ("mc", "ma") else []) for c in CARDS]
    return make_deck(cards)


def serving(screen: HostScreen) -> bool:
    return screen.server is not None and screen.server.port != 0


def host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[Any, list]:
    data = tmp_path / "data"
    with Library.open(data) as library:
        if not library.has_deck("everything"):
            library.import_deck(tagged_deck(), backup=False)
    # The real app, headless, until the host screen is up and its server listening.
    opened = headless_runs(monkeypatch, QuizApp, HostScreen, serving)
    base = ["--data-dir", str(data), "host", "everything", "--bind", "127.0.0.1", "--port", "0"]
    return CliRunner().invoke(cli, [*base, *args]), opened


def test_host_draws_by_tag_in_deck_order(tmp_path, monkeypatch):
    result, opened = host(tmp_path, monkeypatch, "--order", "deck", "--tag", "Capitals")
    assert result.exit_code == 0, result.output
    assert [r.card.id for r in opened[0].game.rounds] == ["mc", "ma"]
    assert opened[0].game.settings.shuffle_questions is False


def test_host_refuses_a_tag_no_card_has(tmp_path, monkeypatch):
    result, opened = host(tmp_path, monkeypatch, "--tag", "rivers")
    assert result.exit_code == 1 and not opened
    assert "no card of deck 'everything' has the tag rivers" in result.output


def test_host_takes_a_roster_and_names_the_bad_line(tmp_path, monkeypatch):
    roster = tmp_path / "roster.txt"
    roster.write_text("Ann, x2\nBen, 1.5\n", "utf-8")
    result, opened = host(tmp_path, monkeypatch, "--roster", str(roster))
    assert result.exit_code == 0, result.output
    assert opened[0].game.extra_time == {"ann": 2.0, "ben": 1.5}
    roster.write_text("Ann, x2\nBen fast\n", "utf-8")
    result, _ = host(tmp_path, monkeypatch, "--roster", str(roster))
    assert result.exit_code == 1 and f"{roster}: line 2" in result.output


async def test_the_x_key_gives_more_time_and_the_list_shows_no_mark(lib: Library) -> None:
    game = Game(make_deck(), ClassroomSettings(shuffle_questions=False), pin=PIN)
    game.join(PIN, "Ann")
    game.join(PIN, "Ben")
    screen = HostScreen(game, serve=False)
    async with HostTestApp(lib, open_screen=screen).run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        lobby = screen.query_one(HostLobby)
        lobby.select("Ben")
        await pilot.press("x")
        assert game.extra_time == {"ben": 1.5}
        await pilot.press("x")
        assert game.extra_time == {"ben": 2.0}
        await pilot.press("x")
        assert game.extra_time == {}
        await pilot.press("x")
        await pilot.pause()
        rows = [str(o.prompt) for o in lobby.query_one("#host-players").options]  # type: ignore[attr-defined]
        assert rows == ["Ann", "Ben"]  # projected: no sign of who has more time


async def test_the_teacher_hears_of_a_pin_guess(lib: Library) -> None:
    game = Game(make_deck(), ClassroomSettings(wrong_pins_per_minute=3), pin=PIN)
    screen = HostScreen(game, bind="127.0.0.1", port=0)
    app = HostTestApp(lib, open_screen=screen)
    notes: list[str] = []
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: screen.server is not None and screen.server.port != 0)
        real_notify = app.notify
        app.notify = lambda message, **kw: (notes.append(str(message)), real_notify(message, **kw))  # type: ignore[method-assign]
        assert screen.server is not None
        for guess in range(3):
            guesser = ClassroomClient(f"127.0.0.1:{screen.server.port}")
            with pytest.raises(JoinRefused):
                await guesser.join(f"00000{guess}", f"g{guess}")
            await guesser.close()
        await until(pilot, lambda: any("wrong PINs in a minute" in n for n in notes))
        assert game.pin != PIN and game.pin in notes[-1]


async def test_the_question_waits_for_extra_time_and_nobody_sees_who():
    deck = make_deck([c for c in CARDS if c["id"] == "mc"])
    settings = ClassroomSettings(time_per_question=1.0, reveal_seconds=0, shuffle_questions=False)
    clock = FakeClock()  # the game's time moves when told: no sleeping through a second
    game = Game(deck, settings, clock=clock, rng=random.Random(5), pin=PIN)
    game.set_extra_time("Slow", 2.0)
    server = ClassroomServer(game, host="127.0.0.1", port=0)
    await server.start()
    try:
        address = f"127.0.0.1:{server.port}"
        slow, other = ClassroomClient(address), ClassroomClient(address, keep_frames=True)
        await slow.join(PIN, "Slow")
        await other.join(PIN, "Other")
        loop = asyncio.get_running_loop()
        auto = asyncio.ensure_future(server.run_auto())
        mine = await slow.receive(5)
        while not isinstance(mine, Question):
            mine = await slow.receive(5)
        assert mine.time_limit == 2.0
        clock.advance(1.5)  # past the others' time, inside Slow's
        assert game.phase == "question" and game.close_at > clock()
        started = loop.time()
        await slow.answer(mine.index, RIGHT["mc"])
        result = await slow.receive(5)
        while not isinstance(result, Result):
            result = await slow.receive(5)
        assert result.right and result.points > 0 and loop.time() - started < 1.0
        await asyncio.wait_for(auto, 10)
        while not isinstance(await other.receive(5), Finished):  # all the other was sent
            pass
        # The other student's frames: their own 1 s question, no name, no hint of extra time.
        shown = [f for f in other.frames if json.loads(f)["type"] == "question"]
        assert len(shown) == 1 and '"time_limit":1.0' in shown[0] and "Slow" not in shown[0]
        await slow.close()
        await other.close()
    finally:
        await server.stop()
