"""`quizapp host --headless` in a subprocess: one ready line, a whole quiz, the results."""

from __future__ import annotations

import asyncio
import json
import socket
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner
from conftest import RIGHT, make_deck

from quizapp.classroom import ClassroomClient
from quizapp.classroom.protocol import Finished, Question
from quizapp.cli_classroom import host_command, join_command

HOST = textwrap.dedent(
    """
    import json, sys
    from quizapp.cli_classroom import host_command
    from quizapp.model import Deck

    deck = Deck.model_validate_json(open(sys.argv[1]).read())
    saved = []
    def load(deck_id):
        assert deck_id == deck.id, deck_id
        return deck
    def save(result):
        with open(sys.argv[2], "w") as f:
            f.write(result.model_dump_json())
    host_command.main(sys.argv[3:], obj={"load_deck": load, "save_result": save},
                      standalone_mode=True)
    """
)


async def test_headless_host_runs_a_whole_quiz(tmp_path: Path):
    deck = make_deck()
    (tmp_path / "deck.json").write_text(deck.model_dump_json())
    saved = tmp_path / "saved.json"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", HOST, str(tmp_path / "deck.json"), str(saved),
        "everything", "--headless", "--bind", "127.0.0.1", "--port", "0",
        "--time-per-question", "5", "--reveal-seconds", "0", "--min-players", "2",
        "--questions", "3", "--lobby-timeout", "30",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        ready = json.loads(await asyncio.wait_for(proc.stdout.readline(), 20))
        assert ready["event"] == "ready" and len(ready["pin"]) == 6
        assert ready["addresses"] == [f"http://127.0.0.1:{ready['port']}/"]

        async def student(name: str) -> Finished:
            client = ClassroomClient(ready["addresses"][0])
            await client.join(ready["pin"], name)
            async for message in client.events():
                if isinstance(message, Question):
                    # Drawn at random: the prompt says which card it is.
                    card = next(c for c in deck.cards if c.prompt == message.prompt)
                    await client.answer(message.index, RIGHT[card.id])
                if isinstance(message, Finished):
                    await client.close()
                    return message
            raise AssertionError("closed before the end")

        finals = await asyncio.wait_for(asyncio.gather(student("Ann"), student("Ben")), 30)
        assert all(f.questions == 3 for f in finals)
        line = json.loads(await asyncio.wait_for(proc.stdout.readline(), 20))
        assert line["event"] == "finished"
        result = line["result"]
        assert len(result["questions"]) == 3
        assert {p["name"] for p in result["players"]} == {"Ann", "Ben"}
        assert all(a["right"] for q in result["questions"] for a in q["answers"])
        assert await asyncio.wait_for(proc.wait(), 10) == 0
        assert json.loads(saved.read_text())["deck_id"] == "everything"
        assert await proc.stdout.read() == b""
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


def test_host_without_headless_says_the_screen_is_not_there_yet():
    result = CliRunner().invoke(host_command, ["x"], obj={})
    assert result.exit_code == 1
    assert "--headless" in result.output


def test_host_unknown_deck_is_a_clear_error():
    def load(deck_id: str):
        raise KeyError(deck_id)

    result = CliRunner().invoke(host_command, ["nope", "--headless"], obj={"load_deck": load})
    assert result.exit_code == 1
    assert "no deck 'nope'" in result.output and "Traceback" not in result.output


def test_join_to_nowhere_is_a_clear_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = CliRunner().invoke(join_command, [f"127.0.0.1:{port}", "--pin", "1", "--name", "A"])
    assert result.exit_code == 1
    assert "cannot reach a quiz" in result.output and "Traceback" not in result.output


def test_host_on_a_busy_port_is_a_clear_error():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            host_command,
            ["deck", "--headless", "--bind", "127.0.0.1", "--port", str(port)],
            obj={"load_deck": lambda deck_id: make_deck()},
        )
    assert result.exit_code == 1
    assert f"port {port} is in use" in result.output and "Traceback" not in result.output


def test_the_headless_host_grades_with_the_decks_typo_tolerance(tmp_path: Path) -> None:
    import click

    from quizapp.cli import Context, cli
    from quizapp.cli_classroom import _typo_tolerance
    from quizapp.model import StudySettings
    from quizapp.store import Library
    from tests.conftest import make_deck

    data_dir = tmp_path / "lib"
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck("strict"))
        lib.set_settings("strict", StudySettings(typo_tolerance=0.0))
    with click.Context(cli, obj=Context(str(data_dir), False)) as ctx:
        assert _typo_tolerance(ctx, "strict") == 0.0
        assert _typo_tolerance(ctx, "not-in-the-library.toml") is None
