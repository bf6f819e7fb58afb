"""Wrong options for a flashcard asked as a multiple choice: other flashcards' backs of the
same sort of thing (a year among years, a name among names), drawn from a per-deck index.

Scanning the whole deck with rapidfuzz for every question cost O(deck) per question (a
50-question quiz on a 100k-card deck never appeared). The index sorts the deck's
flashcards by the shape of their answer, lazily (see DistractorIndex); a question scores
only a small random sample of its own sort, so its cost does not grow with the deck. The
index is kept per deck object (decks are immutable: an edited deck is a new object, and
gets a new index), so a second quiz on the same deck reuses what the first classified.

The rules are those of the full scan: an option the grader would accept as the answer (at
the widest typo tolerance asked for) is never offered, nor two options equal after
normalising; the most plausible are preferred, with a little variety between attempts.
On a small deck (up to SCAN_ALL flashcards) every other flashcard is a candidate, as before;
of two options equal after normalising, the more plausible is kept.
"""

from __future__ import annotations

import random
import re
from collections import OrderedDict
from functools import cached_property

from rapidfuzz import fuzz

from quizapp.grading import match_text, normalise
from quizapp.model import Deck
from quizapp.model.cards import Flashcard

#: Up to this many flashcards, every one is a candidate (the full scan is cheap there).
SCAN_ALL = 64
#: Candidates of the answer's shape scored per question on a bigger deck, and the random
#: flashcards probed to find them before the answer's sort counts as rare.
SAMPLE_SHAPE, PROBES = 12, 96
#: Decks whose index is kept (one per deck a quiz was recently drawn from).
_KEPT = 4

_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


def shape(text: str) -> str:
    """A coarse "kind of thing": a number or date, a name, or words."""
    # Counting digits and letters only when there is a digit: most answers have none, and
    # then the text is no number (digits < max(1, letters)). The regexes count in C.
    if _DIGIT.search(text) and len(_DIGIT.findall(text)) >= max(1, len(_LETTER.findall(text))):
        return "number"
    words = text.split()
    if words and len(words) <= 5 and all(w[0].isupper() or not w[0].isalpha() for w in words):
        return "name"
    return "words"


class _Folded:
    """A flashcard's normalised front and back, computed when first needed."""

    __slots__ = ("_back", "_front", "card")

    def __init__(self, card: Flashcard) -> None:
        self.card = card
        self._back: str | None = None
        self._front: str | None = None

    @property
    def back(self) -> str:
        if self._back is None:
            self._back = normalise(self.card.back)
        return self._back

    @property
    def front(self) -> str:
        if self._front is None:
            self._front = normalise(self.card.front)
        return self._front


def plausibility(right: Flashcard, other: Flashcard) -> float:
    """How good a wrong option `other.back` is for `right`: same shape, length, words, tags."""
    return _score(_Folded(right), _Folded(other))


def _score(right: _Folded, other: _Folded) -> float:
    a, b = right.card.back, other.card.back
    score = 3.0 if shape(a) == shape(b) else 0.0
    score += min(len(a), len(b)) / max(len(a), len(b), 1)
    score += fuzz.token_set_ratio(right.front, other.front) / 200
    score += fuzz.token_set_ratio(right.back, other.back) / 200
    if set(right.card.tags) & set(other.card.tags):
        score += 1.0
    return score


