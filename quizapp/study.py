"""Spaced-repetition study: which card comes next and what an answer does to it.

Scheduling is FSRS-6 through the `fsrs` package; this module only decides the
order of cards (learning, then reviews, then new), enforces the daily limits,
and keeps Anki's habits: the day rolls over at ROLLOVER_HOUR local time,
learning cards due within LEARN_AHEAD are shown when nothing else is left,
leeches are suspended. Pure and headless: the clock and timezone are injected,
records go out as CardProgress/ReviewEntry for the store to persist.
"""

from __future__ import annotations

import bisect
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Any

import fsrs

from quizapp.model import Card, Deck, DeckError, Problem
from quizapp.model.progress import (
    CardProgress,
    CardState,
    Rating,
    ReviewEntry,
    StudySettings,
    progress_key,
)

#: The study day starts at this local hour, as in Anki: a late-night session counts as "today".
ROLLOVER_HOUR = 4
#: Learning cards due this soon are shown when nothing else is left (Anki's learn-ahead limit).
LEARN_AHEAD = timedelta(minutes=20)

_STATES = {
    fsrs.State.Learning: CardState.learning,
    fsrs.State.Review: CardState.review,
    fsrs.State.Relearning: CardState.relearning,
}
_LEARNING = (CardState.learning, CardState.relearning)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime) -> datetime:
    # fsrs insists on tzinfo == timezone.utc exactly; stores may hand back other UTC objects.
    if moment.tzinfo is None:
        raise ValueError(
            f"datetime {moment.isoformat()} has no timezone; the study clock must be aware"
        )
    return moment.astimezone(UTC)


