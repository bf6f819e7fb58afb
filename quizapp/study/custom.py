"""Custom study, as Anki's "custom study session": extra practice that leaves the schedule
alone. Which cards (`pick`), and a session over them (`CustomSession`) whose answers the
caller does not save (`records` is False): no review is logged, no due date moves.

    ahead   cards due in the next N days (reviews and learning cards, soonest first)
    tag     every card with the tag (or below it: tag geo takes geo::africa), shuffled
    misses  the cards answered Again today, in the order they were missed
    all     every card of the deck, shuffled

A card answered Again comes back once more at the end of the session; any other rating
takes it out. Suspending or burying a card works as in any session and is saved (it is no
answer and moves no due date), on the saved schedule, not this session's. Headless: the
clock and timezone are injected; the order of a shuffle is quizapp.shuffle's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Literal

from quizapp.model import Card, Deck, Rating, progress_key
from quizapp.model.progress import CardProgress, CardState, ReviewEntry, StudySettings
from quizapp.search import SearchIndex, When, parse
from quizapp.shuffle import permuted
from quizapp.study.days import _utc, day_start, next_rollover, study_day, utcnow
from quizapp.study.queues import Counts, next_due
from quizapp.study.session import Answered, StudySession, Summary

if TYPE_CHECKING:
    from quizapp.store import Library

How = Literal["ahead", "tag", "misses", "all"]
HOWS: dict[How, str] = {
    "ahead": "Review ahead: cards due in the next days",
    "tag": "Cram a tag: every card with the tag",
    "misses": "Today's misses: cards answered Again today",
    "all": "All cards, in a random order",
}
NOT_SAVED = "Custom study: answers are not saved and no due date changes"


class CustomError(ValueError):
    """A custom study that cannot start; the message says why and what to do."""


@dataclass(frozen=True)
class CustomStudy:
    how: How
    days: int = 1  # ahead: how many days ahead
    tag: str = ""  # tag: which tag
    seed: int | None = field(default=None, compare=False)  # the shuffle's; None: as listed


def pick(
    deck: Deck,
    progress: Mapping[str, CardProgress],
    reviews_today: Sequence[ReviewEntry],
    spec: CustomStudy,
    now: datetime,
    tz: tzinfo | None = None,
) -> list[str]:
    """The ids of the cards a custom study takes, in the order they are shown.

    `progress` by card id. CustomError if the choice takes no card (saying why)."""
    if spec.how == "ahead":
        if not 1 <= spec.days <= 3650:
            raise CustomError("review ahead: give a number of days from 1 to 3650")
        until = next_rollover(now, tz) + timedelta(days=spec.days)
        due = [
            (_utc(p.due), i, card.id)
            for i, card in enumerate(deck.cards)
            if (p := progress.get(card.id)) is not None
            and p.state is not CardState.new
            and p.due is not None
            and not p.suspended
            and _utc(p.due) < until
        ]
        ids = [card_id for _, _, card_id in sorted(due)]
        why = f"no card is due in the next {spec.days} day{'s' if spec.days != 1 else ''}"
    elif spec.how == "tag":
        tag = spec.tag.strip()
        if not tag or '"' in tag:
            raise CustomError("cram a tag: type a tag of the deck, for example geo")
        index = SearchIndex(deck.cards)
        found = index.find(parse(f'tag:"{tag}"'), progress, When(now, study_day(now, tz)))
        ids = list(permuted([deck.cards[i].id for i in found], spec.seed))
        why = f"no card has the tag {tag!r}"
    elif spec.how == "misses":
        since = day_start(study_day(now, tz), tz)
        in_deck = {card.id for card in deck.cards}
        missed = (
            r.card_id
            for r in reviews_today
            if r.rating is Rating.again and _utc(r.at) >= since and r.card_id in in_deck
        )
        ids = list(dict.fromkeys(missed))
        why = "no card was answered Again today"
    else:
        ids = list(permuted([card.id for card in deck.cards], spec.seed))
        why = "the deck has no cards"
    if not ids:
        raise CustomError(f"nothing to study: {why}")
    return ids


class CustomSession(StudySession):
    """A session over picked cards, each once (Again: once more, at the end). Its answers
    are scheduled only in memory, so the buttons show real intervals; nothing is saved."""

    records = False

    def __init__(
        self,
        deck: Deck,
        progress: Mapping[str, CardProgress],
        settings: StudySettings,
        card_ids: Sequence[str],
        *,
        clock: Callable[[], datetime] = utcnow,
        tz: tzinfo | None = None,
        fuzz: bool = True,
    ) -> None:
        super().__init__(deck, progress, settings, clock=clock, tz=tz, fuzz=fuzz)
        self._saved = dict(progress)  # the schedule as it stays
        self._queue = list(card_ids)
        self._again: set[str] = set()  # cards already put back once
        self._before: list[tuple[list[str], set[str]]] = []  # the queue before each answer

    def next_card(self) -> Card | None:
        return self.card(self._queue[0]) if self._queue else None

    def answer(
        self, card_id: str, rating: Rating, duration_ms: int, correct: bool | None = None
    ) -> Answered:
        self._before.append((list(self._queue), set(self._again)))
        answered = super().answer(card_id, rating, duration_ms, correct)
        if card_id in self._queue:
            self._queue.remove(card_id)
        if Rating(rating) is Rating.again and card_id not in self._again:
            self._again.add(card_id)
            self._queue.append(card_id)
        return answered

    def undo(self) -> Answered | None:
        answered = super().undo()
        if answered is not None:
            self._queue, self._again = self._before.pop()
        return answered

    def _saved_flag(self, card_id: str, **update: object) -> CardProgress:
        """Suspend or bury as in any session, on the saved schedule (what the caller saves):
        this session's in-memory intervals never reach the library. The card leaves the queue."""
        key = progress_key(self.deck_id, card_id)
        saved = self._saved.get(key) or CardProgress(deck_id=self.deck_id, card_id=card_id)
        self._saved[key] = saved.model_copy(update=update)
        self._set(self.progress(card_id).model_copy(update=update))
        self._queue = [other for other in self._queue if other != card_id]
        return self._saved[key]

    def saved(self, card_id: str) -> CardProgress:
        key = progress_key(self.deck_id, card_id)
        return self._saved.get(key) or CardProgress(deck_id=self.deck_id, card_id=card_id)

    def put_saved(self, progress: CardProgress) -> CardProgress:
        """Undoing a flag: the saved schedule back, and the card as this session had it
        before the flag (its in-memory intervals are this session's only)."""
        self._saved[progress_key(self.deck_id, progress.card_id)] = progress
        flags = {"suspended": progress.suspended, "buried_until": progress.buried_until,
                 "marked": progress.marked}
        return self._set(self.progress(progress.card_id).model_copy(update=flags))

    def suspend(self, card_id: str) -> CardProgress:
        return self._saved_flag(card_id, suspended=True)

    def mark(self, card_id: str, marked: bool = True) -> CardProgress:
        """A mark is saved, on the saved schedule; the card stays in the queue."""
        queue = list(self._queue)
        saved = self._saved_flag(card_id, marked=marked)
        self._queue = queue
        return saved

    def bury(self, card_id: str) -> CardProgress:
        until = study_day(self._now(), self._tz) + timedelta(days=1)
        return self._saved_flag(card_id, buried_until=until)

    @property
    def counts(self) -> Counts:
        kinds = [self.progress(card_id).state for card_id in self._queue]
        new = sum(state is CardState.new for state in kinds)
        learning = sum(state in (CardState.learning, CardState.relearning) for state in kinds)
        return Counts(new=new, learning=learning, due=len(kinds) - new - learning)

    def summary(self) -> Summary:
        # When the deck's next card is really due: the saved schedule, not this session's.
        return replace(super().summary(), next_due=next_due(self.deck, self._saved, tz=self._tz))


def open_custom(
    library: Library,
    deck: Deck,
    spec: CustomStudy,
    *,
    clock: Callable[[], datetime] = utcnow,
    tz: tzinfo | None = None,
    fuzz: bool = True,
) -> CustomSession:
    """A custom session over the deck's saved progress (CustomError if it takes no card)."""
    now = clock()
    progress = library.progress(deck.id)
    since = day_start(study_day(now, tz), tz)
    ids = pick(deck, progress, library.reviews(deck.id, since=since), spec, now, tz)
    keyed = {progress_key(deck.id, card_id): p for card_id, p in progress.items()}
    return CustomSession(
        deck, keyed, library.settings(deck.id), ids, clock=clock, tz=tz, fuzz=fuzz
    )
