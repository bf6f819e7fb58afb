"""Study history from another tool (Anki's review log) turned into FSRS progress.

A migrating student keeps their schedule: each card's reviews are replayed, oldest first,
through the deck's FSRS scheduler (without fuzz), as py-fsrs'
`Scheduler.reschedule_card(card, logs)` does (`progress_from_history`, one card through
`review_card`); an import replays every card at once (`import_histories`, study/replay.py:
the memory states from fsrs-rs in one batch, the same states and due dates, stability and
difficulty within f32's precision). The replay also gives the state before and
after each review, so every imported review becomes a ReviewEntry like one made here
(statistics and true retention count them). Lapses are counted as study/scheduling.py
counts them (Again on a card in review); suspension and burial are kept.

A review card that came without its log (a package exported without it, or reviews
since removed) keeps Anki's schedule as Anki's own FSRS migration does: its memory state
from the SM-2 ease and interval (fsrs-rs `memory_state_from_sm2`, at Anki's default
historical retention 0.9), its due date as Anki had it, last reviewed one interval before.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from typing import TYPE_CHECKING, Any

import fsrs
from pydantic import TypeAdapter

from quizapp.bulk import collecting_later
from quizapp.model.progress import (
    CardProgress,
    CardState,
    Rating,
    ReviewEntry,
    StudySettings,
)
from quizapp.model.trusted import construct_typed
from quizapp.study.days import _utc, study_day
from quizapp.study.replay import fsrs_card_id, fsrs_rs, replay_many, sorted_reviews
from quizapp.study.scheduling import _STATES, scheduler_for
from quizapp.wording import counted

if TYPE_CHECKING:
    from quizapp.formats import CardHistory, Sm2State

#: The retention SM-2 is assumed to have kept (Anki's "historical retention", default 0.9).
SM2_RETENTION = 0.9


#: Ratings 1-4 as fsrs and the model name them (a dict lookup: calling an Enum is slow,
#: and an import makes one per review).
_FSRS_RATINGS = {int(r): r for r in fsrs.Rating}
_RATINGS = {int(r): r for r in Rating}


class _ReplayCard(fsrs.Card):
    """An fsrs.Card that copies itself in a third of the time: `review_card` copies the
    card it is given, and copy.copy of a plain Card goes through __reduce_ex__ (5.4 us
    against 1.6 us; an import copies one per review). The same fields, the same to_dict."""

    def __copy__(self) -> _ReplayCard:
        new = object.__new__(type(self))
        new.__dict__.update(self.__dict__)
        return new


@cache
def _entries_adapter() -> TypeAdapter[list[ReviewEntry]]:
    # One call validates every replayed review of an import (a third cheaper than one
    # ReviewEntry(...) per review at 11k).
    return TypeAdapter(list[ReviewEntry])


def progress_from_history(
    deck_id: str,
    history: CardHistory,
    settings: StudySettings,
    now: datetime,
    tz: tzinfo | None = None,
) -> tuple[CardProgress, list[ReviewEntry]]:
    """The card's progress after its imported reviews, and those reviews as log entries."""
    scheduler = scheduler_for(settings, fuzz=False)
    progress, entries = _replay(deck_id, history, settings, now, tz, scheduler)
    return progress, _entries_adapter().validate_python(entries)


def _replay(
    deck_id: str,
    history: CardHistory,
    settings: StudySettings,
    now: datetime,
    tz: tzinfo | None,
    scheduler: fsrs.Scheduler,
) -> tuple[CardProgress, list[dict[str, Any]]]:
    """progress_from_history, its log entries as the fields of each ReviewEntry."""
    if not history.reviews and history.sm2 is not None:
        return _from_sm2(deck_id, history, history.sm2, settings, now, tz), []
    key = f"{deck_id}/{history.card_id}"
    reviews = sorted(history.reviews, key=lambda review: review[0])
    card: fsrs.Card = _ReplayCard(
        card_id=zlib.crc32(key.encode()), due=_utc(reviews[0][0]) if reviews else now
    )
    state, lapses, entries = CardState.new, 0, []
    review_card, card_id = scheduler.review_card, history.card_id
    for at, rating, duration in reviews:
        at = at if at.tzinfo is UTC else _utc(at)
        card, _ = review_card(card, _FSRS_RATINGS[rating], at)
        after = _STATES[card.state]
        lapses += state is CardState.review and rating == Rating.again
        entries.append(
            {
                "deck_id": deck_id,
                "card_id": card_id,
                "rating": _RATINGS[rating],
                "at": at,
                "duration_ms": duration,
                "state_before": state,
                "state_after": after,
                "due_after": card.due,
            }
        )
        state = after
    progress = CardProgress(
        deck_id=deck_id,
        card_id=history.card_id,
        state=state,
        fsrs=dict(card.to_dict()) if entries else None,
        due=card.due if entries else None,
        reps=len(entries),
        lapses=lapses,
        suspended=history.suspended,
        buried_until=study_day(now, tz) + timedelta(days=1) if history.buried else None,
    )
    return progress, entries


def _fsrs_rs(parameters: tuple[float, ...] | None) -> Any:
    """The Rust FSRS model for these parameters (FSRS-6's defaults when None), built once."""
    return fsrs_rs(tuple(parameters or scheduler_for(StudySettings()).parameters))


