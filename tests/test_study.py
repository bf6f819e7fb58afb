"""Study sessions over simulated days: the clock is injected and travels."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest

from quizapp.model import Deck, DeckError, Flashcard
from quizapp.model.progress import CardProgress, CardState, Rating, StudySettings, progress_key
from quizapp.study import (
    LEARN_AHEAD,
    ROLLOVER_HOUR,
    Counts,
    StudySession,
    day_start,
    deck_counts,
    default_rating,
    format_interval,
    next_due,
    next_rollover,
    preview_intervals,
    schedule,
    study_day,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning


class Clock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def to(self, moment: datetime) -> None:
        self.now = moment


def make_deck(n: int, deck_id: str = "d") -> Deck:
    cards = tuple(Flashcard(id=f"c{i}", front=f"q{i}", back=f"a{i}") for i in range(n))
    return Deck(id=deck_id, title="Deck", cards=cards)


def session(
    deck: Deck,
    clock: Clock,
    progress: dict[str, CardProgress] | None = None,
    settings: StudySettings | None = None,
    reviews=(),
) -> StudySession:
    return StudySession(
        deck,
        progress or {},
        settings or StudySettings(),
        reviews,
        clock=clock,
        tz=UTC,
        fuzz=False,
    )


def to_review(s: StudySession, clock: Clock, card_id: str) -> CardProgress:
    """Learn a new card through its steps until it is a review card."""
    while True:
        result = s.answer(card_id, Rating.good, 1000)
        if result.progress.state is CardState.review:
            return result.progress
        clock.to(result.progress.due)


# --- the life of a card -----------------------------------------------------------------


def test_new_learning_review_lapse_relearning() -> None:
    clock = Clock()
    s = session(make_deck(1), clock)
    assert s.progress("c0").state is CardState.new and s.progress("c0").fsrs is None

    first = s.answer("c0", Rating.good, 3000)
    assert first.previous.state is CardState.new
    assert first.progress.state is CardState.learning
    assert first.progress.due == START + timedelta(minutes=10)
    assert first.review.state_before is CardState.new
    assert first.review.state_after is CardState.learning
    assert first.progress.reps == 1

    clock.to(first.progress.due)
    second = s.answer("c0", Rating.good, 2000)
    assert second.progress.state is CardState.review
    assert second.progress.due - clock.now >= timedelta(days=1)

    clock.to(second.progress.due)
    lapse = s.answer("c0", Rating.again, 2000)
    assert lapse.progress.state is CardState.relearning
    assert lapse.progress.lapses == 1
    assert lapse.progress.due == clock.now + timedelta(minutes=10)
    assert not lapse.leeched

    clock.to(lapse.progress.due)
    back = s.answer("c0", Rating.good, 2000)
    assert back.progress.state is CardState.review
    assert back.progress.lapses == 1  # Again in relearning is not a second lapse


def test_again_while_learning_is_not_a_lapse() -> None:
    clock = Clock()
    s = session(make_deck(1), clock)
    for _ in range(10):
        result = s.answer("c0", Rating.again, 500)
        clock.to(result.progress.due)
    assert result.progress.state is CardState.learning
    assert result.progress.lapses == 0 and not result.progress.leech


def test_eight_lapses_make_a_leech_which_is_suspended() -> None:
    clock = Clock()
    s = session(make_deck(1), clock)
    clock.to(to_review(s, clock, "c0").due)
    leeched_at = []
    for lapse in range(1, 13):
        result = s.answer("c0", Rating.again, 1000)
        assert result.progress.lapses == lapse
        if result.leeched:
            leeched_at.append(lapse)
            assert result.progress.suspended and result.progress.leech
            assert s.next_card() is None
            s.unsuspend("c0")
        clock.to(result.progress.due)
        clock.to(to_review(s, clock, "c0").due)
    # Anki's rule: at the threshold, then every half threshold.
    assert leeched_at == [8, 12]
    assert s.summary().leeches == ("c0", "c0")
    assert s.progress("c0").leech


def test_leech_threshold_follows_settings() -> None:
    clock = Clock()
    s = session(make_deck(1), clock, settings=StudySettings(leech_lapses=2))
    clock.to(to_review(s, clock, "c0").due)
    first = s.answer("c0", Rating.again, 1000)
    assert not first.leeched
    clock.to(first.progress.due)
    clock.to(to_review(s, clock, "c0").due)
    assert s.answer("c0", Rating.again, 1000).leeched


# --- order, limits and the day ----------------------------------------------------------


def test_learning_then_review_then_new() -> None:
    clock = Clock()
    deck = make_deck(3)
    # c2 is a review card due now, c1 is learning due now, c0 is new.
    past = Clock(START - timedelta(days=30))
    helper = session(deck, past)
    progress = {
        progress_key("d", "c2"): to_review(helper, past, "c2"),
        progress_key("d", "c1"): helper.answer("c1", Rating.good, 1000).progress,
    }
    s = session(deck, clock, progress)
    assert s.counts == Counts(new=1, learning=1, due=1)
    shown = []
    for _ in range(3):
        card = s.next_card()
        assert card is not None
        shown.append(card.id)
        s.answer(card.id, Rating.easy, 1000)
    assert shown == ["c1", "c2", "c0"]


def test_learn_ahead_only_when_nothing_else() -> None:
    clock = Clock()
    s = session(make_deck(2), clock)
    s.answer("c0", Rating.again, 1000)  # back in 1 minute
    assert s.counts == Counts(new=1, learning=1, due=0)
    # c0 is within learn-ahead but not due: the new card comes first.
    assert s.next_card().id == "c1"
    s.answer("c1", Rating.easy, 1000)
    # Nothing else left: c0 is shown ahead of time.
    assert s.next_card().id == "c0"
    s.answer("c0", Rating.good, 1000)  # next step: 10 minutes, still within learn-ahead
    assert s.counts.learning == 1
    assert s.next_card().id == "c0"


def test_learning_beyond_learn_ahead_waits() -> None:
    clock = Clock()
    s = session(make_deck(1), clock, settings=StudySettings(learning_steps_minutes=(30.0, 60.0)))
    s.answer("c0", Rating.good, 1000)  # now at the 60-minute step
    assert s.next_card() is None and s.counts == Counts(0, 0, 0)
    clock.advance(minutes=60)
    clock.now -= LEARN_AHEAD
    assert s.next_card().id == "c0"


def test_new_limit_and_4am_rollover() -> None:
    clock = Clock(datetime(2026, 3, 2, 22, 0, tzinfo=UTC))
    deck = make_deck(12)
    s = session(deck, clock, settings=StudySettings(new_per_day=5))
    assert s.counts.new == 5
    for _ in range(5):
        s.answer(s.next_card().id, Rating.easy, 1000)
    assert s.counts.new == 0 and s.next_card() is None
    clock.to(datetime(2026, 3, 3, ROLLOVER_HOUR - 1, 59, tzinfo=UTC))
    assert s.counts.new == 0, "before the rollover it is still the same study day"
    clock.to(datetime(2026, 3, 3, ROLLOVER_HOUR, 0, tzinfo=UTC))
    assert s.counts.new == 5
    assert s.next_card().id == "c5"


def test_limits_count_reviews_from_earlier_sessions() -> None:
    clock = Clock()
    deck = make_deck(10)
    settings = StudySettings(new_per_day=4)
    first = session(deck, clock, settings=settings)
    log, progress = [], {}
    for _ in range(3):
        result = first.answer(first.next_card().id, Rating.easy, 1000)
        log.append(result.review)
        progress[result.progress.key] = result.progress
    clock.advance(hours=2)
    again = session(deck, clock, progress, settings, reviews=log)
    assert again.counts.new == 1
    # Another deck's reviews do not count against this deck.
    other = [r.model_copy(update={"deck_id": "other"}) for r in log]
    assert session(deck, clock, progress, settings, reviews=other).counts.new == 4


def test_review_limit() -> None:
    deck = make_deck(6)
    past = Clock(START - timedelta(days=60))
    helper = session(deck, past)
    progress = {progress_key("d", c.id): to_review(helper, past, c.id) for c in deck.cards}
    clock = Clock(START + timedelta(days=200))
    s = session(deck, clock, progress, StudySettings(reviews_per_day=4))
    assert s.counts == Counts(new=0, learning=0, due=4)
    for _ in range(4):
        s.answer(s.next_card().id, Rating.good, 1000)
    assert s.counts.due == 0 and s.next_card() is None
    clock.advance(days=1)
    assert s.counts.due == 2


def test_review_cards_are_due_by_the_day() -> None:
    # Due at 15:00: already due at 09:00 that study day, as in Anki.
    progress = CardProgress(
        deck_id="d", card_id="c0", state=CardState.review, due=datetime(2026, 3, 2, 15, tzinfo=UTC)
    )
    deck = make_deck(1)
    fsrs_card = fsrs.Card(
        card_id=1,
        state=fsrs.State.Review,
        stability=5.0,
        difficulty=5.0,
        due=progress.due,
        last_review=progress.due - timedelta(days=5),
    )
    progress = progress.model_copy(update={"fsrs": dict(fsrs_card.to_dict())})
    counts = deck_counts(deck, {progress.key: progress}, StudySettings(), START, tz=UTC)
    assert counts == Counts(new=0, learning=0, due=1)
    day_before = datetime(2026, 3, 1, 9, tzinfo=UTC)
    assert deck_counts(deck, {progress.key: progress}, StudySettings(), day_before, tz=UTC).due == 0


def test_study_day_in_local_time() -> None:
    paris = ZoneInfo("Europe/Paris")  # UTC+1 in March before DST
    assert study_day(datetime(2026, 3, 2, 2, 59, tzinfo=UTC), paris) == date(2026, 3, 1)
    assert study_day(datetime(2026, 3, 2, 3, 0, tzinfo=UTC), paris) == date(2026, 3, 2)
    with pytest.raises(ValueError, match="timezone"):
        study_day(datetime(2026, 3, 2, 3, 0))
    assert day_start(date(2026, 3, 2), paris) == datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    # Summer time: 4 am in Paris is 2 am UTC.
    assert next_rollover(datetime(2026, 7, 1, 12, tzinfo=UTC), paris) == datetime(
        2026, 7, 2, 2, 0, tzinfo=UTC
    )


def test_new_cards_come_back_at_4am_local_time() -> None:
    paris = ZoneInfo("Europe/Paris")
    clock = Clock(datetime(2026, 3, 2, 20, 0, tzinfo=UTC))
    s = StudySession(
        make_deck(3), {}, StudySettings(new_per_day=1), clock=clock, tz=paris, fuzz=False
    )
    s.answer(s.next_card().id, Rating.easy, 1000)
    s.bury("c1")
    assert s.counts.new == 0
    clock.to(datetime(2026, 3, 3, 2, 59, tzinfo=UTC))  # 03:59 in Paris
    assert s.counts.new == 0
    clock.to(datetime(2026, 3, 3, 3, 0, tzinfo=UTC))  # 04:00 in Paris
    assert s.counts.new == 1 and s.next_card().id == "c1"


# --- undo, bury, suspend ----------------------------------------------------------------


def test_undo_restores_progress_and_counters() -> None:
    clock = Clock()
    s = session(make_deck(5), clock, settings=StudySettings(new_per_day=3))
    before = s.counts
    answers = []
    for rating in (Rating.good, Rating.easy, Rating.again):
        card = s.next_card()
        answers.append(s.answer(card.id, rating, 1500, correct=rating is not Rating.again))
    assert s.done == 3 and s.counts.new == 0

    undone = s.undo()
    assert undone is answers[2]
    assert s.progress(undone.review.card_id) == undone.previous
    assert s.done == 2 and s.counts.new == 1
    assert s.undo() is answers[1]
    assert s.undo() is answers[0]
    assert s.undo() is None
    assert s.done == 0 and s.counts == before
    assert s.summary().studied == 0
    assert all(s.progress(a.review.card_id).state is CardState.new for a in answers)


def test_bury_until_next_rollover() -> None:
    clock = Clock(datetime(2026, 3, 2, 22, 0, tzinfo=UTC))
    s = session(make_deck(2), clock)
    buried = s.bury("c0")
    assert buried.buried_until == date(2026, 3, 3)
    assert s.next_card().id == "c1" and s.counts.new == 1
    clock.to(datetime(2026, 3, 3, 3, 59, tzinfo=UTC))
    assert s.counts.new == 1
    clock.to(datetime(2026, 3, 3, 4, 0, tzinfo=UTC))
    assert s.counts.new == 2 and s.next_card().id == "c0"


def test_suspend_and_unsuspend() -> None:
    clock = Clock()
    s = session(make_deck(2), clock)
    assert s.suspend("c0").suspended
    assert s.next_card().id == "c1" and s.counts.new == 1
    assert not s.unsuspend("c0").suspended
    assert s.next_card().id == "c0" and s.counts.new == 2
    with pytest.raises(KeyError, match="not in deck"):
        s.suspend("nope")


# --- intervals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "text"),
    [
        (timedelta(seconds=30), "30s"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=5, seconds=30), "6m"),
        (timedelta(hours=3, minutes=10), "3h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=29), "29d"),
        (timedelta(days=97), "3.2mo"),
        (timedelta(days=365), "1y"),
        (timedelta(days=550), "1.5y"),
    ],
)
def test_format_interval(span: timedelta, text: str) -> None:
    assert format_interval(span) == text


def test_intervals_of_a_new_card() -> None:
    s = session(make_deck(1), Clock())
    shown = {rating: format_interval(span) for rating, span in s.intervals("c0").items()}
    assert shown[Rating.again] == "1m"
    assert shown[Rating.hard] == "6m"
    assert shown[Rating.good] == "10m"
    assert shown[Rating.easy].endswith("d")
    # Previewing does not change anything.
    assert s.progress("c0").state is CardState.new and s.done == 0


def test_preview_matches_the_answer_and_grows() -> None:
    clock = Clock()
    s = session(make_deck(1), clock)
    clock.to(to_review(s, clock, "c0").due)
    preview = s.intervals("c0")
    assert (
        preview[Rating.again] < preview[Rating.hard] <= preview[Rating.good] < preview[Rating.easy]
    )
    result = s.answer("c0", Rating.good, 1000)
    assert result.progress.due - clock.now == preview[Rating.good]


def test_fsrs_state_round_trip_gives_same_intervals() -> None:
    clock = Clock()
    s = session(make_deck(1), clock)
    clock.to(to_review(s, clock, "c0").due)
    clock.to(s.answer("c0", Rating.hard, 1000).progress.due)
    progress = s.progress("c0")
    # Through JSON, as the store keeps it, and through fsrs's own dict round trip.
    stored = CardProgress.model_validate_json(progress.model_dump_json())
    assert stored == progress
    redict = fsrs.Card.from_dict(fsrs.Card.from_dict(stored.fsrs).to_dict()).to_dict()
    rebuilt = stored.model_copy(update={"fsrs": dict(redict)})
    settings = StudySettings()
    for later in (clock.now, clock.now + timedelta(days=3)):
        assert preview_intervals(rebuilt, settings, later) == preview_intervals(
            progress, settings, later
        )
    fresh = session(make_deck(1), clock, {stored.key: stored})
    assert fresh.intervals("c0") == s.intervals("c0")


def test_fuzz_stays_near_the_preview() -> None:
    clock = Clock()
    progress = CardProgress(deck_id="d", card_id="c0")
    settings = StudySettings()
    progress, _ = schedule(progress, Rating.easy, clock.now, settings, fuzz=False)
    later = progress.due + timedelta(days=20)
    exact = preview_intervals(progress, settings, later)[Rating.good]
    for _ in range(20):
        fuzzed, _ = schedule(progress, Rating.good, later, settings, fuzz=True)
        assert abs((fuzzed.due - later) - exact) <= exact * 0.2


# --- grading, summary, home screen -----------------------------------------------------


def test_default_rating_and_correct_is_recorded() -> None:
    assert default_rating(True) is Rating.good
    assert default_rating(False) is Rating.again
    s = session(make_deck(1), Clock())
    result = s.answer("c0", Rating.hard, 800, correct=True)  # student changed Good to Hard
    assert result.review.correct is True and result.review.rating is Rating.hard


def test_summary_figures() -> None:
    clock = Clock()
    s = session(make_deck(4), clock)
    s.answer("c0", Rating.good, 4000, correct=True)
    s.answer("c1", Rating.again, 6000, correct=False)
    s.answer("c2", Rating.easy, 1000)  # self-rated flashcard: not Again counts as right
    s.answer("c3", Rating.again, 2500)
    s.answer("c1", Rating.hard, 3000, correct=True)
    clock.now += timedelta(seconds=40)  # the time on screen, not only the answers' 16.5 s
    summary = s.summary()
    assert summary.studied == 5
    assert (summary.right, summary.wrong) == (3, 2)
    assert (summary.again, summary.hard, summary.good, summary.easy) == (2, 1, 1, 1)
    assert summary.time_spent == timedelta(seconds=40)
    # Nothing new or due is left today: the next is c3's first learning step.
    assert summary.next_due == START + timedelta(minutes=1)
    assert summary.leeches == ()


def test_deck_counts_and_next_due_for_the_home_screen() -> None:
    clock = Clock()
    deck = make_deck(4)
    s = session(deck, clock)
    progress = {}
    for card_id in ("c0", "c1"):
        result = s.answer(card_id, Rating.easy, 1000)
        progress[result.progress.key] = result.progress
    # Progress of a card no longer in the deck is ignored.
    ghost = CardProgress(deck_id="d", card_id="gone", state=CardState.learning, due=START)
    progress[ghost.key] = ghost
    counts = deck_counts(deck, progress, StudySettings(), clock.now, [], tz=UTC)
    assert counts == Counts(new=2, learning=0, due=0)
    assert next_due(deck, progress) == min(p.due for k, p in progress.items() if k != ghost.key)
    assert next_due(deck, {}) is None
    assert session(deck, clock, progress).progress("c0") == progress[progress_key("d", "c0")]


def test_naive_clock_is_refused() -> None:
    s = StudySession(make_deck(1), {}, StudySettings(), clock=lambda: datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="timezone"):
        s.next_card()


def test_unreadable_fsrs_state_is_a_located_problem() -> None:
    broken = CardProgress(
        deck_id="d", card_id="c0", state=CardState.review, due=START, fsrs={"state": 2}
    )
    s = session(make_deck(1), Clock(), {broken.key: broken})
    with pytest.raises(DeckError) as caught:
        s.answer("c0", Rating.good, 1000)
    problem = caught.value.problems[0]
    assert (problem.card, problem.field) == ("c0", "fsrs")
    assert "reset" in problem.message


def test_session_queues_agree_with_a_fresh_look_after_every_step() -> None:
    """The session keeps its queues incrementally; a session built from scratch must agree."""
    rng = random.Random(7)
    clock = Clock(datetime(2026, 3, 2, 20, 0, tzinfo=UTC))
    deck = make_deck(25)
    settings = StudySettings(new_per_day=8, reviews_per_day=6, leech_lapses=2)
    s = session(deck, clock, settings=settings)
    log = []
    for _ in range(400):
        action = rng.random()
        card = s.next_card()
        if action < 0.6 and card is not None:
            result = s.answer(card.id, rng.choice(list(Rating)), rng.randint(500, 9000))
            log.append(result.review)
        elif action < 0.7 and s.undo() is not None:
            log.pop()
        elif action < 0.75:
            s.bury(rng.choice(deck.cards).id)
        elif action < 0.8:
            s.suspend(rng.choice(deck.cards).id)
        elif action < 0.85:
            s.unsuspend(rng.choice(deck.cards).id)
        else:
            clock.advance(minutes=rng.choice([1, 5, 15, 60, 300, 1440]))
        progress = {p.key: p for p in (s.progress(c.id) for c in deck.cards)}
        fresh = session(deck, clock, progress, settings, reviews=log)
        assert (
            s.counts
            == fresh.counts
            == deck_counts(deck, progress, settings, clock.now, log, tz=UTC)
        )
        assert s.next_card() == fresh.next_card()
        assert s.done == len(log)
