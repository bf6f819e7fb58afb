"""The reviewer's work behind its screen: answer, undo, suspend, bury, mark and edit, each saved.

The study screen calls this and nothing else to change a card: it only shows and forwards.
Every step is written to the library before it counts, and every step goes on one undo
stack (Anki's `u` and ctrl+z take back an answer, a bury, a suspend, a mark or an edit
alike, newest first). A write that fails (a full disk, a read-only library: a StoreError)
leaves the session as it was before the step and the error goes to the caller to show;
nothing half-done stays behind, in the library or in the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Literal

from quizapp.editing import DeckEditor
from quizapp.model import Card, Deck
from quizapp.model.progress import CardProgress, Rating
from quizapp.store import Library
from quizapp.store.stored_deck import StoredDeck
from quizapp.study.custom import CustomStudy, open_custom
from quizapp.study.days import day_start, study_day, utcnow
from quizapp.study.session import Answered, StudySession

Kind = Literal["answer", "bury", "suspend", "mark", "edit"]

#: What an undone step is called when the student is told.
_UNDONE: dict[Kind, str] = {
    "answer": "Undid the answer to card {}.",
    "bury": "Unburied card {}: it is back in today's study.",
    "suspend": "Unsuspended card {}.",
    "mark": "Undid the mark on card {}.",
    "edit": "Undid the edit of card {}: its previous content is back.",
}


@dataclass(frozen=True)
class Step:
    """One thing done in review, with what puts it back."""

    kind: Kind
    card_id: str
    #: An answer and its id in the review log.
    answered: Answered | None = None
    review_id: int = 0
    #: A bury, a suspend or a mark: the card's progress before it.
    previous: CardProgress | None = None
    #: An edit: the deck before it.
    previous_deck: Deck | None = None


@dataclass(frozen=True)
class Undone:
    """What an undo took back, the card to show again and what to tell the student."""

    step: Step
    card: Card
    message: str


def open_session(
    library: Library,
    deck: Deck | StoredDeck,
    *,
    clock: Callable[[], datetime] = utcnow,
    tz: tzinfo | None = None,
    fuzz: bool = True,
) -> StudySession:
    """A session over the deck's saved progress, settings and today's reviews."""
    since = day_start(study_day(clock(), tz), tz)
    # The queues come from the columns the fold keeps beside each progress shard (read
    # first, so that they are read and not recomputed from the shards read next).
    columns = library.progress_columns(deck.id)
    return StudySession(
        deck,
        library.stored_progress(deck.id),  # keyed as the session keys it; records built on use
        library.settings(deck.id),
        library.reviews(deck.id, since=since),
        clock=clock,
        tz=tz,
        fuzz=fuzz,
        columns=columns,
    )


class StudyService:
    """A study session kept in step with the library, with one undo stack for every step."""

    def __init__(self, library: Library, session: StudySession) -> None:
        self.library = library
        self.session = session
        self._steps: list[Step] = []

    @classmethod
    def open(
        cls,
        library: Library,
        deck_id: str,
        *,
        clock: Callable[[], datetime] = utcnow,
        tz: tzinfo | None = None,
        fuzz: bool = True,
        custom: CustomStudy | None = None,
    ) -> StudyService:
        """The service over a deck of the library (KeyError, DeckError or StoreError if not;
        CustomError if a custom study takes no card)."""
        if custom is not None:
            deck = library.deck(deck_id)  # a custom study searches every card
            return cls(library, open_custom(library, deck, custom, clock=clock, tz=tz, fuzz=fuzz))
        # The deck read and checked, its cards built as the session shows them.
        stored = library.stored_deck(deck_id)
        return cls(library, open_session(library, stored, clock=clock, tz=tz, fuzz=fuzz))

    @property
    def deck(self) -> Deck:
        """The whole deck (built on first use: off the UI thread at 100k cards)."""
        return self.session.deck

    @property
    def can_undo(self) -> bool:
        return bool(self._steps)

    @property
    def steps(self) -> tuple[Step, ...]:
        """The undo stack, oldest first."""
        return tuple(self._steps)

    # --- steps --------------------------------------------------------------------------

    def answer(
        self, card_id: str, rating: Rating, duration_ms: int, correct: bool | None = None
    ) -> Answered:
        """Rate a card and save it (durable when this returns); StoreError: not counted.
        A custom study (quizapp.study.custom) saves no answer: `session.records` is False."""
        answered = self.session.answer(card_id, rating, duration_ms, correct)
        review_id = -1
        if self.session.records:
            try:
                review_id = self.library.record_answer(answered.progress, answered.review)
            except Exception:
                self.session.undo()
                raise
        self._steps.append(Step("answer", card_id, answered=answered, review_id=review_id))
        return answered

    def suspend(self, card_id: str) -> CardProgress:
        return self._change("suspend", card_id, self.session.suspend)

    def bury(self, card_id: str) -> CardProgress:
        """Hide the card until the next study day."""
        return self._change("bury", card_id, self.session.bury)

    def mark(self, card_id: str) -> CardProgress:
        """Mark the card, or unmark a marked one; study goes on with the same card."""
        marked = not self.session.progress(card_id).marked
        return self._change("mark", card_id, lambda cid: self.session.mark(cid, marked))

    def _change(
        self, kind: Kind, card_id: str, change: Callable[[str], CardProgress]
    ) -> CardProgress:
        previous = self.session.saved(card_id)
        changed = change(card_id)
        try:
            self.library.put_progress(changed)
        except Exception:
            self.session.put_saved(previous)
            raise
        self._steps.append(Step(kind, card_id, previous=previous))
        return changed

    def edit(self, card: Card) -> Card:
        """Save an edited card (validated in its deck by the card form) in place of the one
        with its id; its progress and history stay with the id. ValueError if the id is not
        one of the deck's (an id cannot change in review: the deck editor renames cards)."""
        before = self.session.deck
        index = next((i for i, c in enumerate(before.cards) if c.id == card.id), None)
        if index is None:
            raise ValueError(
                f"Card {card.id!r} is not in the deck: a card's id cannot change during "
                "review. Keep its id, or rename it in the deck editor (quizapp edit)."
            )
        editor = DeckEditor(before)
        editor.replace(index, card)
        after = editor.deck
        self.library.save_deck(after)
        self.session.replace_deck(after)
        self._steps.append(Step("edit", card.id, previous_deck=before))
        return after.cards[index]

    # --- undo ---------------------------------------------------------------------------

    def undo(self) -> Undone | None:
        """Take back the newest step (None if there is none). The library is put back first:
        if that fails (StoreError) nothing changed and the step can be undone again."""
        if not self._steps:
            return None
        step = self._steps[-1]
        if step.kind == "answer":
            assert step.answered is not None
            if self.session.records:
                self.library.undo_answer(step.answered.previous, step.review_id)
            undone = self.session.undo()
            assert undone is not None and undone.review == step.answered.review
        elif step.kind == "edit":
            assert step.previous_deck is not None
            self.library.save_deck(step.previous_deck)
            self.session.replace_deck(step.previous_deck)
        else:
            assert step.previous is not None
            self.library.put_progress(step.previous)
            self.session.put_saved(step.previous)
        self._steps.pop()
        card = self.session.card(step.card_id)
        return Undone(step, card, _UNDONE[step.kind].format(step.card_id))
