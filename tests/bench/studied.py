"""The studied library every benchmark uses: the same cards and history for quizapp and Anki.

A deck of `n` cards of mixed kinds (half flashcards, then multiple choice, true/false,
short answer, single-gap cloze and numeric), each reviewed once: one review-log entry per
card, FSRS state in review, due dates spread so that a share is due today (at least the
2,200 cards a 2,100-answer run needs, where the deck has them) and the rest over the coming
months. quizapp gets it through the Library (import_deck, then import_history for the
progress and reviews in one step); Anki gets a Collection with the same cards (Basic notes,
Cloze notes for the cloze cards) and the same revlog, with FSRS switched on and the same
daily limits. Deterministic: the same n gives the same library on both sides.

Not a test: imported by the bench_*.py scripts.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import fsrs  # noqa: E402

from quizapp.grading import Response  # noqa: E402
from quizapp.model import Card, Deck  # noqa: E402
from quizapp.model.cards import (  # noqa: E402
    Cloze,
    Flashcard,
    MultipleChoice,
    Numeric,
    ShortAnswer,
    TrueFalse,
)
from quizapp.model.progress import (  # noqa: E402
    CardProgress,
    CardState,
    Rating,
    ReviewEntry,
    StudySettings,
)
from quizapp.store import Library  # noqa: E402

DECK_ID = "studied"
DECK_TITLE = "Studied deck"
#: Limits high enough that a benchmark run never stops on them (the same on both sides).
SETTINGS = StudySettings(new_per_day=9999, reviews_per_day=9999)  # Anki caps both at 9999
#: Cards due today at least (where the deck has that many): a 2,100-answer run needs them.
DUE_AT_LEAST = 2200
DUE_SHARE = 0.10

_WORDS = [
    "river",
    "treaty",
    "border",
    "envoy",
    "summit",
    "capital",
    "army",
    "trade",
    "grain",
    "gold",
    "salt",
    "desert",
    "coast",
    "minister",
    "council",
    "harbour",
    "railway",
    "province",
    "mountain",
    "valley",
    "festival",
    "market",
    "charter",
]
_NAMES = [
    "Bamako",
    "Niamey",
    "Ouagadougou",
    "Dakar",
    "Conakry",
    "Accra",
    "Lome",
    "Abuja",
    "Moscow",
    "Paris",
    "Lagos",
]


def _phrase(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(low, high)))


def card_doc(i: int, rng: random.Random) -> dict[str, Any]:
    """Card i of the deck, as a deck file would hold it (validated once, by import)."""
    tags = [f"unit{i % 12}"] + (["hard"] if i % 17 == 0 else [])
    base: dict[str, Any] = {"id": f"c{i}", "tags": tags}
    slot = i % 20
    if slot < 10:
        if i % 3 == 0:
            back = str(1800 + i % 220)
        elif i % 3 == 1:
            back = f"{rng.choice(_NAMES)} {rng.choice(_NAMES)}"
        else:
            back = _phrase(rng, 2, 5)
        return {**base, "kind": "flashcard", "front": f"{_phrase(rng, 3, 8)} ({i})?", "back": back}
    if slot < 13:
        choices = [_phrase(rng, 1, 3) + f" {i}-{k}" for k in range(4)]
        return {
            **base,
            "kind": "multiple_choice",
            "question": f"Which {_phrase(rng, 2, 6)} ({i})?",
            "choices": choices,
            "answer": choices[i % 4],
        }
    if slot < 15:
        return {
            **base,
            "kind": "true_false",
            "statement": f"The {_phrase(rng, 3, 7)} came first ({i}).",
            "answer": i % 2 == 0,
        }
    if slot < 17:
        return {
            **base,
            "kind": "short_answer",
            "question": f"Name the {_phrase(rng, 2, 5)} ({i}).",
            "answers": [f"{rng.choice(_NAMES)} {i}"],
        }
    if slot < 19:
        return {
            **base,
            "kind": "cloze",
            "text": f"The {{{{c1::{rng.choice(_NAMES)}}}}} {_phrase(rng, 3, 7)} ({i}).",
        }
    return {
        **base,
        "kind": "numeric",
        "question": f"How many {_phrase(rng, 1, 3)} ({i})?",
        "answer": i % 500,
        "tolerance": 0,
    }


def make_deck(n: int) -> Deck:
    rng = random.Random(n)
    cards = [card_doc(i, rng) for i in range(n)]
    return Deck.model_validate({"id": DECK_ID, "title": DECK_TITLE, "cards": cards})


def right_response(card: Card) -> Response:
    """What a student who knows the answer enters (None: a flashcard, revealed and rated)."""
    if isinstance(card, MultipleChoice):
        return card.answer
    if isinstance(card, TrueFalse):
        return card.answer
    if isinstance(card, ShortAnswer):
        return card.answers[0]
    if isinstance(card, Cloze):
        return [gap.answer for gap in card.gaps]
    if isinstance(card, Numeric):
        return str(card.answer)
    assert isinstance(card, Flashcard)
    return None


@dataclass(frozen=True)
class Past:
    """One card's single past review: when, and the interval (days) it gave."""

    reviewed: datetime
    interval: int
    stability: float
    difficulty: float

    @property
    def due(self) -> datetime:
        return self.reviewed + timedelta(days=self.interval)


