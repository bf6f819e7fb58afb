"""The home screen's one-pass count agrees with the study queues' index on any deck."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.model import CardProgress, CardState, StudySettings, progress_key
from quizapp.study.days import study_day
from quizapp.study.queues import _Index, card_counts

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
