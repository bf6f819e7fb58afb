"""The line-by-line student client: typed lines become answers; output is plain text."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator

import pytest
from conftest import address

from quizapp.classroom import ClassroomClient
from quizapp.classroom.protocol import Question
from quizapp.classroom.terminal import BadInput, parse_line, play
from tests.waiting import eventually


# What a student types for each card of the test deck, given the question shown.
def typed(card, q: Question) -> str:
    kind = card.kind
    if kind == "multiple_choice":
        return str(q.choices.index("Paris") + 1)
    if kind == "multi_select":
        return f"{q.choices.index('2') + 1}, {q.choices.index('3') + 1}"
    if kind == "true_false":
        return "t"
    if kind == "short_answer":
        return "William Shakespeare"
    if kind == "numeric":
        return "299792.5"
    if kind == "cloze":
        return "Rhine | North Sea"
    if kind == "ordering":
        return " ".join(str(q.items.index(item) + 1) for item in card.items)
    if kind == "matching":
        return " ".join(str(q.right.index(right) + 1) for _, right in card.pairs)
    return "Au"




async def lines_from(queue: asyncio.Queue[str]) -> AsyncIterator[str]:
    while True:
        yield await queue.get()


async def test_terminal_client_plays_every_kind(live):
    deck = live.game.deck
    out: list[str] = []
    typed_lines: asyncio.Queue[str] = asyncio.Queue()
    client = ClassroomClient(address(live))
    await client.join("424242", "Term")
    game = asyncio.create_task(play(client, lines_from(typed_lines), out.append))
    await typed_lines.put("1")  # before any question: told to wait
    live.start_game()
    for i, card in enumerate(deck.cards):
        question = live.game.question_message()
        shown = f"Question {i + 1} of"
        await eventually(lambda shown=shown: any(line.startswith(shown) for line in out))
        await typed_lines.put("")  # nothing typed: asked again, nothing sent
        await typed_lines.put(typed(card, question))
        await eventually(lambda i=i: i in live.game.players["term"].answers)
        live.close_question()
        live.next_question()
    finished = await asyncio.wait_for(game, 10)
    assert finished is not None and finished.you.score > 0
    text = "\n".join(out)
    assert "(wait for the next question)" in text
    assert text.count("Right!") == len(deck.cards), text
    assert "Question 9 of 9" in text and "The quiz is over." in text
    assert "! type your answer" in text  # the empty line got a hint
    assert all(p.right for p in live.game.result().players if p.name == "Term")


@pytest.mark.parametrize(
    ("kind", "line"),
    [("multiple_choice", "7"), ("multiple_choice", "x"), ("multiple_choice", "1 2"),
     ("true_false", "maybe"), ("ordering", "1 1 2"), ("cloze", "only one"),
     ("matching", "1 2")],
)
def test_bad_lines_are_explained(kind, line):
    q = Question(index=0, total=1, kind=kind, prompt="?", choices=["a", "b", "c"],
                 items=["x", "y", "z"], left=["l1", "l2", "l3"], right=["r1", "r2", "r3"],
                 gaps=2, time_limit=10, remaining=10, points=1000)  # fmt: skip
    with pytest.raises(BadInput):
        parse_line(q, line)


async def test_join_command_in_a_subprocess(live):
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c",
        "import sys; from quizapp.cli_classroom import join_command; join_command.main()",
        address(live), "--pin", "424242", "--name", "Pipe",
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        await eventually(lambda: "pipe" in live.game.players, 10)
        live.start_game()
        seen = []
        while not seen or not seen[-1].startswith(b"> "):  # the question is on screen
            seen.append(await asyncio.wait_for(proc.stdout.readline(), 10))
        # Choices come shuffled: answer the number printed before Paris.
        paris = next(line for line in seen if line.strip().endswith(b". Paris"))
        proc.stdin.write(paris.strip().split(b".")[0] + b"\n")
        await proc.stdin.drain()
        await eventually(lambda: 0 in live.game.players["pipe"].answers, 10)
        live.close_question()
        live.finish()
        out, err = await asyncio.wait_for(proc.communicate(), 20)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    text = b"".join(seen).decode() + out.decode()
    assert "Joined Every kind as Pipe" in text and "Right!" in text
    assert "The quiz is over." in text and proc.returncode == 0, err.decode()
