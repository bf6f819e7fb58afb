"""What the home screen counts stays in step with the log through undo, suspend, bury, a fold
and import --replace: the live library, a reopened one and a fresh count all agree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import quizapp.store.tables as tables
from quizapp.model import CardProgress, CardState, Rating, ReviewEntry, progress_key
from quizapp.store import Library
from quizapp.study import card_counts
from tests.conftest import make_deck

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)


def counts(lib: Library, deck_id: str = "demo") -> tuple[int, int, int]:
    """The counts from full progress records and from the brief the home screen reads:
    they must agree, whatever has happened."""
    found = []
    for progress in (lib.progress(deck_id), lib.progress_brief(deck_id)):
        keyed = {progress_key(deck_id, k): p for k, p in progress.items()}
        c = card_counts(
            deck_id, lib.card_ids(deck_id), keyed, lib.settings(deck_id), NOW,
            lib.reviews(deck_id, NOW - timedelta(hours=8)), tz=UTC,
        )
        found.append((c.new, c.learning, c.due))
    assert found[0] == found[1]
    return found[0]


def answer(lib: Library, card: str, state: CardState, due: datetime) -> int:
    before = lib.progress("demo").get(card)
    progress = CardProgress(deck_id="demo", card_id=card, state=state, due=due, reps=1)
    review = ReviewEntry(
        deck_id="demo", card_id=card, rating=Rating.good, at=NOW, duration_ms=1,
        state_before=before.state if before else CardState.new, state_after=state,
    )
    return lib.record_answer(progress, review)


def test_counts_agree_live_reopened_and_after_every_kind_of_change(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables, "COMPACT_EVERY", 3)  # folds fall between the steps
    lib = Library.open(data_dir)
    lib.import_deck(make_deck(n=8))
    seen = [counts(lib)]
    answer(lib, "c0", CardState.learning, NOW - timedelta(minutes=1))
    answer(lib, "c1", CardState.review, NOW - timedelta(days=1))
    last = answer(lib, "c2", CardState.review, NOW + timedelta(days=3))
    seen.append(counts(lib))
    assert seen[-1] == (5, 1, 1)
    lib.undo_answer(CardProgress(deck_id="demo", card_id="c2"), last)
    seen.append(counts(lib))
    assert seen[-1] == (6, 1, 1)
    suspended = lib.progress("demo")["c1"].model_copy(update={"suspended": True})
    tomorrow = NOW.date() + timedelta(days=1)
    buried = lib.progress("demo")["c0"].model_copy(update={"buried_until": tomorrow})
    lib.put_progress(suspended, buried)
    seen.append(counts(lib))
    assert seen[-1] == (6, 0, 0)
    lib.tables.wait_for_fold()
    lib.import_deck(make_deck(n=4), replace=True)  # c4..c7 leave the deck
    seen.append(counts(lib))
    assert seen[-1] == (2, 0, 0)
    lib.close()
    with Library.open(data_dir) as again:
        assert counts(again) == seen[-1]
        assert len(again.reviews("demo")) == 2  # the undone answer is gone for good
