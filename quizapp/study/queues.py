"""What is left to study today: the three queues (learning, review, new) and their counts.

Learning cards come first, then reviews due before the next rollover, then new cards,
within the daily limits; learning cards due within LEARN_AHEAD are shown when nothing
else is left.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Protocol

from sortedcontainers import SortedList

from quizapp.model.progress import (
    CODE_STATES,
    CardProgress,
    CardState,
    ProgressBrief,
    ProgressColumns,
    ReviewEntry,
    StudySettings,
    from_micros,
    micros,
    progress_key,
)
from quizapp.study.days import _utc, day_start, study_day

if TYPE_CHECKING:
    from quizapp.model import Deck

#: Learning cards due this soon are shown when nothing else is left (Anki's learn-ahead limit).
LEARN_AHEAD = timedelta(minutes=20)

_LEARNING = (CardState.learning, CardState.relearning)


@dataclass(frozen=True)
class Counts:
    """What is left to study now, within today's limits."""

    new: int
    learning: int
    due: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.due


#: A card's sort key in its queue: (deck order, id) for new cards, (due, id) in learning,
#: (due, deck order, id) for reviews.
Slot = tuple[Any, ...]

def _available(progress: CardProgress | ProgressBrief, today: date) -> bool:
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


def queue_of(
    p: CardProgress | ProgressBrief | None, today: date, sibling_buried: bool = False
) -> int | None:
    """Which of the day's queues a card is in (None: suspended or buried today).

    `sibling_buried`: a card of the same note was answered today; Anki then buries the
    new and review cards of that note, but a sibling still in (re)learning stays.
    """
    if p is not None and not _available(p, today):
        return None
    if sibling_buried and (p is None or p.state not in _LEARNING):
        return None
    if p is None or p.state is CardState.new or p.due is None:
        return _NEW
    return _LEARN if p.state in _LEARNING else _REVIEW


class _Index:
    """The deck's available cards in three sorted queues, for one study day.

    Built with one pass over the deck, then kept up to date card by card in sorted lists
    (sortedcontainers: O(log n) to add or remove a card, where a plain list's insort moves
    every later item), so that choosing the next card and the counts cost a few bisections,
    not a pass over every card, whatever the deck's size.
    """

    def __init__(
        self,
        deck_id: str,
        card_ids: Sequence[str],
        progress: Mapping[str, CardProgress | ProgressBrief],
        today: date,
        hidden: Iterable[str] = (),
        plain: Iterable[tuple[str, str, int | None]] = (),
    ) -> None:
        """`plain`: (card id, state code, due) of cards no flag holds, as the store's
        progress columns give them (ProgressColumns.by_card), slotted from those alone;
        `progress` gives every other card's (none: a new card)."""
        self.today = today
        #: Cards out of today's new and review queues: siblings of a card answered today.
        self._hidden = hidden = set(hidden)
        self._order = order = {card_id: index for index, card_id in enumerate(card_ids)}
        self._slots: dict[str, tuple[int, Slot]] = {}
        built: tuple[list[Slot], list[Slot], list[Slot]] = ([], [], [])
        slots, slotted = self._slots, set()
        for card_id, code, due in plain:
            index = order.get(card_id)
            if index is None:
                continue
            slotted.add(card_id)
            at = None if due is None else from_micros(due)
            slot: tuple[int, Slot] | None
            if card_id in hidden:  # a buried sibling: queue_of decides, as for any card
                slot = self._slot(card_id, ProgressBrief(CODE_STATES[code], at, False, None))
            elif code == "n" or at is None:  # what queue_of says of an unflagged card
                slot = (_NEW, (index, card_id))
            elif code == "v":
                slot = (_REVIEW, (at, index, card_id))
            else:
                slot = (_LEARN, (at, card_id))
            if slot is not None:
                slots[card_id] = slot
                built[slot[0]].append(slot[1])
        # The rest in any order: a slot holds the card's place in the deck, and the
        # queues are sorted lists.
        for card_id in order.keys() - slotted if slotted else order:
            slot = self._slot(card_id, progress.get(progress_key(deck_id, card_id)))
            if slot is not None:
                slots[card_id] = slot
                built[slot[0]].append(slot[1])
        # Items are unique (card ids differ), so removal finds exactly the item.
        self._queues = (SortedList(built[0]), SortedList(built[1]), SortedList(built[2]))

    def _slot(
        self, card_id: str, p: CardProgress | ProgressBrief | None
    ) -> tuple[int, Slot] | None:
        queue = queue_of(p, self.today, card_id in self._hidden)
        if queue is None:
            return None
        index = self._order[card_id]
        if queue == _NEW:
            return (_NEW, (index, card_id))
        assert p is not None and p.due is not None
        if queue == _LEARN:
            return (_LEARN, (_utc(p.due), card_id))
        return (_REVIEW, (_utc(p.due), index, card_id))

    def update(self, p: CardProgress) -> None:
        self._reslot(p.card_id, p)

    def hide(self, card_id: str, p: CardProgress | None, hidden: bool) -> None:
        """Bury (or, after an undo, bring back) a sibling of a card answered today."""
        if hidden:
            self._hidden.add(card_id)
        else:
            self._hidden.discard(card_id)
        self._reslot(card_id, p)

    def _reslot(self, card_id: str, p: CardProgress | None) -> None:
        old = self._slots.pop(card_id, None)
        if old is not None:
            self._queues[old[0]].remove(old[1])
        slot = self._slot(card_id, p)
        if slot is not None:
            self._slots[card_id] = slot
            self._queues[slot[0]].add(slot[1])

    def view(
        self, now: datetime, tz: tzinfo | None, new_left: int, reviews_left: int
    ) -> tuple[Counts, str | None]:
        """Today's counts at `now`, and the card to show next (None: nothing to do now)."""
        learning, reviews, new = self._queues
        end_of_day = day_start(self.today + timedelta(days=1), tz)
        # A one-item tuple sorts before every (due, ...) item with that due: bisect_left on
        # (t,) counts the items due before t, and on (t + tick,) those due at t or before.
        learning_now = learning.bisect_left((now + _TICK,))
        learning_ahead = learning.bisect_left((now + LEARN_AHEAD + _TICK,))
        # Review cards are due by the day, as in Anki: any time before the next rollover.
        reviews_due = min(reviews_left, reviews.bisect_left((end_of_day,)))
        new_due = min(new_left, len(new))
        counts = Counts(new=new_due, learning=learning_ahead, due=reviews_due)
        for count, queue in ((learning_now, learning), (reviews_due, reviews), (new_due, new)):
            if count:
                return counts, queue[0][-1]
        return counts, learning[0][-1] if learning_ahead else None


