"""The session keeps its counts incrementally: after every answer, undo, suspend, bury and
day change they equal the counts computed from scratch from the same progress and log."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from quizapp.model import Deck, Flashcard
from quizapp.model.progress import CardProgress, Rating, ReviewEntry, StudySettings, progress_key
from quizapp.study import StudySession, deck_counts

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SETTINGS = StudySettings(new_per_day=6, reviews_per_day=5)


def make_deck(n: int) -> Deck:
    cards = tuple(Flashcard(id=f"c{i}", front=f"q{i}", back=f"a{i}") for i in range(n))
    return Deck(id="d", title="Deck", cards=cards)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def from_scratch(
    s: StudySession, deck: Deck, earlier: list[ReviewEntry], answered: list[ReviewEntry]
) -> StudySession:
    """A new session over what `s` has saved so far: the oracle the counts must match."""
    progress = {progress_key(deck.id, c.id): s.progress(c.id) for c in deck.cards}
    return StudySession(
        deck, progress, SETTINGS, [*earlier, *answered], clock=s._clock, tz=UTC, fuzz=False
    )


@pytest.mark.parametrize("seed", range(6))
def test_counts_stay_in_step_with_the_log(seed: int) -> None:
    rng = random.Random(seed)
    deck = make_deck(25)
    clock = Clock()
    # This morning's review in an earlier session counts against the new-card limit.
    earlier = [
        ReviewEntry(
            deck_id="d",
            card_id="c24",
            rating=Rating.good,
            at=START - timedelta(hours=1),
            duration_ms=1000,
            state_before="new",
            state_after="learning",
            due_after=START + timedelta(minutes=9),
        )
    ]
    s = StudySession(deck, {}, SETTINGS, earlier, clock=clock, tz=UTC, fuzz=False)
    answered: list[ReviewEntry] = []
    moves = dict.fromkeys(["answer", "undo", "suspend", "bury", "wait", "day"], 0)
    for _ in range(300):
        card = s.next_card()
        move = rng.choices(
            ["answer", "undo", "suspend", "bury", "wait", "day"], [10, 3, 1, 1, 3, 1]
        )[0]
        if move == "answer" and card is not None:
            answered.append(s.answer(card.id, Rating(rng.randint(1, 4)), 500).review)
        elif move == "undo" and answered:
            undone = s.undo()
            assert undone is not None and undone.review == answered.pop()
        elif move in ("suspend", "bury") and card is not None:
            (s.suspend if move == "suspend" else s.bury)(card.id)
        elif move == "wait":
            clock.now += timedelta(minutes=rng.choice([1, 5, 11, 30]))
        elif move == "day":
            clock.now += timedelta(days=1)
        else:
            continue
        moves[move] += 1
        fresh = from_scratch(s, deck, earlier, answered)
        assert s.counts == fresh.counts
        assert s.counts == deck_counts(
            deck,
            {progress_key("d", c.id): s.progress(c.id) for c in deck.cards},
            SETTINGS,
            clock.now,
            [*earlier, *answered],
            tz=UTC,
        )
        nxt, expected = s.next_card(), fresh.next_card()
        assert (nxt and nxt.id) == (expected and expected.id)
    # Every kind of move happened, so each was checked against the oracle.
    assert all(moves.values()), moves


def test_undo_gives_back_the_new_card_limit() -> None:
    deck = make_deck(10)
    clock = Clock()
    s = StudySession(deck, {}, StudySettings(new_per_day=2), clock=clock, tz=UTC, fuzz=False)
    assert s.counts.new == 2
    first = s.next_card()
    assert first is not None
    s.answer(first.id, Rating.good, 100)
    assert (s.counts.new, s.counts.learning) == (1, 1)
    s.undo()
    assert (s.counts.new, s.counts.learning) == (2, 0)
    assert s.next_card() == first


def test_a_suspended_learning_card_leaves_the_counts_and_comes_back() -> None:
    deck = make_deck(3)
    clock = Clock()
    s = StudySession(deck, {}, StudySettings(), clock=clock, tz=UTC, fuzz=False)
    s.answer("c0", Rating.again, 100)
    assert s.counts.learning == 1
    s.suspend("c0")
    assert (s.counts.learning, s.counts.new) == (0, 2)
    s.unsuspend("c0")
    assert s.counts.learning == 1
    s.bury("c0")
    assert s.counts.learning == 0
    clock.now += timedelta(days=1)  # buried cards come back at the rollover
    assert s.counts.learning == 1
    assert isinstance(s.progress("c0"), CardProgress)
