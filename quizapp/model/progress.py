"""What the library remembers about a student's work: card progress, reviews, settings.

These are storage-neutral records: the store keeps them, `quizapp.study` computes
them (through the `fsrs` scheduler), the UI only shows them.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field


class CardState(str, Enum):
    new = "new"
    learning = "learning"
    review = "review"
    relearning = "relearning"


class Rating(int, Enum):
    again = 1
    hard = 2
    good = 3
    easy = 4


class CardProgress(BaseModel):
    """One card's scheduling state; keyed by (deck_id, card_id), so edits keep history."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    deck_id: str
    card_id: str
    state: CardState = CardState.new
    #: The fsrs.Card as `to_dict()` gives it; None while the card is new.
    fsrs: dict[str, Any] | None = None
    due: datetime | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    leech: bool = False
    buried_until: date | None = None
    #: Marked by the student in review (`*`, Anki's mark) to come back to; kept with the card.
    marked: bool = False

    @property
    def key(self) -> str:
        return progress_key(self.deck_id, self.card_id)


#: The name of the store's cache of ProgressBriefs: a new name when their fields change.
#: (Not a class attribute: every name in a NamedTuple's body is a field to type checkers.)
PROGRESS_BRIEF_NAME = "brief-v1"


class ProgressBrief(NamedTuple):
    """The part of a card's progress that counting due cards reads (study.queues).

    Built from the store's per-shard projections, without the fsrs state: a tuple
    costs a fraction of a CardProgress, and the counts are the same (tested)."""

    state: CardState
    due: datetime | None
    suspended: bool
    buried_until: date | None


    @classmethod
    def of(cls, row: list[Any]) -> ProgressBrief:
        state, due, suspended, buried = row
        return cls(
            _STATES[state],
            datetime.fromisoformat(due) if due else None,
            bool(suspended),
            date.fromisoformat(buried) if buried else None,
        )


_STATES = {state.value: state for state in CardState}  # a dict lookup: Enum() is slow


class ProgressColumns(NamedTuple):
    """A deck's progress as counting reads it, without a record per card.

    `parts`: per shard of the store, parallel columns kept beside it: "k" the card ids,
    "s" a state code each ("n" new, "l" learning, "r" relearning, "v" review), "d" due
    times in microseconds since the epoch (None: none), "h" the brief rows of cards held
    by a flag (suspended, buried). `changed`: cards changed since the shards were written,
    whose brief (None: progress removed) replaces what the columns say.
    """

    parts: list[dict[str, Any]]
    changed: dict[str, ProgressBrief | None]

    def split(self, ids: Mapping[str, object], aside: Set[str] = frozenset()) -> ColumnsSplit:
        """The deck's cards (`ids`) by how they can be read: whole shards none of whose
        cards is `aside` or gone from the deck; (state code, due) of the other plain cards;
        and the brief of every card held by a flag, changed since, or `aside`."""
        aside = aside | self.changed.keys()
        whole: list[dict[str, Any]] = []
        plain: list[tuple[str, int | None]] = []
        apart: dict[str, ProgressBrief | None] = {}
        for part in self.parts:
            held = part["h"]
            if aside.isdisjoint(part["k"]) and ids.keys() >= set(part["k"]):
                whole.append(part)
                apart.update((k, ProgressBrief.of(row)) for k, row in held.items())
                continue
            for key, code, due in zip(part["k"], part["s"], part["d"], strict=True):
                if key not in ids:
                    continue  # progress of a card no longer in the deck
                if key in aside or key in held:
                    if key not in self.changed:
                        row = held.get(key)
                        apart[key] = ProgressBrief.of(row) if row else ProgressBrief(
                            CODE_STATES[code], None if due is None else _EPOCH + due * _US,
                            False, None,
                        )
                    continue
                plain.append((code, due))
        apart.update((k, p) for k, p in self.changed.items() if k in ids)
        for card_id in aside & ids.keys():
            apart.setdefault(card_id, None)  # never studied
        listed = sum(len(p["k"]) - len(p["h"]) for p in whole) + len(plain) + len(apart)
        return ColumnsSplit(whole, plain, apart, len(ids) - listed)


    def by_card(
        self, ids: Mapping[str, object]
    ) -> tuple[list[tuple[str, str, int | None]], dict[str, ProgressBrief | None]]:
        """The deck's cards (`ids`) with progress, one by one: (card id, state code, due)
        of each card no flag holds and unchanged since its shard was written, whose code
        and due say all a queue needs; and the brief of every other one (held by a flag,
        or changed since; None: its progress was removed)."""
        changed = self.changed
        plain: list[tuple[str, str, int | None]] = []
        apart: dict[str, ProgressBrief | None] = {}
        for part in self.parts:
            held = part["h"]
            for key, code, due in zip(part["k"], part["s"], part["d"], strict=True):
                if key not in ids or key in changed:
                    continue  # not in the deck any more; or read from `changed` below
                if key in held:
                    apart[key] = ProgressBrief.of(held[key])
                else:
                    plain.append((key, code, due))
        apart.update((k, p) for k, p in changed.items() if k in ids)
        return plain, apart