def sibling_map(groups: Iterable[Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Each card's siblings, from groups of card ids (`anki_origin.sibling_groups`)."""
    return {
        card_id: tuple(other for other in ids if other != card_id)
        for ids in groups
        for card_id in ids
    }


def buried_siblings(
    siblings: Mapping[str, tuple[str, ...]], answered_today: Iterable[str]
) -> set[str]:
    """The cards buried until tomorrow because a sibling was answered today (Anki's "bury
    siblings": a note's other cards wait a day, so one card does not give the other away)."""
    return {other for card_id in answered_today for other in siblings.get(card_id, ())}


#: The smallest step of a datetime: "due at or before t" is "due before t + _TICK".
_TICK = timedelta(microseconds=1)


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
    ids = [card.id for card in deck.study_cards]
    return card_counts(
        deck.id,
        ids,
        progress,
        settings,
        now,
        reviews_today,
        tz=tz,
        siblings=deck.siblings,
    )


@dataclass(frozen=True)
class _DayPlan:
    """What counting needs to know of the day: its cut-offs, today's done, buried siblings."""

    today: date
    learning_before: datetime
    reviews_before: datetime
    hidden: set[str]
    new_left: int
    reviews_left: int

    @classmethod
    def of(
        cls, deck_id: str, settings: StudySettings, now: datetime,
        reviews_today: Sequence[ReviewEntry], tz: tzinfo | None,
        siblings: Sequence[Sequence[str]],
    ) -> _DayPlan:
        now = _utc(now)
        today = study_day(now, tz)
        new_done, reviews_done = _done_today(deck_id, reviews_today, today, tz)
        hidden: set[str] = set()
        if siblings and settings.bury_siblings:
            answered = [
                r.card_id
                for r in reviews_today
                if r.deck_id == deck_id and study_day(r.at, tz) == today
            ]
            hidden = buried_siblings(sibling_map(siblings), answered)
        return cls(
            today, now + LEARN_AHEAD, day_start(today + timedelta(days=1), tz), hidden,
            settings.new_per_day - new_done, settings.reviews_per_day - reviews_done,
        )

    def counted(self, p: CardProgress | ProgressBrief | None, card_id: str) -> tuple[int, int, int]:
        """One card's (new, learning, due) by `queue_of`: the rule every count follows."""
        queue = queue_of(p, self.today, card_id in self.hidden)
        if queue == _NEW:
            return 1, 0, 0
        if queue is None or p is None or p.due is None:  # queue_of says so
            return 0, 0, 0
        due = _utc(p.due)
        if queue == _LEARN:
            return 0, int(due <= self.learning_before), 0
        return 0, 0, int(due < self.reviews_before)

    def counts(self, new: int, learning: int, reviews: int) -> Counts:
        return Counts(
            new=min(max(0, self.new_left), new), learning=learning,
            due=min(max(0, self.reviews_left), reviews),
        )


def card_counts(
    deck_id: str,
    card_ids: Sequence[str],
    progress: Mapping[str, CardProgress | ProgressBrief],
    settings: StudySettings,
    now: datetime,
    reviews_today: Sequence[ReviewEntry] = (),
    *,
    tz: tzinfo | None = None,
    siblings: Sequence[Sequence[str]] = (),
) -> Counts:
    """`deck_counts` from the deck's card ids alone (all the counts need; no deck to load).

    One counting pass over the cards, by the same `queue_of` and the same cut-offs as
    `_Index.view` (learning due within LEARN_AHEAD, reviews due before the next rollover),
    without sorting them into queues. `siblings`: the groups of cards sharing a note, so
    that those buried today are not counted (as the study session does not show them).
    """
    plan = _DayPlan.of(deck_id, settings, now, reviews_today, tz, siblings)
    new = learning = reviews = 0
    for card_id in dict.fromkeys(card_ids):
        n, learn, due = plan.counted(progress.get(progress_key(deck_id, card_id)), card_id)
        new, learning, reviews = new + n, learning + learn, reviews + due
    return plan.counts(new, learning, reviews)


def column_counts(
    deck_id: str,
    card_ids: Sequence[str],
    columns: ProgressColumns,
    settings: StudySettings,
    now: datetime,
    reviews_today: Sequence[ReviewEntry] = (),
    *,
    tz: tzinfo | None = None,
    siblings: Sequence[Sequence[str]] = (),
) -> Counts:
    """`card_counts` from the store's progress columns (Library.progress_columns): what the
    home screen counts a 100k-card deck with, building no record per card.

    A card whose columns say all (not held by a flag, not changed since, not a buried
    sibling) is counted by its state code and due time, which is what `queue_of` decides
    for such a card: a whole shard of them by bisecting its sorted due times, else in a
    tight loop. Every other card goes through `queue_of` itself.
    Equal to `card_counts` on any deck (a property test).
    """
    plan = _DayPlan.of(deck_id, settings, now, reviews_today, tz, siblings)
    learning_before, reviews_before = micros(plan.learning_before), micros(plan.reviews_before)
    split = columns.split(dict.fromkeys(card_ids), plan.hidden)
    new, learning, reviews = split.unstudied, 0, 0  # cards with no progress are new
    for part in split.whole:
        new += part["n"]
        learning += bisect_right(part["L"], learning_before)
        reviews += bisect_left(part["R"], reviews_before)
    for code, due in split.plain:
        if code == "n" or due is None:
            new += 1
        elif code == "v":
            reviews += due < reviews_before
        else:
            learning += due <= learning_before
    for card_id, p in split.apart.items():
        n, learn, due = plan.counted(p, card_id)
        new, learning, reviews = new + n, learning + learn, reviews + due
    return plan.counts(new, learning, reviews)


class StudiedDeck(Protocol):
    """What `next_due` needs of a deck (a Deck, or the store's StoredDeck)."""

    @property
    def id(self) -> str: ...

    @property
    def study_ids(self) -> list[str]: ...


def next_due(
    deck: StudiedDeck,
    progress: Mapping[str, CardProgress] | Mapping[str, CardProgress | ProgressBrief],
    *,
    tz: tzinfo | None = None,
) -> datetime | None:
    """When the deck's next studied card falls due (a buried one from its return), or None.

    New cards have no due time and are not counted; suspended cards never fall due.
    """
    best: datetime | None = None
    for card_id in deck.study_ids:  # ids alone: no card is built
        p = progress.get(progress_key(deck.id, card_id))
        if p is None or p.due is None or p.suspended or p.state is CardState.new:
            continue
        due = _utc(p.due)
        if p.buried_until is not None:
            due = max(due, day_start(p.buried_until, tz))
        if best is None or due < best:
            best = due
    return best
