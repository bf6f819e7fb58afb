"""A live game hosted with `quizapp host --headless` over loopback, students joining with the
real client; then the host's `quizapp lrs push`: every rostered student's answers reach Ralph."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from quizapp.classroom import ClassroomClient
from quizapp.classroom.protocol import Finished, Question
from quizapp.store import Library
from quizapp.xapi import config as lrs_config
from tests.classroom.conftest import RIGHT, WRONG
from tests.xapi.conftest import every_kind, mine
from tests.xapi.conftest import lrs_config as make_config
from tests.xapi.ralph import Ralph

QUESTIONS = 3


async def test_a_hosted_game_reaches_the_lrs_for_every_rostered_student(
    data_dir: Path, shared_ralph: Ralph
) -> None:
    config = make_config(shared_ralph)
    lrs_config.save(config)  # the roster maps Ada and Bob; Eve is not on it
    deck = every_kind()
    with Library.open(data_dir) as lib:
        lib.import_deck(deck)
    host = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "quizapp", "--data-dir", str(data_dir), "host", deck.id,
        "--headless", "--bind", "127.0.0.1", "--port", "0", "--time-per-question", "5",
        "--reveal-seconds", "0", "--min-players", "3", "--questions", str(QUESTIONS),
        "--lobby-timeout", "60",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert host.stdout is not None
        ready = json.loads(await asyncio.wait_for(host.stdout.readline(), 60))
        cards = {c.id: c for c in deck.cards}

        async def student(name: str) -> Finished:
            client = ClassroomClient(ready["addresses"][0])
            await client.join(ready["pin"], name)
            async for message in client.events():
                if isinstance(message, Question):
                    card_id = _card_of(message, cards)
                    await client.answer(message.index, (WRONG if name == "Bob" else RIGHT)[card_id])
                    # While the question is open, nothing of the game is in the LRS.
                    assert mine(shared_ralph, config) == []
                if isinstance(message, Finished):
                    await client.close()
                    return message
            raise AssertionError("closed before the end")

        await asyncio.wait_for(asyncio.gather(*(student(n) for n in ("Ada", "Bob", "Eve"))), 60)
        assert await asyncio.wait_for(host.wait(), 30) == 0
    finally:
        if host.returncode is None:
            host.kill()
            await host.wait()

    push = subprocess.run(
        [sys.executable, "-m", "quizapp", "--data-dir", str(data_dir), "lrs", "push"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert push.returncode == 0, push.stderr
    stored = mine(shared_ralph, config)
    assert len(stored) == len({s["id"] for s in stored}) == 2 * (QUESTIONS + 1)
    by_student = Counter(s["actor"]["account"]["name"] for s in stored)
    assert by_student == {"ada.l": QUESTIONS + 1, "bob.k": QUESTIONS + 1}
    answered = [s for s in stored if s["verb"]["id"].endswith("/answered")]
    assert {s["result"]["success"] for s in answered if s["actor"]["account"]["name"] == "ada.l"} \
        == {True}  # fmt: skip
    assert {s["result"]["success"] for s in answered if s["actor"]["account"]["name"] == "bob.k"} \
        == {False}  # fmt: skip
    assert len({s["context"]["registration"] for s in stored}) == 1  # one game
    assert shared_ralph.validate(stored) == []


def _card_of(question: Question, cards: dict) -> str:
    """Which card a question shows (found by its prompt, whatever order the host uses)."""
    for card_id, card in cards.items():
        if card.prompt == question.prompt:
            return card_id
    raise AssertionError(f"no card for {question.prompt!r}")
