"""Live classroom answers as reviews in the joining student's own library.

A real host on 127.0.0.1 and real clients: one student records (the default), one opted
out. What the host receives is the same from both: it learns nothing of any library.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from quizapp.classroom import ClassroomClient, ClassroomServer, ClassroomSettings, Game
from quizapp.classroom.terminal import play
from quizapp.model import Deck, Rating
from quizapp.store import Library
from quizapp.study.live import LiveRecorder
from tests.waiting import eventually

CARDS = [
    {"kind": "multiple_choice", "id": "mc", "question": "Capital of France?",
     "choices": ["Lyon", "Paris", "Nice"], "answer": "Paris"},
    {"kind": "true_false", "id": "tf", "statement": "Water boils at 100 °C at sea level.",
     "answer": True},
    {"kind": "flashcard", "id": "fc", "front": "Chemical symbol of gold", "back": "Au"},
]  # fmt: skip


def deck() -> Deck:
    return Deck.model_validate({"id": "facts", "title": "Three facts", "cards": CARDS})


@pytest.fixture
async def live() -> AsyncIterator[ClassroomServer]:
    game = Game(
        deck(),
        ClassroomSettings(time_per_question=5, reveal_seconds=0, joins_per_second=50,
                          shuffle_questions=False),
        rng=random.Random(3),
        pin="424242",
    )  # fmt: skip
    server = ClassroomServer(game, host="127.0.0.1", port=0)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()




async def lines_from(queue: asyncio.Queue[str]) -> AsyncIterator[str]:
    while True:
        yield await queue.get()


def answer_line(card_id: str, question) -> str:
    # Right for the capital and gold, wrong for water (t is right: we type f).
    if card_id == "mc":
        return str(question.choices.index("Paris") + 1)
    return {"tf": "f", "fc": "Au"}[card_id]


class Sent(ClassroomClient):
    """A client that keeps what it sends: the host's whole view of this student."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sent: list[dict] = []

    async def send_raw(self, data) -> None:
        self.sent.append(json.loads(data))
        await super().send_raw(data)


async def test_a_recording_student_gets_reviews_one_who_opted_out_does_not(
    live: ClassroomServer, tmp_path: Path
) -> None:
    address = f"127.0.0.1:{live.port}"
    libraries = {name: Library.open(tmp_path / name) for name in ("ana", "ben")}
    for lib in libraries.values():
        lib.import_deck(deck(), backup=False)
    recorder = LiveRecorder(libraries["ana"])
    clients = {
        "ana": Sent(address, observer=recorder.observe),
        "ben": Sent(address),  # --no-record: no observer, the library is never opened
    }
    queues: dict[str, asyncio.Queue[str]] = {n: asyncio.Queue() for n in clients}
    games, out = {}, {name: [] for name in clients}
    for name, client in clients.items():
        await client.join("424242", name)
        games[name] = asyncio.create_task(play(client, lines_from(queues[name]), out[name].append))
    await eventually(lambda: len(live.game.players) == 2)
    live.start_game()
    order = [r.card.id for r in live.game.rounds]
    for index, card_id in enumerate(order):
        question = live.game.question_message()
        shown = f"Question {index + 1} of"
        for name in clients:
            await eventually(lambda n=name, s=shown: any(line.startswith(s) for line in out[n]))
            await queues[name].put(answer_line(card_id, question))
        await eventually(lambda i=index: all(i in p.answers for p in live.game.players.values()))
        live.close_question()
        await eventually(lambda i=index: len(recorder.answers) > i)
        live.next_question()
    await asyncio.wait_for(asyncio.gather(*games.values()), 10)

    reviews = {r.card_id: r for r in libraries["ana"].reviews("facts")}
    assert set(reviews) == {"mc", "tf", "fc"} and recorder.recorded == 3
    assert reviews["mc"].rating is Rating.good and reviews["fc"].rating is Rating.good
    assert reviews["tf"].rating is Rating.again and reviews["tf"].correct is False
    assert all(r.source and r.source.startswith("classroom:") for r in reviews.values())
    host_times = {q: round(a.elapsed * 1000) for q, a in live.game.players["ana"].answers.items()}
    assert sorted(r.duration_ms for r in reviews.values()) == sorted(host_times.values())
    assert set(libraries["ana"].progress("facts")) == {"mc", "tf", "fc"}

    assert libraries["ben"].reviews("facts") == [] and libraries["ben"].progress("facts") == {}
    # The host's view of both students: the same kinds of message with the same fields.
    shape = {name: [sorted(m) for m in c.sent] for name, c in clients.items()}
    assert shape["ana"] == shape["ben"]
    assert {m["type"] for c in clients.values() for m in c.sent} == {"join", "answer"}
    for lib in libraries.values():
        lib.close()


