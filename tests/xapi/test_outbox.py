"""The outbox against a real Ralph that is down, comes back, rejects, or outlives a kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.model import CardProgress, CardState, Rating, ReviewEntry
from quizapp.store import Library
from quizapp.xapi import config as lrs_config
from quizapp.xapi.client import LrsClient, Unreachable
from quizapp.xapi.outbox import BATCH, Outbox, Sender
from tests.conftest import make_deck
from tests.waiting import blocking
from tests.xapi.conftest import every_kind, mine, study_all
from tests.xapi.conftest import lrs_config as make_config
from tests.xapi.ralph import Ralph


def add_reviews(lib: Library, n: int, deck_id: str = "demo") -> None:
    start = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    for i in range(n):
        card_id = f"c{i % 3}"
        lib.record_answer(
            CardProgress(deck_id=deck_id, card_id=card_id, state=CardState.review, reps=i),
            ReviewEntry(
                deck_id=deck_id, card_id=card_id, rating=Rating.good,
                at=start + timedelta(seconds=i), duration_ms=900 + i,
                state_before=CardState.review, state_after=CardState.review,
            ),
        )  # fmt: skip


def test_lrs_down_answers_go_on_and_statements_queue(data_dir: Path, own_ralph: Ralph) -> None:
    config = make_config(own_ralph)  # the LRS is not started: connection refused
    deck = every_kind()
    with Library.open(data_dir) as lib:
        lib.import_deck(deck)
        reviews = study_all(lib, deck)
        outbox = Outbox(lib, config)
        with pytest.raises(Unreachable, match="cannot reach the LRS"):
            Sender(outbox).push()
        reviews += study_all(lib, deck)  # studying goes on while the LRS is away
        status = outbox.status()
        assert status.queued_records == reviews and status.sent == 0
        assert status.last_error and "cannot reach the LRS" in status.last_error
        with pytest.raises(Unreachable):
            Sender(outbox).push()
        # One week of retries is one line of status, not one per retry.
        errors = [d for d in lib.records("lrs_sent") if d.get("error")]
        assert len(errors) == 1

    own_ralph.start()
    with Library.open(data_dir) as lib:
        result = Sender(Outbox(lib, config)).push()
        assert result.sent == reviews
        status = Outbox(lib, config).status()
        assert status.queued_records == 0 and status.last_error is None
    stored = mine(own_ralph, config)
    assert len(stored) == reviews == len({s["id"] for s in stored})


def test_a_rejected_statement_is_set_aside_with_its_reason(
    data_dir: Path, shared_ralph: Ralph
) -> None:
    config = make_config(shared_ralph)
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(n=3))
        add_reviews(lib, 250)
        outbox = Outbox(lib, config)
        doomed = outbox.plan().batches[1][0][7]
        # Another statement already holds that id in the LRS: xAPI says 409, for ever.
        squatter = {**doomed, "result": {"success": False}}
        LrsClient(config).post([squatter])
        client = CountingClient(config)
        result = Sender(outbox, client).push()
        assert result.rejected == 1 and result.sent == 249
        rejected = lib.records("lrs_rejected")
        assert [r["statement_id"] for r in rejected] == [doomed["id"]]
        assert "409" in rejected[0]["reason"] and "same ID" in rejected[0]["reason"]
        assert outbox.status().rejected == 1 and outbox.status().queued_records == 0
        # Not retried: a later push has nothing to send.
        client.posts = 0
        assert Sender(outbox, client).push().sent == 0 and client.posts == 0
    stored = Counter(s["id"] for s in mine(shared_ralph, config))
    assert len(stored) == 250 and max(stored.values()) == 1  # 249 + the squatter


class CountingClient(LrsClient):
    posts = 0

    def post(self, statements: list[dict]) -> None:
        type(self).posts += 1
        super().post(statements)


def test_kill_9_mid_push_then_lrs_restart_everything_arrives_once(
    data_dir: Path, own_ralph: Ralph
) -> None:
    # Twelve batches: the kill comes as the first one is stored, with ten or more still to
    # send (thirty took half a minute of the suite for the same proof).
    total = 12 * BATCH
    config = make_config(own_ralph)
    lrs_config.save(config)  # where `quizapp lrs push` reads it (the sandboxed config dir)
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(n=3))
        add_reviews(lib, total)
    own_ralph.start()
    push = [sys.executable, "-m", "quizapp", "--data-dir", str(data_dir), "lrs", "push"]
    child = subprocess.Popen(push, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        blocking(lambda: bool(mine(own_ralph, config)) or child.poll() is not None, timeout=120)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    arrived = len(mine(own_ralph, config))
    assert child.returncode == -signal.SIGKILL, "the push ended before it could be killed"
    assert 0 < arrived < total

    own_ralph.stop()  # and the LRS goes away and comes back on the same files
    own_ralph.start()
    done = subprocess.run(push, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    stored = Counter(s["id"] for s in mine(own_ralph, config))
    assert len(stored) == total and max(stored.values()) == 1
    with Library.open(data_dir) as lib:
        assert Outbox(lib, config).status().queued_records == 0


def test_an_answer_taken_back_after_it_was_sent_is_voided(
    data_dir: Path, shared_ralph: Ralph
) -> None:
    config = make_config(shared_ralph)
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(n=3))
        before = CardProgress(deck_id="demo", card_id="c0")
        review = ReviewEntry(
            deck_id="demo", card_id="c0", rating=Rating.again, at=datetime.now(UTC),
            duration_ms=800, state_before=CardState.new, state_after=CardState.learning,
        )  # fmt: skip
        review_id = lib.record_answer(before.model_copy(update={"reps": 1}), review)
        add_reviews(lib, 2)
        sender = Sender(Outbox(lib, config))
        assert sender.push_round().sent == 3
        lib.undo_answer(before, review_id)  # taken back after it left
        again = sender.push_round()
        assert again.voided == 1 and again.sent == 0
        assert sender.push_round().voided == 0  # once
    stored = mine_or_voids(shared_ralph, config)
    voids = [s for s in stored if s["verb"]["id"].endswith("/voided")]
    answers = {s["id"]: s for s in stored if not s["verb"]["id"].endswith("/voided")}
    assert len(voids) == 1 and len(answers) == 3
    target = answers[voids[0]["object"]["id"]]
    assert target["object"]["id"].endswith("/cards/c0") and target["result"]["success"] is False
    assert shared_ralph.validate(stored) == []


def mine_or_voids(server: Ralph, config: object) -> list[dict]:
    ours = {s["id"] for s in mine(server, config)}  # type: ignore[arg-type]
    return [
        s for s in server.stored()
        if s["id"] in ours or s["object"].get("id") in ours
    ]  # fmt: skip