class DistractorIndex:
    """One deck's flashcards, their answers' shapes classified as they are first needed.

    Building it is one pass that keeps the flashcards: no text is looked at until a
    question needs it. A question probes random flashcards for answers of its own shape
    (each shape, once known, is kept), so a common sort costs a few dozen probes. A rare
    sort, one the probes do not find often enough, has the whole deck bucketed by shape
    once (then kept) and is sampled from its bucket. Which path a question takes depends
    only on the deck and the random draws, never on what earlier quizzes classified: the
    same seed gives the same quiz.
    """

    def __init__(self, deck: Deck) -> None:
        # Two flat lists: a build that allocates an object per card costs more in garbage
        # collection on a big library than the whole pass.
        self.cards = [c for c in deck.cards if isinstance(c, Flashcard)]
        self._shapes: list[str | None] = [None] * len(self.cards)
        self._folded: dict[int, _Folded] = {}
        self._buckets: dict[str, list[int]] | None = None

    @cached_property
    def everyone(self) -> list[int]:
        return list(range(len(self.cards)))

    def _shape(self, i: int) -> str:
        kind = self._shapes[i]
        if kind is None:
            kind = self._shapes[i] = shape(self.cards[i].back)
        return kind

    def _fold(self, i: int) -> _Folded:
        folded = self._folded.get(i)
        if folded is None:
            folded = self._folded[i] = _Folded(self.cards[i])
        return folded

    def buckets(self) -> dict[str, list[int]]:
        """Every flashcard's position by the shape of its answer (built once, when needed)."""
        if self._buckets is None:
            self._buckets = {}
            for i in range(len(self.cards)):
                self._buckets.setdefault(self._shape(i), []).append(i)
        return self._buckets

    def _candidates(self, card: Flashcard, rng: random.Random) -> list[int]:
        """Positions worth scoring for `card`, in an order that depends only on rng."""
        if len(self.cards) <= SCAN_ALL:
            return self.everyone
        kind = shape(card.back)
        same: list[int] = []
        for _ in range(PROBES):
            i = rng.randrange(len(self.cards))
            if self._shape(i) == kind:
                same.append(i)
                if len(same) == SAMPLE_SHAPE:
                    return list(dict.fromkeys(same))
        # A rare sort: all of its own (sampled), and others to compete on score.
        picked = _sample(self.buckets().get(kind, []), SAMPLE_SHAPE, rng)
        return list(dict.fromkeys(picked + _sample(self.everyone, SAMPLE_SHAPE, rng)))

    def draw(self, card: Flashcard, count: int, rng: random.Random, tolerance: float) -> list[str]:
        """Up to `count` wrong options for `card`, the most plausible first, never one the
        grader would accept as its answer."""
        right = _Folded(card)
        scored = [
            (_score(right, self._fold(i)), self._fold(i))
            for i in self._candidates(card, rng)
            if self.cards[i].id != card.id
        ]
        scored.sort(key=lambda item: -item[0])
        # Walk down the ranking and keep the first count + 2 valid options: the same top
        # as filtering every candidate first, with the grader asked about only a few.
        seen = {right.back}
        ranked: list[tuple[float, str]] = []
        for score, other in scored:
            if len(ranked) == count + 2:
                break
            if other.back in seen:
                continue
            # An option the grader would accept as the answer cannot be a wrong one.
            if match_text(other.card.back, (card.back,), tolerance) is not None:
                continue
            seen.add(other.back)
            ranked.append((score, other.card.back))
        if not ranked:
            return []
        # A little variety between attempts: pick among the few most plausible, but never
        # one clearly worse than the count-th best (a city among years).
        floor = ranked[min(count, len(ranked)) - 1][0] - 1.0
        pool = [text for score, text in ranked[: count + 2] if score >= floor]
        return rng.sample(pool, min(count, len(pool)))


def _sample(positions: list[int], k: int, rng: random.Random) -> list[int]:
    return list(positions) if len(positions) <= k else rng.sample(positions, k)


_INDEXES: OrderedDict[int, tuple[Deck, DistractorIndex]] = OrderedDict()


def index_for(deck: Deck) -> DistractorIndex:
    """The deck's index, built on first use and kept for the few decks used last.

    Keyed by the deck object (kept alive with its index, so its id is not reused while
    cached): a frozen deck's content cannot change, and hashing its content would itself
    cost a pass over the deck.
    """
    kept = _INDEXES.get(id(deck))
    if kept is not None and kept[0] is deck:
        _INDEXES.move_to_end(id(deck))
        return kept[1]
    index = DistractorIndex(deck)
    _INDEXES[id(deck)] = (deck, index)
    while len(_INDEXES) > _KEPT:
        _INDEXES.popitem(last=False)
    return index


def distractors(
    card: Flashcard, deck: Deck, count: int, rng: random.Random, tolerance: float = 0.2
) -> list[str]:
    """Other flashcards' backs, the most plausible first, never one graded as right."""
    return index_for(deck).draw(card, count, rng, tolerance)
