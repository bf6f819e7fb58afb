"""The home screen's one-pass count agrees with the study queues' index on any deck."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.model import CardProgress, CardState, Rating, ReviewEntry, StudySettings, progress_key
from quizapp.model.progress import STATE_CODES, ProgressBrief, ProgressColumns
from quizapp.store.summaries import progress_brief, progress_columns
from quizapp.study.days import study_day
from quizapp.study.queues import _Index, card_counts, column_counts

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)

cards = st.lists(
    st.tuples(
        st.sampled_from([None, *CardState]),
        st.integers(-3000, 3000),  # due, minutes from now
        st.booleans(),  # suspended
        st.sampled_from([None, -1, 0, 1]),  # buried until, days from today
    ),
    max_size=60,
)


@settings(deadline=None)
@given(cards, st.integers(0, 30), st.integers(0, 30))
def test_one_pass_counts_equal_the_index(
    rows: list[tuple[CardState | None, int, bool, int | None]], new_left: int, reviews_left: int
) -> None:
    ids = [f"c{i}" for i in range(len(rows))]
    progress = {}
    for card_id, (state, minutes, suspended, buried) in zip(ids, rows, strict=True):
        if state is None:
            continue
        progress[progress_key("d", card_id)] = CardProgress(
            deck_id="d", card_id=card_id, state=state, due=NOW + timedelta(minutes=minutes),
            suspended=suspended,
            buried_until=None if buried is None else date(2026, 3, 2) + timedelta(days=buried),
        )
    plan = StudySettings(new_per_day=new_left, reviews_per_day=reviews_left)
    counted = card_counts("d", ids, progress, plan, NOW, tz=UTC)
    index = _Index("d", ids, progress, study_day(NOW, UTC))
    assert counted == index.view(NOW, UTC, new_left, reviews_left)[0]


def _doc(p: CardProgress) -> dict:
    return p.model_dump(mode="json", exclude={"deck_id", "card_id"})


@settings(max_examples=200, deadline=None)
@given(
    cards, st.integers(0, 30), st.integers(0, 30), st.integers(1, 4),
    st.sets(st.integers(0, 59)),  # changed since the shards were written
    st.sets(st.integers(0, 59)),  # answered today (their siblings are buried)
    st.integers(0, 5),  # progress of cards no longer in the deck
)
def test_the_columns_count_equals_the_one_pass_count(
    rows: list[tuple[CardState | None, int, bool, int | None]], new_left: int,
    reviews_left: int, shards: int, changed: set[int], answered: set[int], orphans: int,
) -> None:
    """The home screen's count from the store's columns is card_counts' on any deck: cards
    split over shards, some changed since (or their progress removed), flags, buried
    siblings, progress of removed cards."""
    ids = [f"c{i}" for i in range(len(rows))]
    progress: dict[str, CardProgress] = {}
    for card_id, (state, minutes, suspended, buried) in zip(ids, rows, strict=True):
        if state is not None:
            progress[card_id] = CardProgress(
                deck_id="d", card_id=card_id, state=state,
                due=NOW + timedelta(minutes=minutes), suspended=suspended,
                buried_until=None if buried is None else date(2026, 3, 2) + timedelta(days=buried),
            )
    stored = {**progress, **{
        f"gone{i}": CardProgress(deck_id="d", card_id=f"gone{i}", state=CardState.review,
                                 due=NOW) for i in range(orphans)
    }}
    # What the shards hold: an older state for the changed cards, which `changed` replaces.
    older = {k: p.model_copy(update={"state": CardState.review, "due": NOW, "suspended": False})
             for k, p in stored.items()}
    moved = {ids[i] for i in changed if i < len(ids)}
    in_shards = {k: (older[k] if k in moved else p) for k, p in stored.items()}
    if moved:  # a changed card may also be one that had no progress before
        in_shards.pop(sorted(moved)[0], None)
    parts = [
        progress_columns([(k, _doc(p)) for n, (k, p) in enumerate(in_shards.items())
                          if n % shards == s])
        for s in range(shards)
    ]
    changes = {k: (ProgressBrief.of(progress_brief(_doc(progress[k]))) if k in progress else None)
               for k in moved}
    siblings = [[ids[i], ids[i + 1]] for i in range(0, len(ids) - 1, 2)]
    today = [
        ReviewEntry(deck_id="d", card_id=ids[i], rating=Rating.good, at=NOW, duration_ms=1,
                    state_before=CardState.learning, state_after=CardState.review)
        for i in sorted(answered) if i < len(ids)
    ]
    plan = StudySettings(new_per_day=new_left, reviews_per_day=reviews_left)
    keyed = {progress_key("d", k): p for k, p in progress.items()}
    expected = card_counts("d", ids, keyed, plan, NOW, today, tz=UTC, siblings=siblings)
    counted = column_counts("d", ids, ProgressColumns(parts, changes), plan, NOW, today,
                            tz=UTC, siblings=siblings)
    assert counted == expected


def test_every_state_has_a_column_code() -> None:
    assert {STATE_CODES[s.value] for s in CardState} == set("nlrv")


def test_the_columns_count_keeps_the_cut_offs_exact() -> None:
    """A learning card due exactly at the learn-ahead limit counts; a review due exactly
    at the next rollover does not (microseconds, not floats, in the columns)."""
    from quizapp.study.days import day_start
    from quizapp.study.queues import LEARN_AHEAD

    rollover = day_start(study_day(NOW, UTC) + timedelta(days=1), UTC)
    stored = {
        "at-limit": CardProgress(deck_id="d", card_id="at-limit", state=CardState.learning,
                                 due=NOW + LEARN_AHEAD),
        "past-limit": CardProgress(deck_id="d", card_id="past-limit", state=CardState.learning,
                                   due=NOW + LEARN_AHEAD + timedelta(microseconds=1)),
        "at-rollover": CardProgress(deck_id="d", card_id="at-rollover", state=CardState.review,
                                    due=rollover),
        "before": CardProgress(deck_id="d", card_id="before", state=CardState.review,
                               due=rollover - timedelta(microseconds=1)),
    }
    parts = [progress_columns([(k, _doc(p)) for k, p in stored.items()])]
    counted = column_counts("d", list(stored), ProgressColumns(parts, {}), StudySettings(), NOW,
                            tz=UTC)
    assert (counted.learning, counted.due) == (1, 1)


@settings(max_examples=150, deadline=None)
@given(cards, st.integers(1, 4), st.sets(st.integers(0, 59)), st.integers(0, 5))
def test_the_column_figures_equal_the_per_card_figures(
    rows: list[tuple[CardState | None, int, bool, int | None]], shards: int,
    changed: set[int], orphans: int,
) -> None:
    """The report's states and forecast from the store's columns are cards_by_state's
    and forecast's on any deck (shards, changes since the fold, flags, orphans)."""
    from quizapp.stats import cards_by_state, column_figures, forecast

    ids = [f"c{i}" for i in range(len(rows))]
    progress: dict[str, CardProgress] = {}
    for card_id, (state, minutes, suspended, buried) in zip(ids, rows, strict=True):
        if state is not None:
            progress[card_id] = CardProgress(
                deck_id="d", card_id=card_id, state=state,
                due=NOW + timedelta(minutes=minutes * 40), suspended=suspended,
                buried_until=None if buried is None else date(2026, 3, 2) + timedelta(days=buried),
            )
    stored = {**progress, **{
        f"gone{i}": CardProgress(deck_id="d", card_id=f"gone{i}", state=CardState.review,
                                 due=NOW) for i in range(orphans)
    }}
    moved = {ids[i] for i in changed if i < len(ids)}
    in_shards = {k: (p.model_copy(update={"state": CardState.learning}) if k in moved else p)
                 for k, p in stored.items()}
    parts = [
        progress_columns([(k, _doc(p)) for n, (k, p) in enumerate(in_shards.items())
                          if n % shards == s])
        for s in range(shards)
    ]
    changes = {k: (ProgressBrief.of(progress_brief(_doc(progress[k]))) if k in progress else None)
               for k in moved}
    states, due = column_figures(ids, ProgressColumns(parts, changes), NOW, 30, tz=UTC)
    assert states == cards_by_state("d", ids, progress)
    assert due == forecast("d", ids, progress, NOW, 30, tz=UTC)


def test_a_card_due_as_a_day_begins_falls_on_that_day() -> None:
    from quizapp.stats import column_figures, forecast
    from quizapp.study.days import day_start

    tomorrow = day_start(study_day(NOW, UTC) + timedelta(days=1), UTC)
    stored = {
        "at": CardProgress(deck_id="d", card_id="at", state=CardState.review, due=tomorrow),
        "just-before": CardProgress(deck_id="d", card_id="just-before", state=CardState.review,
                                    due=tomorrow - timedelta(microseconds=1)),
    }
    parts = [progress_columns([(k, _doc(p)) for k, p in stored.items()])]
    _, due = column_figures(list(stored), ProgressColumns(parts, {}), NOW, 3, tz=UTC)
    assert due == forecast("d", list(stored), stored, NOW, 3, tz=UTC) == [1, 1, 0]