def from_micros(due: int) -> datetime:
    """A due time as ProgressColumns keeps it (`micros`), back as a UTC datetime."""
    return _EPOCH + due * _US


class ColumnsSplit(NamedTuple):
    """ProgressColumns.split: `whole` shards (each with "n" new cards, "L" and "R" the
    sorted due times of its learning and review cards, not counting its held ones, which
    are in `apart`), `plain` cards as (state code, due), `apart` cards one by one, and
    `unstudied`: the deck's cards with no progress at all."""

    whole: list[dict[str, Any]]
    plain: list[tuple[str, int | None]]
    apart: dict[str, ProgressBrief | None]
    unstudied: int


#: The state codes of ProgressColumns (store/summaries.py writes them), both ways.
CODE_STATES = {"n": CardState.new, "l": CardState.learning, "r": CardState.relearning,
               "v": CardState.review}
STATE_CODES = {state.value: code for code, state in CODE_STATES.items()}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)


def micros(moment: datetime) -> int:
    """A time as whole microseconds since the epoch, as ProgressColumns keeps due times."""
    return (moment - _EPOCH) // _US


def progress_key(deck_id: str, card_id: str) -> str:
    return f"{deck_id}/{card_id}"


class ReviewEntry(BaseModel):
    """One answer in study mode: the review log Anki keeps, plus the state on both sides."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    deck_id: str
    card_id: str
    rating: Rating
    at: datetime
    duration_ms: int = Field(ge=0)
    state_before: CardState
    state_after: CardState
    due_after: datetime | None = None
    #: Whether the student's own answer was graded right (None for self-rated flashcards).
    correct: bool | None = None
    #: Where the answer was given when not in study mode: "quiz" or "classroom:<game>".
    source: str | None = None


class StudySettings(BaseModel):
    """Per-deck study settings; defaults follow Anki and FSRS's recommendations."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    desired_retention: float = Field(default=0.90, ge=0.70, le=0.99)
    learning_steps_minutes: tuple[float, ...] = (1.0, 10.0)
    relearning_steps_minutes: tuple[float, ...] = (10.0,)
    new_per_day: int = Field(default=20, ge=0, le=9999)
    reviews_per_day: int = Field(default=200, ge=0, le=99999)
    maximum_interval_days: int = Field(default=36500, ge=1, le=36500)
    leech_lapses: int = Field(default=8, ge=1, le=99)
    #: How far a typed answer may be from an accepted one and still count (0 = exact).
    typo_tolerance: float = Field(default=0.2, ge=0.0, le=0.5)
    # --- fitted to the student (quizapp.study.optimize) ---
    #: FSRS-6 parameters fitted to this deck's review log; None: FSRS-6's defaults.
    parameters: tuple[float, ...] | None = Field(default=None, min_length=21, max_length=21)
    #: What `parameters` replaced, so that a fit can be undone (None: the defaults).
    previous_parameters: tuple[float, ...] | None = Field(
        default=None, min_length=21, max_length=21
    )
    #: Reviews in the log when the parameters were last fitted (the auto re-fit counts from it).
    fitted_at_reviews: int = Field(default=0, ge=0)
    #: Re-fit automatically after this many more reviews (0: only when asked).
    refit_every: int = Field(default=0, ge=0, le=100000)
    #: Quiz answers are recorded as reviews of their cards, as study answers are.
    self_tests_update: bool = False
    #: Answering a card buries its siblings (the other cards of its Anki note) until tomorrow.
    bury_siblings: bool = True
    #: Cloze and typed cards in study: False types the answer and grades it; True reveals
    #: the answer on space and the student rates themselves, as Anki studies clozes.
    reveal_typed: bool = False
