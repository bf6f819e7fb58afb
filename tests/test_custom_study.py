"""Custom study (quizapp.study.custom): which cards each kind takes, and a session over them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from quizapp.model import CardProgress, CardState, Deck, Rating, ReviewEntry, StudySettings
from quizapp.model.progress import progress_key
from quizapp.study.custom import CustomError, CustomSession, CustomStudy, pick

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)  # rollover at 04:00 UTC: today is 2026-03-02

DECK = Deck.model_validate(
    {
        "id": "d",
        "title": "D",
        "cards": [
            {"id": f"c{i}", "kind": "flashcard", "front": f"f{i}", "back": f"b{i}",
             "tags": tags}
            for i, tags in enumerate(
                [["geo::africa"], ["geo::europe"], ["geography"], [], ["GEO"]]
            )
        ],
    }
)


def review(card_id: str, due: datetime, **more: object) -> CardProgress:
    return CardProgress(deck_id="d", card_id=card_id, state=CardState.review, due=due,
                        **more)  # type: ignore[arg-type]


PROGRESS = {
    "c0": review("c0", NOW + timedelta(days=2)),
    "c1": review("c1", NOW + timedelta(hours=20)),  # due tomorrow
    "c2": review("c2", NOW + timedelta(days=10)),
    "c3": review("c3", NOW + timedelta(hours=1), suspended=True),
}


def answered(card_id: str, rating: Rating, at: datetime) -> ReviewEntry:
    return ReviewEntry(deck_id="d", card_id=card_id, rating=rating, at=at, duration_ms=1000,
                       state_before=CardState.review, state_after=CardState.relearning)


def test_review_ahead_takes_the_cards_due_in_the_next_days_soonest_first() -> None:
    assert pick(DECK, PROGRESS, [], CustomStudy("ahead", days=1), NOW) == ["c1"]
    assert pick(DECK, PROGRESS, [], CustomStudy("ahead", days=3), NOW) == ["c1", "c0"]
    assert pick(DECK, PROGRESS, [], CustomStudy("ahead", days=30), NOW) == ["c1", "c0", "c2"]


def test_cram_a_tag_takes_the_tag_and_below_in_any_case() -> None:
    assert sorted(pick(DECK, PROGRESS, [], CustomStudy("tag", tag="geo"), NOW)) == [
        "c0", "c1", "c4"
    ]
    assert pick(DECK, PROGRESS, [], CustomStudy("tag", tag="geo::africa"), NOW) == ["c0"]


def test_todays_misses_are_the_cards_answered_again_today_once_each() -> None:
    log = [
        answered("c2", Rating.again, NOW - timedelta(days=1)),  # yesterday
        answered("c1", Rating.again, NOW - timedelta(hours=2)),
        answered("c0", Rating.good, NOW - timedelta(hours=2)),
        answered("c1", Rating.again, NOW - timedelta(hours=1)),
        answered("c4", Rating.again, NOW - timedelta(minutes=5)),
        answered("gone", Rating.again, NOW - timedelta(minutes=5)),  # not in the deck now
    ]
    assert pick(DECK, PROGRESS, log, CustomStudy("misses"), NOW) == ["c1", "c4"]


def test_all_cards_in_an_order_drawn_from_the_seed() -> None:
    first = pick(DECK, PROGRESS, [], CustomStudy("all", seed=7), NOW)
    assert sorted(first) == [f"c{i}" for i in range(5)]
    assert pick(DECK, PROGRESS, [], CustomStudy("all", seed=7), NOW) == first
    orders = {tuple(pick(DECK, PROGRESS, [], CustomStudy("all", seed=s), NOW)) for s in range(20)}
    assert len(orders) > 1


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        (CustomStudy("misses"), "nothing to study: no card was answered Again today"),
        (CustomStudy("tag", tag="history"), "nothing to study: no card has the tag 'history'"),
        (CustomStudy("tag", tag=" "), "cram a tag: type a tag of the deck"),
        (CustomStudy("ahead", days=0), "review ahead: give a number of days from 1 to 3650"),
    ],
)
def test_a_custom_study_with_no_card_says_why(spec: CustomStudy, says: str) -> None:
    with pytest.raises(CustomError, match="^" + says):
        pick(DECK, PROGRESS, [], spec, NOW)


def session(ids: list[str]) -> CustomSession:
    keyed = {progress_key("d", k): p for k, p in PROGRESS.items()}
    return CustomSession(DECK, keyed, StudySettings(), ids, clock=lambda: NOW, fuzz=False)


def test_the_session_shows_each_card_once_and_again_once_more_at_the_end() -> None:
    s = session(["c1", "c0"])
    assert not s.records
    assert s.counts.total == 2
    card = s.next_card()
    assert card is not None and card.id == "c1"
    s.answer("c1", Rating.again, 1000)
    assert [s.next_card().id, s.counts.total] == ["c0", 2]  # type: ignore[union-attr]
    s.answer("c0", Rating.good, 1000)
    assert s.next_card().id == "c1"  # type: ignore[union-attr]
    s.answer("c1", Rating.again, 1000)  # once more is enough: not put back again
    assert s.next_card() is None and s.done == 3
    s.undo()
    assert s.next_card().id == "c1" and s.counts.total == 1  # type: ignore[union-attr]


def test_the_summary_says_when_the_saved_schedule_is_next_due() -> None:
    s = session(["c1"])
    s.answer("c1", Rating.easy, 1000)  # in memory, c1 would move weeks ahead
    assert s.summary().next_due == PROGRESS["c1"].due
    assert s.summary().studied == 1
    assert PROGRESS["c1"].due is not None and date(2026, 3, 3) == PROGRESS["c1"].due.date()


def test_suspend_and_bury_keep_the_saved_schedule_and_take_the_card_out() -> None:
    s = session(["c1", "c0"])
    s.answer("c1", Rating.easy, 1000)
    s.undo()
    s.answer("c1", Rating.again, 1000)  # back at the end, scheduled in memory only
    suspended = s.suspend("c1")
    assert suspended == PROGRESS["c1"].model_copy(update={"suspended": True})  # saved due kept
    buried = s.bury("c0")
    assert buried.due == PROGRESS["c0"].due and buried.buried_until == date(2026, 3, 3)
    assert s.next_card() is None and s.counts.total == 0
