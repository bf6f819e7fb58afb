"""Study, a quiz and a hosted game, sent to a real Ralph LRS: every statement arrives once,
passes Ralph's strict xAPI models, and a resend stores nothing twice."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from quizapp.store import Library
from quizapp.xapi.client import LrsClient
from quizapp.xapi.outbox import Outbox, Sender
from tests.xapi.conftest import every_kind, host_game, lrs_config, mine, quiz_all, study_all
from tests.xapi.ralph import Ralph


def test_study_quiz_and_game_arrive_once_and_valid(data_dir: Path, shared_ralph: Ralph) -> None:
    config = lrs_config(shared_ralph)
    deck = every_kind()
    with Library.open(data_dir) as lib:
        lib.import_deck(deck)
        reviews = study_all(lib, deck)
        asked = quiz_all(lib, deck)
        played = host_game(lib, deck)
        outbox = Outbox(lib, config)
        assert outbox.status().queued_records == reviews + 2
        result = Sender(outbox).push()
        # Reviews: one each. Quiz: one per question + completed. Game: Ada and Bob (the
        # roster's) one per question + completed each; Eve is not in the roster.
        expected = reviews + (asked + 1) + 2 * (played + 1)
        assert result.sent == expected and result.rejected == 0
        status = outbox.status()
        assert status.queued_records == 0 and status.sent == expected
        assert status.not_in_roster == 1 and status.last_error is None

    stored = mine(shared_ralph, config)
    ids = Counter(s["id"] for s in stored)
    assert len(stored) == expected and max(ids.values()) == 1
    assert shared_ralph.validate(stored) == []
    verbs = Counter(s["verb"]["id"].rsplit("/", 1)[-1] for s in stored)
    assert verbs["completed"] == 3
    kinds = {s["object"]["definition"].get("interactionType") for s in stored}
    assert kinds >= {"true-false", "choice", "fill-in", "numeric", "sequencing", "matching",
                     "other"}  # fmt: skip
    actors = {s["actor"]["account"]["name"] for s in stored}
    assert actors == {"ada.l", "bob.k"}  # never Eve, never a raw email

    # A resend (a crash before "sent" was recorded) stores nothing twice.
    with Library.open(data_dir) as lib:
        again = Outbox(lib, config)
        statements = [s for batch, _ in _replan(again) for s in batch]
    assert len(statements) == expected
    LrsClient(config).post(statements)
    assert len(mine(shared_ralph, config)) == expected


def _replan(outbox: Outbox) -> list:
    """The plan from the very first record, as if nothing had been recorded as sent."""
    outbox.sent_ids = set  # type: ignore[method-assign]
    return outbox.plan(batches=1000).batches
