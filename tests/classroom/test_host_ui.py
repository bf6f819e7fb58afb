"""The teacher's host screen with Pilot: a real server on 127.0.0.1 and real clients,
the same screen driven from a Game alone, and SVG snapshots of each stage.

Snapshots are deterministic: fixed PIN, names and addresses, a clock that moves only
when told, no server (the screen renders from the Game's state).
"""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any

import pytest
from conftest import CARDS, FakeClock, make_deck
from rich.console import Console
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Static

from quizapp.classroom import ClassroomClient, ClassroomSettings, Game, JoinRefused
from quizapp.classroom.protocol import Finished, Kicked, Question, Result
from quizapp.classroom.results import ClassroomResult
from quizapp.model import Deck, StudySettings
from quizapp.store import Library
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.confirm import ConfirmScreen
from quizapp.ui.screens.host_screen import HostScreen
from quizapp.ui.widgets.host_board import leaderboard_table
from quizapp.ui.widgets.host_lobby import HostLobby
from quizapp.ui.widgets.host_reveal import DistributionBars
from tests.waiting import screen as screen_of
from tests.waiting import until

PIN = "424242"
SIZES = [(80, 24), (120, 40)]
ADDRESSES = ["http://192.168.1.20:8765/", "http://127.0.0.1:8765/"]
HOSTILE = ("[/]", "[@click=app.quit]")


class HostTestApp(QuizApp):
    """QuizApp on a temp library, with a blank screen under the one tested."""

    def get_default_screen(self) -> Screen[Any]:
        return Screen()


@pytest.fixture
def lib(tmp_path: Path) -> Any:
    library = Library.open(tmp_path / "library")
    yield library
    library.close()


def two_card_deck() -> Any:
    return make_deck([c for c in CARDS if c["id"] in ("mc", "tf")])


def new_game(clock: FakeClock, deck: Any = None, **settings: Any) -> Game:
    base: dict[str, Any] = {
        "time_per_question": 20, "joins_per_second": 50, "shuffle_questions": False
    }
    return Game(
        deck or two_card_deck(),
        ClassroomSettings(**{**base, **settings}),
        clock=clock,
        rng=random.Random(7),
        pin=PIN,
    )


def plain(widget: Widget) -> str:
    shown = widget.render()
    return getattr(shown, "plain", str(shown))