def history(n: int, now: datetime) -> list[Past]:
    """Each card's one review; the first `due_count(n)` cards (in a shuffled order) are due."""
    rng = random.Random(n * 7 + 1)
    due = set(rng.sample(range(n), due_count(n)))
    out = []
    for i in range(n):
        interval = rng.randint(3, 90)
        # Due cards were reviewed interval + 0..10 days ago; the others within the interval.
        ago = interval + rng.randint(1, 10) if i in due else rng.randint(0, interval - 2)
        reviewed = now - timedelta(days=ago, seconds=rng.randint(0, 3600))
        out.append(Past(reviewed, interval, stability=interval * 1.1, difficulty=5.0))
    return out


def due_count(n: int) -> int:
    return min(n, max(DUE_AT_LEAST, int(n * DUE_SHARE)))


def build_quizapp(n: int, data_dir: Path, now: datetime) -> Deck:
    """The studied library in `data_dir` (closed again); returns its deck."""
    deck = make_deck(n)
    progress, reviews = [], []
    for card, past in zip(deck.cards, history(n, now), strict=True):
        state = fsrs.Card(
            card_id=int(card.id[1:]) + 1,
            state=fsrs.State.Review,
            stability=past.stability,
            difficulty=past.difficulty,
            due=past.due,
            last_review=past.reviewed,
        )
        progress.append(
            CardProgress(
                deck_id=DECK_ID,
                card_id=card.id,
                state=CardState.review,
                fsrs=dict(state.to_dict()),
                due=past.due,
                reps=1,
            )
        )
        reviews.append(
            ReviewEntry(
                deck_id=DECK_ID,
                card_id=card.id,
                rating=Rating.good,
                at=past.reviewed,
                duration_ms=8000,
                state_before=CardState.new,
                state_after=CardState.review,
                due_after=past.due,
            )
        )
    with Library.open(data_dir) as library:
        library.import_deck(deck, backup=False)
        library.set_settings(DECK_ID, SETTINGS)
        library.import_history(DECK_ID, progress, reviews)
    return deck


def build_anki(n: int, path: Path, now: datetime) -> int:
    """The same studied deck as an Anki collection at `path` (closed again); its deck id."""
    import anki.collection  # before anki.cards: importing that first is a circular import

    deck = make_deck(n)
    col = anki.collection.Collection(str(path))
    try:
        col.set_config("fsrs", True)
        deck_id = col.decks.id(DECK_TITLE)
        assert deck_id is not None
        config = col.decks.config_dict_for_deck_id(deck_id)
        config["new"]["perDay"] = SETTINGS.new_per_day
        config["rev"]["perDay"] = SETTINGS.reviews_per_day
        config["desiredRetention"] = SETTINGS.desired_retention
        col.decks.save(config)
        col.decks.select(deck_id)
        basic, cloze = col.models.by_name("Basic"), col.models.by_name("Cloze")
        requests = []
        for card in deck.cards:
            if isinstance(card, Cloze):
                note = col.new_note(cloze)  # type: ignore[arg-type]
                note["Text"] = card.text
            else:
                note = col.new_note(basic)  # type: ignore[arg-type]
                note["Front"], note["Back"] = card.prompt, card.answer_text
            note.tags = list(card.tags)
            requests.append(anki.collection.AddNoteRequest(note=note, deck_id=deck_id))
        col.add_notes(requests)
        card_ids = col.db.list("select id from cards order by nid, ord")
        assert len(card_ids) == n, (len(card_ids), n)
        today = col.sched.today
        cards, revlog, used = [], [], set()
        for cid, past in zip(card_ids, history(n, now), strict=True):
            due_day = today + (past.due - now).days
            data = json.dumps({"s": past.stability, "d": past.difficulty, "dr": 0.9})
            cards.append((due_day, past.interval, data, cid))
            stamp = int(past.reviewed.timestamp() * 1000)  # a revlog id is its time in ms
            while stamp in used:
                stamp += 1
            used.add(stamp)
            revlog.append((stamp, cid, past.interval, 8000))
        col.db.executemany(
            "update cards set type=2, queue=2, due=?, ivl=?, factor=2500, reps=1, data=?"
            " where id=?",
            cards,
        )
        col.db.executemany(
            "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
            " values (?, ?, -1, 3, ?, 0, 2500, ?, 0)",
            revlog,
        )
        return int(deck_id)
    finally:
        col.close()


def now_utc() -> datetime:
    return datetime.now(UTC)