def study_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The study day `moment` belongs to: the local date, shifted back by the rollover hour."""
    return (_utc(moment).astimezone(tz) - timedelta(hours=ROLLOVER_HOUR)).date()


def day_start(day: date, tz: tzinfo | None = None) -> datetime:
    """The UTC instant study day `day` begins (ROLLOVER_HOUR local time on that date)."""
    local = datetime.combine(day, time(ROLLOVER_HOUR))
    local = local.replace(tzinfo=tz) if tz is not None else local.astimezone()
    return local.astimezone(UTC)


def next_rollover(moment: datetime, tz: tzinfo | None = None) -> datetime:
    return day_start(study_day(moment, tz) + timedelta(days=1), tz)


@lru_cache(maxsize=64)
def scheduler_for(settings: StudySettings, *, fuzz: bool = True) -> fsrs.Scheduler:
    return fsrs.Scheduler(
        desired_retention=settings.desired_retention,
        learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps_minutes),
        relearning_steps=tuple(timedelta(minutes=m) for m in settings.relearning_steps_minutes),
        maximum_interval=settings.maximum_interval_days,
        enable_fuzzing=fuzz,
    )


def default_rating(correct: bool) -> Rating:
    """What a graded answer rates unless the student changes it."""
    return Rating.good if correct else Rating.again


def _fsrs_card(progress: CardProgress, now: datetime) -> fsrs.Card:
    if progress.fsrs is None:
        # A stable id, so that Card() neither reads the wall clock nor sleeps.
        return fsrs.Card(card_id=zlib.crc32(progress.key.encode()), due=now)
    try:
        return fsrs.Card.from_dict(progress.fsrs)  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError) as error:
        problem = Problem(
            file=f"progress of deck '{progress.deck_id}'",
            card=progress.card_id,
            field="fsrs",
            message=f"the saved scheduling state cannot be read ({error!r}); "
            "restore a backup of the library or reset this card's progress",
        )
        raise DeckError([problem]) from error


def is_leech_lapse(lapses: int, threshold: int) -> bool:
    """Anki's rule: a leech at the threshold, then again every half threshold."""
    if lapses < threshold:
        return False
    return (lapses - threshold) % max(1, threshold // 2) == 0


def schedule(
    progress: CardProgress,
    rating: Rating,
    now: datetime,
    settings: StudySettings,
    *,
    fuzz: bool = True,
) -> tuple[CardProgress, bool]:
    """The card's progress after answering `rating` at `now`, and whether it just became a leech."""
    now, rating = _utc(now), Rating(rating)
    card, _ = scheduler_for(settings, fuzz=fuzz).review_card(
        _fsrs_card(progress, now), fsrs.Rating(int(rating)), now
    )
    lapsed = progress.state is CardState.review and rating is Rating.again
    lapses = progress.lapses + lapsed
    leeched = lapsed and is_leech_lapse(lapses, settings.leech_lapses)
    updated = progress.model_copy(
        update={
            "state": _STATES[card.state],
            "fsrs": dict(card.to_dict()),
            "due": card.due,
            "reps": progress.reps + 1,
            "lapses": lapses,
            "leech": progress.leech or leeched,
            "suspended": progress.suspended or leeched,
        }
    )
    return updated, leeched


def preview_intervals(
    progress: CardProgress, settings: StudySettings, now: datetime
) -> dict[Rating, timedelta]:
    """The wait each button would give, without fuzz (what the answer buttons show)."""
    now = _utc(now)
    scheduler = scheduler_for(settings, fuzz=False)
    card = _fsrs_card(progress, now)
    out: dict[Rating, timedelta] = {}
    for rating in Rating:
        after, _ = scheduler.review_card(card, fsrs.Rating(int(rating)), now)
        out[rating] = after.due - now
    return out


_MINUTE, _HOUR, _DAY = 60.0, 3600.0, 86400.0
_YEAR = 365 * _DAY
_MONTH = _YEAR / 12


def format_interval(span: timedelta) -> str:
    """An interval as Anki writes it on a button: "45s", "10m", "3h", "4d", "3.2mo", "1.5y"."""
    seconds = abs(span.total_seconds())
    for limit, size, unit in (
        (_MINUTE, 1.0, "s"),
        (_HOUR, _MINUTE, "m"),
        (_DAY, _HOUR, "h"),
        (_MONTH, _DAY, "d"),
    ):
        if seconds < limit:
            return f"{round(seconds / size)}{unit}"
    size, unit = (_MONTH, "mo") if seconds < _YEAR else (_YEAR, "y")
    return f"{round(seconds / size, 1):g}{unit}"


@dataclass(frozen=True)
class Counts:
    """What is left to study now, within today's limits."""

    new: int
    learning: int
    due: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.due


def _available(progress: CardProgress, today: date) -> bool:
    return not progress.suspended and not (progress.buried_until and today < progress.buried_until)


def _done_today(
    deck_id: str, entries: Iterable[ReviewEntry], today: date, tz: tzinfo | None
) -> tuple[int, int]:
    """New cards introduced and review cards answered today in this deck (what the limits count)."""
    new = reviews = 0
    for entry in entries:
        if entry.deck_id != deck_id or study_day(entry.at, tz) != today:
            continue
        new += entry.state_before is CardState.new
        reviews += entry.state_before is CardState.review
    return new, reviews


_LEARN, _REVIEW, _NEW = 0, 1, 2  # the index's queues


def _due(item: tuple) -> Any:
    return item[0]


class _Index:
    """The deck's available cards in three sorted queues, for one study day.

    Built with one pass over the deck, then kept up to date card by card, so that
    choosing the next card costs a few bisections instead of a pass over every card.
    """

    def __init__(
        self,
        deck_id: str,
        card_ids: Sequence[str],
        progress: Mapping[str, CardProgress],
        today: date,
    ) -> None:
        self.today = today
        self._order = {card_id: index for index, card_id in enumerate(card_ids)}
        self._queues: tuple[list[tuple], list[tuple], list[tuple]] = ([], [], [])
        self._slots: dict[str, tuple[int, tuple]] = {}
        for card_id in self._order:
            self._place(card_id, progress.get(progress_key(deck_id, card_id)), insort=False)
        for queue in self._queues:
            queue.sort()

    def _place(self, card_id: str, p: CardProgress | None, *, insort: bool = True) -> None:
        if p is not None and not _available(p, self.today):
            return
        index = self._order[card_id]
        if p is None or p.state is CardState.new or p.due is None:
            slot = (_NEW, (index, card_id))
        elif p.state in _LEARNING:
            slot = (_LEARN, (_utc(p.due), card_id))
        else:
            slot = (_REVIEW, (_utc(p.due), index, card_id))
        self._slots[card_id] = slot
        queue = self._queues[slot[0]]
        (bisect.insort if insort else list.append)(queue, slot[1])

    def update(self, p: CardProgress) -> None:
        old = self._slots.pop(p.card_id, None)
        if old is not None:
            queue = self._queues[old[0]]
            del queue[bisect.bisect_left(queue, old[1])]
        self._place(p.card_id, p)

    def view(
        self, now: datetime, tz: tzinfo | None, new_left: int, reviews_left: int
    ) -> tuple[Counts, str | None]:
        """Today's counts at `now`, and the card to show next (None: nothing to do now)."""
        learning, reviews, new = self._queues
        end_of_day = day_start(self.today + timedelta(days=1), tz)
        learning_now = bisect.bisect_right(learning, now, key=_due)
        learning_ahead = bisect.bisect_right(learning, now + LEARN_AHEAD, key=_due)
        # Review cards are due by the day, as in Anki: any time before the next rollover.
        reviews_due = min(reviews_left, bisect.bisect_left(reviews, end_of_day, key=_due))
        new_due = min(new_left, len(new))
        counts = Counts(new=new_due, learning=learning_ahead, due=reviews_due)
        for count, queue in ((learning_now, learning), (reviews_due, reviews), (new_due, new)):
            if count:
                return counts, queue[0][-1]
        return counts, learning[0][-1] if learning_ahead else None


def deck_counts(
    deck: Deck,
    progress: Mapping[str, CardProgress],
    settings: StudySettings,
    now: datetime,
    reviews_today: Sequence[ReviewEntry] = (),
    *,
    tz: tzinfo | None = None,
) -> Counts:
    """New, learning and due counts for the home screen, within today's limits."""
    ids = [card.id for card in deck.cards]
    return card_counts(deck.id, ids, progress, settings, now, reviews_today, tz=tz)


def card_counts(
    deck_id: str,
    card_ids: Sequence[str],
    progress: Mapping[str, CardProgress],
    settings: StudySettings,
    now: datetime,
    reviews_today: Sequence[ReviewEntry] = (),
    *,
    tz: tzinfo | None = None,
) -> Counts:
    """`deck_counts` from the deck's card ids alone (all the counts need; no deck to load)."""
    now = _utc(now)
    today = study_day(now, tz)
    new_done, reviews_done = _done_today(deck_id, reviews_today, today, tz)
    index = _Index(deck_id, card_ids, progress, today)
    left = settings.new_per_day - new_done, settings.reviews_per_day - reviews_done
    return index.view(now, tz, max(0, left[0]), max(0, left[1]))[0]


def next_due(
    deck: Deck, progress: Mapping[str, CardProgress], *, tz: tzinfo | None = None
) -> datetime | None:
    """When the deck's next studied card falls due (a buried one from its return), or None.

    New cards have no due time and are not counted; suspended cards never fall due.
    """
    best: datetime | None = None
    for card in deck.cards:
        p = progress.get(progress_key(deck.id, card.id))
        if p is None or p.due is None or p.suspended or p.state is CardState.new:
            continue
        due = _utc(p.due)
        if p.buried_until is not None:
            due = max(due, day_start(p.buried_until, tz))
        if best is None or due < best:
            best = due
    return best


@dataclass(frozen=True)
class Answered:
    """One answer's result: what to persist (progress + review) and what it replaced."""

    progress: CardProgress
    review: ReviewEntry
    leeched: bool
    previous: CardProgress


@dataclass(frozen=True)
class Summary:
    """The end-of-session figures. Right means graded right, or not rated Again when self-rated."""

    studied: int
    right: int
    wrong: int
    again: int
    hard: int
    good: int
    easy: int
    time_spent: timedelta
    leeches: tuple[str, ...]
    next_due: datetime | None


class StudySession:
    """A study session over one deck. The caller persists each Answered before the next card."""

    def __init__(
        self,
        deck: Deck,
        progress: Mapping[str, CardProgress],
        settings: StudySettings,
        reviews_today: Sequence[ReviewEntry] = (),
        *,
        clock: Callable[[], datetime] = utcnow,
        tz: tzinfo | None = None,
        fuzz: bool = True,
    ) -> None:
        self.deck = deck
        self.settings = settings
        self._clock = clock
        self._tz = tz
        self._fuzz = fuzz
        self._cards = {card.id: card for card in deck.cards}
        # Only this deck's cards: progress of cards removed from the deck is ignored.
        self._progress: dict[str, CardProgress] = {}
        for card_id in self._cards:
            key = progress_key(deck.id, card_id)
            if key in progress:
                self._progress[key] = progress[key]
        self._earlier = tuple(e for e in reviews_today if e.deck_id == deck.id)
        self._answers: list[Answered] = []
        self._index: _Index | None = None
        self._earlier_done = (0, 0)  # new and review cards of earlier sessions, for the index's day

    def _now(self) -> datetime:
        return _utc(self._clock())

    def _view(self) -> tuple[Counts, str | None]:
        now = self._now()
        today = study_day(now, self._tz)
        if self._index is None or self._index.today != today:
            # A new study day: buried cards come back, limits start again.
            self._index = _Index(
                self.deck.id, [c.id for c in self.deck.cards], self._progress, today
            )
            self._earlier_done = _done_today(self.deck.id, self._earlier, today, self._tz)
        mine = _done_today(self.deck.id, (a.review for a in self._answers), today, self._tz)
        new_left = self.settings.new_per_day - self._earlier_done[0] - mine[0]
        reviews_left = self.settings.reviews_per_day - self._earlier_done[1] - mine[1]
        return self._index.view(now, self._tz, max(0, new_left), max(0, reviews_left))

    def _set(self, progress: CardProgress) -> CardProgress:
        self._progress[progress.key] = progress
        if self._index is not None:
            self._index.update(progress)
        return progress

    def progress(self, card_id: str) -> CardProgress:
        """The session's current view of a card (a fresh record for a card never studied)."""
        if card_id not in self._cards:
            raise KeyError(f"card {card_id!r} is not in deck {self.deck.id!r}")
        key = progress_key(self.deck.id, card_id)
        return self._progress.get(key) or CardProgress(deck_id=self.deck.id, card_id=card_id)

    def next_card(self) -> Card | None:
        """Learning due now, then reviews, then new, then learn-ahead; None: nothing to do now."""
        card_id = self._view()[1]
        return None if card_id is None else self._cards[card_id]

    def intervals(self, card_id: str) -> dict[Rating, timedelta]:
        return preview_intervals(self.progress(card_id), self.settings, self._now())

    def answer(
        self, card_id: str, rating: Rating, duration_ms: int, correct: bool | None = None
    ) -> Answered:
        previous = self.progress(card_id)
        now = self._now()
        updated, leeched = schedule(previous, Rating(rating), now, self.settings, fuzz=self._fuzz)
        review = ReviewEntry(
            deck_id=self.deck.id,
            card_id=card_id,
            rating=Rating(rating),
            at=now,
            duration_ms=max(0, int(duration_ms)),
            state_before=previous.state,
            state_after=updated.state,
            due_after=updated.due,
            correct=correct,
        )
        answered = Answered(progress=updated, review=review, leeched=leeched, previous=previous)
        self._set(updated)
        self._answers.append(answered)
        return answered

    def undo(self) -> Answered | None:
        """Take back the last answer (None if none): the caller persists its .previous again
        and deletes its .review."""
        if not self._answers:
            return None
        answered = self._answers.pop()
        self._set(answered.previous)
        return answered

    def _flag(self, card_id: str, **update: object) -> CardProgress:
        return self._set(self.progress(card_id).model_copy(update=update))

    def suspend(self, card_id: str) -> CardProgress:
        return self._flag(card_id, suspended=True)

    def unsuspend(self, card_id: str) -> CardProgress:
        """Back into study; a leech keeps its mark and is suspended again at its next leech."""
        return self._flag(card_id, suspended=False)

    def bury(self, card_id: str) -> CardProgress:
        """Hide the card until the next rollover; `buried_until` is the study day it returns."""
        return self._flag(
            card_id, buried_until=study_day(self._now(), self._tz) + timedelta(days=1)
        )

    @property
    def counts(self) -> Counts:
        return self._view()[0]

    @property
    def done(self) -> int:
        return len(self._answers)

    @property
    def remaining(self) -> int:
        return self.counts.total

    def summary(self) -> Summary:
        reviews = [a.review for a in self._answers]
        right = sum(
            1 for r in reviews if r.correct or (r.correct is None and r.rating is not Rating.again)
        )
        by_rating = {rating: sum(1 for r in reviews if r.rating is rating) for rating in Rating}
        return Summary(
            studied=len(reviews),
            right=right,
            wrong=len(reviews) - right,
            again=by_rating[Rating.again],
            hard=by_rating[Rating.hard],
            good=by_rating[Rating.good],
            easy=by_rating[Rating.easy],
            time_spent=timedelta(milliseconds=sum(r.duration_ms for r in reviews)),
            leeches=tuple(a.review.card_id for a in self._answers if a.leeched),
            next_due=next_due(self.deck, self._progress, tz=self._tz),
        )