def rich_text(renderable: Any) -> str:
    console = Console(width=120, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def player_rows(screen: HostScreen) -> list[str]:
    players = screen.query_one("#host-players", OptionList)
    return [str(players.get_option_at_index(i).prompt) for i in range(players.option_count)]


def table_rows(screen: HostScreen) -> list[list[str]]:
    table = screen.query_one("#host-p-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]




async def next_of(client: ClassroomClient, kind: type, timeout: float = 5) -> Any:
    while True:
        message = await client.receive(timeout)
        if isinstance(message, kind):
            return message


async def joined(address: str, name: str) -> ClassroomClient:
    client = ClassroomClient(address)
    await client.join(PIN, name)
    return client


# --- against a real server ------------------------------------------------------------


async def test_live_lobby_lock_kick_approve_game_and_saved_results(lib: Library) -> None:
    clock = FakeClock()
    game = new_game(clock)
    saved: list[ClassroomResult] = []
    screen = HostScreen(game, bind="127.0.0.1", port=0, on_finished=saved.append, tick=0.05)
    async with HostTestApp(lib, open_screen=screen).run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: screen.server is not None)
        assert screen.server is not None
        address = f"127.0.0.1:{screen.server.port}"
        join_line = screen.query_one("#host-join", Static)
        await until(pilot, lambda: "quizapp join " + address in plain(join_line))

        ann, bob, cy = [await joined(address, n) for n in ("Ann", "Bob", "Cy")]
        await until(pilot, lambda: player_rows(screen) == ["Ann", "Bob", "Cy"])
        assert "3 players in" in plain(screen.query_one("#host-lobby-state", Static))

        await pilot.press("l")
        assert game.locked
        with pytest.raises(JoinRefused) as refused:
            await joined(address, "Dan")
        assert refused.value.code == "locked"
        await pilot.press("l")
        assert not game.locked

        screen.query_one(HostLobby).select("Bob")
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmScreen)
        await pilot.press("y")
        await next_of(bob, Kicked)
        await until(pilot, lambda: player_rows(screen)[1].startswith("Bob  removed"))
        with pytest.raises(JoinRefused) as refused:
            await joined(address, "Bob")
        assert refused.value.code == "kicked"
        await pilot.press("a")  # Bob is still highlighted
        assert "bob" in game.approved
        token = bob.token
        bob = ClassroomClient(address)
        await bob.join(PIN, "Bob", token)  # let back in: with his own token
        await until(pilot, lambda: player_rows(screen)[1] == "Bob")

        await pilot.press("enter")  # start
        assert screen.view == "question"
        question = await next_of(ann, Question)
        assert question.index == 0 and question.choices == ["Lyon", "Paris", "Nice"]
        clock.advance(2)
        assert (await ann.answer_and_wait(0, "Paris")).type == "ack"
        assert (await bob.answer_and_wait(0, "Lyon")).type == "ack"
        answered = screen.query_one("#host-q-answered", Static)
        await until(pilot, lambda: "2 / 3 answered" in plain(answered))
        assert screen.view == "question"  # not auto-advancing: the teacher closes

        await pilot.press("c")
        assert screen.view == "reveal"
        bars = screen.query_one(DistributionBars).bars
        assert [(b.label, b.count, b.right) for b in bars] == [
            ("Lyon", 1, False), ("Paris", 1, True), ("Nice", 0, False),
        ]  # fmt: skip
        reveal = plain(screen.query_one("#host-r-tally", Static))
        assert "1 right" in reveal and "1 wrong" in reveal and "1 no answer" in reveal
        assert "Paris since 987." in plain(screen.query_one("#host-r-explanation", Static))
        result = await next_of(ann, Result)
        assert result.right and result.rank == 1

        await pilot.press("enter")
        assert screen.view == "board"
        board = rich_text(leaderboard_table(game))
        assert board.index("Ann") < board.index("Bob") and "+" in board

        await pilot.press("enter")  # question 2, true/false
        await next_of(cy, Question)
        clock.advance(10)  # half the time: half the points off, Ann stays first
        assert (await cy.answer_and_wait(1, True)).type == "ack"
        clock.advance(11)  # time is up: the screen closes it on its own
        await until(pilot, lambda: screen.view == "reveal")
        await pilot.press("enter", "enter")  # leaderboard, then the end
        assert screen.view == "podium"
        finished = await next_of(ann, Finished)
        assert finished.podium[0].name == "Ann"
        assert [row[1] for row in table_rows(screen)][:1] == ["Ann"]
        for client in (ann, bob, cy):
            await client.close()

    assert len(saved) == 1
    record = saved[0]
    assert [q.card_id for q in record.questions] == ["mc", "tf"]
    by_name = {p.name: p for p in record.players}
    assert by_name["Ann"].right == 1 and by_name["Cy"].right == 1 and by_name["Bob"].right == 0


async def test_auto_advance_runs_the_quiz_unattended(lib: Library) -> None:
    clock = FakeClock()
    game = new_game(clock, auto_advance=True, reveal_seconds=3)
    saved: list[ClassroomResult] = []
    screen = HostScreen(game, bind="127.0.0.1", port=0, on_finished=saved.append, tick=0.02)
    async with HostTestApp(lib, open_screen=screen).run_test() as pilot:
        await until(pilot, lambda: screen.server is not None)
        assert screen.server is not None
        ann = await joined(f"127.0.0.1:{screen.server.port}", "Ann")
        await until(pilot, lambda: len(game.connected) == 1)
        await pilot.press("enter")
        await next_of(ann, Question)
        await ann.answer_and_wait(0, "Paris")
        await until(pilot, lambda: screen.view == "reveal")  # everyone answered: closed
        clock.advance(3)
        await until(pilot, lambda: screen.view == "board")
        clock.advance(3)
        await until(pilot, lambda: screen.view == "question" and game.index == 1)
        clock.advance(20)  # nobody answers question 2: closed on time, then on to the end
        await until(pilot, lambda: screen.view == "reveal")
        clock.advance(3)
        await until(pilot, lambda: screen.view == "board")
        clock.advance(3)
        await until(pilot, lambda: screen.view == "podium")
        assert isinstance(await next_of(ann, Finished), Finished)
        await ann.close()
    assert len(saved) == 1 and saved[0].players[0].score > 0