async def _join_cli(address: str, data_dir: Path, name: str, *flags: str):
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", "from quizapp.cli import main; main()",
        "--data-dir", str(data_dir), "join", address, "--pin", "424242", "--name", name, *flags,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


@pytest.mark.parametrize("flags", [(), ("--no-record",)], ids=["record", "no-record"])
async def test_quizapp_join_records_unless_told_not_to(
    live: ClassroomServer, tmp_path: Path, flags: tuple[str, ...]
) -> None:
    data_dir = tmp_path / "student"
    with Library.open(data_dir) as lib:
        lib.import_deck(deck(), backup=False)
    proc = await _join_cli(f"127.0.0.1:{live.port}", data_dir, "Cli", *flags)
    try:
        await eventually(lambda: "cli" in live.game.players)
        live.start_game()
        first = live.game.rounds[0].card.id
        seen = []
        while not seen or not seen[-1].startswith(b"> "):
            seen.append(await asyncio.wait_for(proc.stdout.readline(), 10))
        proc.stdin.write(answer_line(first, live.game.question_message()).encode() + b"\n")
        await proc.stdin.drain()
        await eventually(lambda: 0 in live.game.players["cli"].answers)
        live.close_question()
        live.finish()
        out, err = await asyncio.wait_for(proc.communicate(), 20)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    text = b"".join(seen).decode() + out.decode()
    assert proc.returncode == 0, err.decode()
    with Library.open(data_dir) as lib:
        reviews = lib.reviews("facts")
    if flags:
        assert "not recorded" in text and reviews == []
    else:
        assert "count as a review of its card in your deck 'facts'" in text
        assert [r.card_id for r in reviews] == [first]


def test_a_library_that_cannot_be_written_does_not_stop_the_game(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from quizapp.classroom.protocol import Ack, Question, Result, Welcome

    told: list[str] = []
    with Library.open(tmp_path / "lib") as lib:
        lib.import_deck(deck(), backup=False)
    lib = Library.open(tmp_path / "lib", read_only=True)  # every write refused
    recorder = LiveRecorder(lib, clock=lambda: datetime(2026, 3, 2, tzinfo=UTC), notify=told.append)
    recorder.observe(Welcome(name="A", token="t", deck_title="Three facts", questions=1,
                             time_per_question=5, scoring="speed", streaks=True, players=1))
    recorder.observe(Question(index=0, total=1, kind="multiple_choice", prompt="Capital of France?",
                              choices=["Lyon", "Paris", "Nice"], time_limit=5, remaining=5,
                              points=1000))
    recorder.observe(Ack(question=0, time_ms=1500))
    recorder.observe(Result(question=0, answer_text="Paris", explanation="", answered=True,
                            right=True, score=1, points=900, streak_bonus=0, total=900, streak=1,
                            rank=1, players=1, top=[]))  # fmt: skip
    assert recorder.recorded == 0 and len(recorder.answers) == 1
    assert told[0] == "Your answers count as reviews in your deck 'facts'."
    assert "not recorded in your library" in told[1]
    lib.close()