def _from_sm2(
    deck_id: str,
    history: CardHistory,
    sm2: Sm2State,
    settings: StudySettings,
    now: datetime,
    tz: tzinfo | None,
) -> CardProgress:
    memory = _fsrs_rs(settings.parameters).memory_state_from_sm2(
        sm2.ease, float(sm2.interval_days), SM2_RETENTION
    )
    due = _utc(sm2.due)
    card = fsrs.Card(
        card_id=zlib.crc32(f"{deck_id}/{history.card_id}".encode()),
        state=fsrs.State.Review,
        step=None,
        stability=float(memory.stability),
        difficulty=float(memory.difficulty),
        due=due,
        last_review=due - timedelta(days=sm2.interval_days),
    )
    return CardProgress(
        deck_id=deck_id,
        card_id=history.card_id,
        state=CardState.review,
        fsrs=dict(card.to_dict()),
        due=due,
        reps=sm2.reps,
        lapses=sm2.lapses,
        suspended=history.suspended,
        buried_until=study_day(now, tz) + timedelta(days=1) if history.buried else None,
    )


def import_histories(
    deck_id: str,
    histories: Iterable[CardHistory],
    settings: StudySettings,
    now: datetime,
    tz: tzinfo | None = None,
) -> tuple[list[CardProgress], list[ReviewEntry]]:
    """Every card's progress after its imported reviews, and those reviews as log entries:
    `progress_from_history` of each, with the memory states computed in one batch
    (study/replay.py: the same states within f32's precision, the same due dates)."""
    scheduler = scheduler_for(settings, fuzz=False)  # one for the deck, not one per card
    histories = list(histories)
    replayed = [h for h in histories if h.reviews]
    logs = [sorted_reviews(h) for h in replayed]
    for log in logs:
        if any(duration < 0 or rating not in _RATINGS for _, rating, duration in log):
            raise ValueError("an imported review has no rating 1-4 or a negative duration")
    walked = iter(
        replay_many(scheduler, logs, [fsrs_card_id(deck_id, h.card_id) for h in replayed])
    )
    buried_until = study_day(now, tz) + timedelta(days=1)
    progress: list[CardProgress] = []
    reviews: list[ReviewEntry] = []
    for history in histories:
        if not history.reviews:
            if history.sm2 is not None:
                progress.append(_from_sm2(deck_id, history, history.sm2, settings, now, tz))
            else:
                progress.append(_unreviewed(deck_id, history, buried_until))
            continue
        card, steps = next(walked)
        state, lapses = CardState.new, 0
        for at, rating, duration, fsrs_state, due in steps:
            after = _STATES[fsrs_state]
            lapses += state is CardState.review and rating == 1
            # Built, not validated: every value is of its type already (the deck's ids,
            # ratings and durations checked above, aware UTC times, enum members).
            reviews.append(
                construct_typed(
                    ReviewEntry,
                    {
                        "deck_id": deck_id,
                        "card_id": history.card_id,
                        "rating": _RATINGS[rating],
                        "at": at,
                        "duration_ms": duration,
                        "state_before": state,
                        "state_after": after,
                        "due_after": due,
                    },
                )
            )
            state = after
        progress.append(
            construct_typed(
                CardProgress,
                {
                    "deck_id": deck_id,
                    "card_id": history.card_id,
                    "state": state,
                    "fsrs": dict(card.to_dict()),
                    "due": card.due,
                    "reps": len(steps),
                    "lapses": lapses,
                    "suspended": history.suspended,
                    "buried_until": buried_until if history.buried else None,
                },
            )
        )
    return progress, reviews


def _unreviewed(deck_id: str, history: CardHistory, buried_until: date) -> CardProgress:
    """A new card that was only suspended or buried."""
    return CardProgress(
        deck_id=deck_id,
        card_id=history.card_id,
        suspended=history.suspended,
        buried_until=buried_until if history.buried else None,
    )


def import_into(
    library: Any, deck_id: str, histories: list[CardHistory], now: datetime
) -> str:
    """Put a deck's imported history into the library (`Library.import_history`, one
    durable step) and say what was done. Cards already studied here keep their progress,
    so importing the same package twice adds nothing twice."""
    studied = library.progress(deck_id)
    fresh = [h for h in histories if h.card_id not in studied]
    with collecting_later():  # a record per review and per card: quizapp/bulk.py
        progress, reviews = import_histories(deck_id, fresh, library.settings(deck_id), now)
        added = library.import_history(deck_id, progress, reviews)
    suspended = sum(p.suspended for p in progress)
    buried = sum(p.buried_until is not None for p in progress)
    kept = len(histories) - len(fresh)
    from_sm2 = sum(not h.reviews and h.sm2 is not None for h in fresh)
    replayed = sum(bool(h.reviews) for h in fresh)
    return (
        f"history: {counted(added, 'review')} of {counted(replayed, 'card')} imported "
        f"(FSRS state rebuilt from them), {suspended} suspended, {buried} buried"
        + (
            f"; {counted(from_sm2, 'card')} without reviews kept Anki's schedule (FSRS "
            "state from their interval and ease)"
            if from_sm2
            else ""
        )
        + (f"; {counted(kept, 'card')} already studied here: progress kept" if kept else "")
    )