async def test_hostile_names_show_literally_on_every_view(lib: Library) -> None:
    clock = FakeClock()
    game = new_game(clock)
    screen = HostScreen(game, serve=False, addresses=ADDRESSES, tick=0.05)
    async with HostTestApp(lib, open_screen=screen).run_test(size=(100, 30)) as pilot:
        keys = [game.join(PIN, name)[0] for name in HOSTILE]
        screen.changed()
        await until(pilot, lambda: player_rows(screen) == list(HOSTILE))
        await pilot.click("#host-players", offset=(3, 1))  # the [@click=...] row: no action
        await pilot.pause()
        assert pilot.app.is_running and pilot.app.screen is screen
        await pilot.press("enter")
        game.answer(keys[0], 0, "Paris")
        await pilot.press("c", "enter")
        assert all(name in rich_text(leaderboard_table(game)) for name in HOSTILE)
        await pilot.press("e")
        await pilot.press("y")
        await pilot.pause()
        assert screen.view == "podium"
        assert sorted(row[1] for row in table_rows(screen)) == sorted(HOSTILE)
        podium = " ".join(plain(w) for w in screen.query(".host-step-name").results(Static))
        assert all(name in podium for name in HOSTILE)
        assert pilot.app.is_running


async def test_start_needs_players_and_kick_needs_a_selection(lib: Library) -> None:
    game = new_game(FakeClock())
    screen = HostScreen(game, serve=False, addresses=ADDRESSES)
    async with HostTestApp(lib, open_screen=screen).run_test(notifications=True) as pilot:
        await pilot.press("enter")
        assert screen.view == "lobby" and game.phase == "lobby"
        await pilot.press("k")
        assert not isinstance(pilot.app.screen, ConfirmScreen)
        messages = [n.message for n in pilot.app._notifications]
        assert "Nobody has joined yet." in messages
        assert "Highlight a player in the list first." in messages


async def test_busy_port_exits_with_a_clear_message(
    lib: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        screen = HostScreen(new_game(FakeClock()), bind="127.0.0.1", port=port)
        app = HostTestApp(lib, open_screen=screen)
        async with app.run_test() as pilot:
            await until(pilot, lambda: not app.is_running or app.return_code is not None)
    assert app.return_code == 1
    assert f"port {port} is in use" in capsys.readouterr().err



async def test_quitting_mid_game_keeps_what_was_played(lib: Library) -> None:
    game = new_game(FakeClock())
    saved: list[ClassroomResult] = []
    screen = HostScreen(game, serve=False, addresses=ADDRESSES, on_finished=saved.append)
    async with HostTestApp(lib, open_screen=screen).run_test() as pilot:
        key, _ = game.join(PIN, "Ann")
        await pilot.press("enter")
        game.answer(key, 0, "Paris")
        await pilot.press("ctrl+q")
    assert game.phase == "finished" and len(saved) == 1
    assert saved[0].questions[0].answers[0].right


# --- snapshots: the screen from a Game alone ---------------------------------------


def snapshot_deck() -> Deck:
    cards = [dict(c) for c in CARDS if c["id"] in ("mc", "ms", "or")]
    cards[0]["source"] = {"id": "atlas", "paragraph": 2, "quote": "Paris has been the capital"}
    return Deck.model_validate(
        {
            "id": "everything",
            "title": "Every kind",
            "sources": [{"id": "atlas", "title": "A school atlas"}],
            "cards": cards,
        }
    )


def snapshot_app(lib: Library, clock: FakeClock) -> tuple[HostTestApp, HostScreen]:
    deck = snapshot_deck()
    game = new_game(clock, deck)
    screen = HostScreen(game, serve=False, addresses=ADDRESSES)
    return HostTestApp(lib, open_screen=screen), screen


async def fill(pilot: Pilot[Any], screen: HostScreen) -> dict[str, str]:
    game = screen.game
    keys = {name: game.join(PIN, name)[0] for name in ("Ann", "Bob", "Chiara", "Dev", "[/]")}
    screen.changed()
    await pilot.pause()
    return keys


async def to_question(pilot: Pilot[Any], screen: HostScreen, clock: FakeClock) -> dict[str, str]:
    keys = await fill(pilot, screen)
    await pilot.press("enter")
    await pilot.pause()
    clock.advance(7)
    for name, answer in (("Ann", "Paris"), ("Bob", "Lyon"), ("Dev", "Paris")):
        screen.game.answer(keys[name], 0, answer)
    screen.changed()
    await pilot.pause()
    return keys


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_lobby(snap_compare: Any, lib: Library, size: tuple[int, int]) -> None:
    app, screen = snapshot_app(lib, FakeClock())

    async def run_before(pilot: Pilot[Any]) -> None:
        await fill(pilot, screen)

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_question(snap_compare: Any, lib: Library, size: tuple[int, int]) -> None:
    clock = FakeClock()
    app, screen = snapshot_app(lib, clock)

    async def run_before(pilot: Pilot[Any]) -> None:
        await to_question(pilot, screen, clock)

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_reveal(snap_compare: Any, lib: Library, size: tuple[int, int]) -> None:
    clock = FakeClock()
    app, screen = snapshot_app(lib, clock)

    async def run_before(pilot: Pilot[Any]) -> None:
        await to_question(pilot, screen, clock)
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_podium(snap_compare: Any, lib: Library, size: tuple[int, int]) -> None:
    clock = FakeClock()
    app, screen = snapshot_app(lib, clock)

    async def run_before(pilot: Pilot[Any]) -> None:
        keys = await to_question(pilot, screen, clock)
        await pilot.press("c", "enter", "enter")  # reveal, leaderboard, question 2
        await pilot.pause()
        clock.advance(4)
        screen.game.answer(keys["Chiara"], 1, ["2", "3"])
        screen.game.answer(keys["Ann"], 1, ["2"])
        await pilot.press("c", "e")
        await pilot.press("y")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=size)



