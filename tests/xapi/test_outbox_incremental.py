"""A sender round reads what is new, not the whole log: after a push, the segments whose
records are all sent are never parsed again, and new answers are still found."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from quizapp.model import CardState, Rating, ReviewEntry
from quizapp.store import Library
from quizapp.store.parts import Parts
from quizapp.xapi.outbox import Outbox, Sender
from tests.conftest import make_deck
from tests.xapi.conftest import lrs_config as make_config
from tests.xapi.conftest import mine
from tests.xapi.ralph import Ralph
from tests.xapi.test_outbox import add_reviews


def _history(n: int) -> list[ReviewEntry]:
    start = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    return [
        ReviewEntry(deck_id="demo", card_id=f"c{i % 3}", rating=Rating.good,
                    at=start + timedelta(minutes=i), duration_ms=1000,
                    state_before=CardState.review, state_after=CardState.review)
        for i in range(n)
    ]


def test_a_round_after_a_push_parses_no_sent_segment(
    data_dir: Path, shared_ralph: Ralph, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_config(shared_ralph)
    with Library.open(data_dir) as lib:
        lib.import_deck(make_deck(n=3))
        assert lib.import_history("demo", [], _history(4500)) == 4500  # two segments
        outbox = Outbox(lib, config)
        assert Sender(outbox).push().sent == 4500

        read: list[Path] = []
        real = Parts.read

        def counting(self: Parts, path: Path) -> list[dict[str, Any]]:
            read.append(path)
            return real(self, path)

        monkeypatch.setattr(Parts, "read", counting)
        add_reviews(lib, 4)  # new answers, in the journal
        assert len(outbox.pending()) == 4
        assert not [p for p in read if "/reviews/" in p.as_posix()]
        assert Sender(outbox).push().sent == 4
        assert outbox.pending() == [] and outbox.status().queued_records == 0
    assert len(mine(shared_ralph, config)) == 4504
