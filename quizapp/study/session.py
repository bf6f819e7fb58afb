"""A study session over one deck: the next card, answers, undo, bury and suspend, the summary.

Headless: the clock and timezone are injected, records go out as CardProgress and
ReviewEntry for the caller to persist.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from quizapp.model import Card, Deck
from quizapp.model.progress import (
    CardProgress,
    CardState,
    ProgressBrief,
    ProgressColumns,
    Rating,
    ReviewEntry,
    StudySettings,
    from_micros,
    progress_key,
)
from quizapp.store.records import StoredProgress
from quizapp.store.stored_deck import StoredDeck
from quizapp.study.days import _utc, study_day, utcnow
from quizapp.study.queues import (
    Counts,
    _done_today,
    _Index,
    buried_siblings,
    next_due,
    sibling_map,
)
from quizapp.study.scheduling import preview_intervals, schedule


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

    #: Whether the caller saves the answers: False for custom study (quizapp.study.custom).
    records = True

    def __init__(
        self,
        deck: Deck | StoredDeck,
        progress: Mapping[str, CardProgress],
        settings: StudySettings,
        reviews_today: Sequence[ReviewEntry] = (),
        *,
        clock: Callable[[], datetime] = utcnow,
        tz: tzinfo | None = None,
        fuzz: bool = True,
        columns: ProgressColumns | None = None,
    ) -> None:
        """`columns`: the same progress as the store's columns (Library.progress_columns),
        which the queues are built from without a tuple per card."""
        # The deck's cards are built when shown (a StoredDeck: a few of a 100k-card deck),
        # the whole deck only when something needs it (`deck`: an edit in review).
        self._source = deck if isinstance(deck, StoredDeck) else StoredDeck.of(deck)
        self.deck_id = deck.id
        self.settings = settings
        self._clock = clock
        self._tz = tz
        self._fuzz = fuzz
        #: The study cards' ids in deck order (the new queue's order), for membership too.
        self._cards = dict.fromkeys(self._source.study_ids)
        # The saved progress, asked only for this deck's cards (progress of cards removed
        # from the deck is ignored), and what this session has changed, which comes first.
        # The library's StoredProgress builds a record when it is asked for one and gives
        # the queues tuples (briefs), so a 100k-card deck opens without 100k records.
        self._stored = progress
        self._progress: dict[str, CardProgress] = {}
        #: What the queues and the next due time are worked out from, kept in step by _set:
        #: with `columns`, the cards no flag holds are `_plain` rows (card id, state code,
        #: due), read from the columns (a shard's due times are parsed once, by the fold),
        #: and `_queued` has only the others and this session's changes, which come first.
        self._plain: list[tuple[str, str, int | None]] = []
        self._queued: dict[str, CardProgress | ProgressBrief]
        if columns is not None:
            self._plain, apart = columns.by_card(self._cards)
            self._queued = {
                progress_key(self.deck_id, card_id): brief
                for card_id, brief in apart.items() if brief is not None
            }
        elif isinstance(progress, StoredProgress):
            self._queued = dict(progress.briefs())
        else:
            self._queued = dict(progress)
        self._earlier = tuple(e for e in reviews_today if e.deck_id == self.deck_id)
        self._answers: list[Answered] = []
        self._index: _Index | None = None
        self._earlier_done = (0, 0)  # new and review cards of earlier sessions, for the index's day
        # This session's answers that the daily limits count, by study day: [new, review].
        # Kept up to date on each answer and undo, so a count costs O(1), not a pass over
        # every answer of the session.
        self._limited: dict[date, list[int]] = {}
        # Each card's siblings (other cards of its Anki note), buried for the day one is answered.
        self._siblings = sibling_map(self._source.siblings) if settings.bury_siblings else {}
        #: When the session began: its time spent counts from here, not only time on answers.
        self.started_at = clock()

    @property
    def deck(self) -> Deck:
        """The whole deck, every card built (once; about a second at 100k cards, so off the
        UI thread: `deck_built` says whether it is free)."""
        return self._source.whole()

    @property
    def deck_built(self) -> bool:
        return self._source.built

    @property
    def head(self) -> Deck:
        """The deck's metadata (id, title, language, sources) without its cards."""
        return self._source.head

    @property
    def has_cards(self) -> bool:
        return bool(self._cards)

    def card(self, card_id: str) -> Card:
        """A study card of the deck, built when first asked for (KeyError if none)."""
        if card_id not in self._cards:
            raise KeyError(card_id)
        return self._source.card(card_id)

    def _now(self) -> datetime:
        return _utc(self._clock())

    def _view(self) -> tuple[Counts, str | None]:
        now = self._now()
        today = study_day(now, self._tz)
        if self._index is None or self._index.today != today:
            # A new study day: buried cards come back, limits start again.
            self._index = _Index(
                self.deck_id,
                list(self._cards),
                self._queued,
                today,
                buried_siblings(self._siblings, self._answered_on(today)),
                self._unchanged_plain(),
            )
            self._earlier_done = _done_today(self.deck_id, self._earlier, today, self._tz)
        mine = self._limited.get(today, (0, 0))
        new_left = self.settings.new_per_day - self._earlier_done[0] - mine[0]
        reviews_left = self.settings.reviews_per_day - self._earlier_done[1] - mine[1]
        return self._index.view(now, self._tz, max(0, new_left), max(0, reviews_left))

    def _answered_on(self, day: date) -> list[str]:
        """The cards with siblings answered on this study day, in earlier sessions or this one."""
        if not self._siblings:
            return []
        reviews = [*self._earlier, *(a.review for a in self._answers)]
        return [
            r.card_id
            for r in reviews
            if r.card_id in self._siblings and study_day(r.at, self._tz) == day
        ]

    def _bury_siblings(self, card_id: str, day: date) -> None:
        """Bring the index's burial of this card's siblings up to date after an answer or undo."""
        if card_id not in self._siblings or self._index is None or self._index.today != day:
            return
        buried = buried_siblings(self._siblings, self._answered_on(day))
        for other in self._siblings[card_id]:
            self._index.hide(
                other, self._saved_or_changed(progress_key(self.deck_id, other)), other in buried
            )

    def _tally(self, review: ReviewEntry, step: int) -> None:
        """Count an answer in (step 1) or out (step -1, an undo) of its day's limits."""
        day = self._limited.setdefault(study_day(review.at, self._tz), [0, 0])
        day[0] += step * (review.state_before is CardState.new)
        day[1] += step * (review.state_before is CardState.review)

    def _set(self, progress: CardProgress) -> CardProgress:
        self._progress[progress.key] = progress
        self._queued[progress.key] = progress
        if self._index is not None:
            self._index.update(progress)
        return progress

    def progress(self, card_id: str) -> CardProgress:
        """The session's current view of a card (a fresh record for a card never studied)."""
        if card_id not in self._cards:
            raise KeyError(f"card {card_id!r} is not in deck {self.deck_id!r}")
        key = progress_key(self.deck_id, card_id)
        return self._saved_or_changed(key) or CardProgress(deck_id=self.deck_id, card_id=card_id)

    def _saved_or_changed(self, key: str) -> CardProgress | None:
        changed = self._progress.get(key)
        return changed if changed is not None else self._stored.get(key)

    def next_card(self) -> Card | None:
        """Learning due now, then reviews, then new, then learn-ahead; None: nothing to do now."""
        card_id = self._view()[1]
        return None if card_id is None else self._source.card(card_id)

    def intervals(self, card_id: str) -> dict[Rating, timedelta]:
        return preview_intervals(self.progress(card_id), self.settings, self._now())

    def answer(
        self, card_id: str, rating: Rating, duration_ms: int, correct: bool | None = None
    ) -> Answered:
        previous = self.progress(card_id)
        now = self._now()
        updated, leeched = schedule(previous, Rating(rating), now, self.settings, fuzz=self._fuzz)
        review = ReviewEntry(
            deck_id=self.deck_id,
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
        self._tally(review, 1)
        self._bury_siblings(card_id, study_day(now, self._tz))
        return answered

    def undo(self) -> Answered | None:
        """Take back the last answer (None if none): the caller persists its .previous again
        and deletes its .review."""
        if not self._answers:
            return None
        answered = self._answers.pop()
        self._tally(answered.review, -1)
        self._set(answered.previous)
        self._bury_siblings(answered.review.card_id, study_day(answered.review.at, self._tz))
        return answered

    def _flag(self, card_id: str, **update: object) -> CardProgress:
        return self._set(self.progress(card_id).model_copy(update=update))

    def put(self, progress: CardProgress) -> CardProgress:
        """Put a card's progress back as it was (undoing a bury, a suspend, a mark)."""
        if progress.deck_id != self.deck_id or progress.card_id not in self._cards:
            raise KeyError(f"card {progress.card_id!r} is not in deck {self.deck_id!r}")
        return self._set(progress)

    def replace_deck(self, deck: Deck) -> None:
        """Go on with an edited deck (a card changed in review); its cards must be the same."""
        if deck.id != self.deck_id or set(deck.study_ids) != self._cards.keys():
            raise ValueError("an edit in review keeps the deck's cards and their ids")
        self._source = StoredDeck.of(deck)

    def saved(self, card_id: str) -> CardProgress:
        """The card's progress as the library keeps it (what undoing a flag puts back)."""
        return self.progress(card_id)

    def put_saved(self, progress: CardProgress) -> CardProgress:
        """Put back a card's saved progress (undoing a bury, a suspend, a mark)."""
        return self.put(progress)

    def mark(self, card_id: str, marked: bool = True) -> CardProgress:
        """Anki's mark: the card is flagged for the student to come back to; study goes on."""
        return self._flag(card_id, marked=marked)

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
            # The whole session, reading and undoing included, as a student would time it.
            time_spent=max(timedelta(0), self._now() - _utc(self.started_at)),
            leeches=tuple(a.review.card_id for a in self._answers if a.leeched),
            next_due=self._next_due(),
        )

    def _next_due(self) -> datetime | None:
        """When a card is next due: now while new or review cards wait today (new cards have
        no due time, so the studied cards alone would say "in 9m" beside "18 still due")."""
        counts = self.counts
        if counts.new or counts.due:
            return self._now()
        found = next_due(self._source, self._queued, tz=self._tz)
        # The plain rows: no flag, so due when their due time says (new cards never).
        plain = min((due for _, code, due in self._unchanged_plain()
                     if code != "n" and due is not None), default=None)
        if plain is None:
            return found
        return from_micros(plain) if found is None else min(found, from_micros(plain))

    def _unchanged_plain(self) -> list[tuple[str, str, int | None]]:
        """The `_plain` rows of cards this session has not changed (those are `_queued`)."""
        if not self._progress:
            return self._plain
        prefix, changed = f"{self.deck_id}/", self._progress
        return [row for row in self._plain if prefix + row[0] not in changed]