# --- the command line ------------------------------------------------------------------


def test_host_command_opens_the_host_screen_and_saves_to_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from quizapp.cli import cli

    data = tmp_path / "data"
    with Library.open(data) as library:
        library.import_deck(two_card_deck(), backup=False)
    opened: list[HostScreen] = []

    async def teach(pilot: Pilot[Any]) -> None:
        # The real app, run headless by the real command: a student joins over loopback,
        # answers question 1, and the teacher quits; the command saves what was played.
        screen = await screen_of(pilot, HostScreen)
        opened.append(screen)
        assert isinstance(pilot.app, QuizApp) and pilot.app.library is not None
        await until(pilot, lambda: screen.server is not None)
        assert screen.server is not None
        ann = ClassroomClient(f"127.0.0.1:{screen.server.port}")
        await ann.join(screen.game.pin, "Ann")
        await until(pilot, lambda: len(screen.game.connected) == 1)
        await pilot.press("enter")
        await next_of(ann, Question)
        await ann.answer_and_wait(0, "Paris")
        await ann.close()
        await pilot.press("ctrl+q")

    real_run = QuizApp.run
    monkeypatch.setattr(
        QuizApp, "run", lambda app, **kw: real_run(app, headless=True, auto_pilot=teach, **kw))
    args = ["--data-dir", str(data), "host", "everything", "--bind", "127.0.0.1", "--port", "0",
            "--time-per-question", "15", "--scoring", "accuracy", "--auto-advance",
            "--order", "deck"]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    (screen,) = opened
    # --port 0 asked for any free port: the screen served on the one it got.
    assert screen.bind == "127.0.0.1" and screen.port > 0 and screen.serve
    settings = screen.game.settings
    assert settings.time_per_question == 15 and settings.scoring == "accuracy"
    assert settings.auto_advance

    export = CliRunner().invoke(
        cli, ["--data-dir", str(data), "results", "everything", "--classroom", "--csv", "-"]
    )
    assert export.exit_code == 0, export.output
    header, *rows = [line.split(",") for line in export.output.splitlines()]
    assert header == ["game", "started", "question", "card_id", "player", "answer", "right",
                      "score", "time_ms", "points"]  # fmt: skip
    assert [r[2:7] for r in rows] == [["1", "mc", "Ann", "Paris", "yes"]]
    assert int(rows[0][9]) > 0


def test_results_classroom_of_an_unknown_deck_is_a_clear_error(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from quizapp.cli import cli

    result = CliRunner().invoke(
        cli, ["--data-dir", str(tmp_path / "d"), "results", "nope", "--classroom", "--csv", "-"]
    )
    assert result.exit_code == 1
    assert "no deck 'nope'" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(("tolerance", "right"), [(0.0, False), (0.3, True)])
async def test_host_screen_grades_with_the_decks_typo_tolerance(
    lib: Library, tolerance: float, right: bool
) -> None:
    deck = make_deck([c for c in CARDS if c["id"] == "sa"])
    lib.import_deck(deck, backup=False)
    lib.set_settings(deck.id, StudySettings(typo_tolerance=tolerance))
    game = new_game(FakeClock(), deck)  # built without the library, as `quizapp host` does
    screen = HostScreen(game, serve=False, addresses=ADDRESSES)
    async with HostTestApp(lib, open_screen=screen).run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert game.grading.typo_tolerance == tolerance
        key = game.join(PIN, "Ann")[0]
        game.start()
        game.answer(key, 0, "Shakespear")  # one letter short
        assert game.players[key].answers[0].right is right
