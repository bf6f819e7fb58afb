"""Answer checking: the one place a student's answer is judged.

Study, quiz and classroom modes all call `grade`; nothing else re-checks an answer.
Responses may come from the network, so every shape is handled: a response of the
wrong shape is "wrong" with feedback, never an exception.

Decisions (tested in tests/test_grading.py):
- multi_select: each right choice picked earns 1/len(answers); each wrong choice (or
  text that is no choice) picked costs 1/len(wrong choices), as Moodle's usual setup,
  so ticking every box scores 0; floor 0.
- ordering: credit per adjacent pair of the student's list that is also adjacent in the
  right order (Moodle's "relative to the next item"), over max(items - 1, given - 1),
  so extra or repeated items cannot earn full credit.
- numeric: a typed unit that differs from the card's is wrong, with feedback naming the
  unit; no unit typed is fine; on a card without a unit a typed unit is ignored.
  "1,200" and "1.200" read both ways (thousands or decimal): either reading may be right.
  Number words ("three", "twenty-one") are read in GradingSettings.language.
- cloze: fewer answers than gaps leave the rest blank; more answers is the wrong shape.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from rapidfuzz.distance import Levenshtein

from quizapp.model.cards import (
    Card,
    Cloze,
    Flashcard,
    Matching,
    MultipleChoice,
    MultiSelect,
    Numeric,
    Ordering,
    ShortAnswer,
    TrueFalse,
)
from quizapp.model.progress import StudySettings
from quizapp.text import clean
from quizapp.typed_numbers import ALIKE, read_number, same_unit
from quizapp.wording import part_of

__all__ = [
    "Grade",
    "GradingSettings",
    "Response",
    "blank_response",
    "deck_grading",
    "grade",
    "is_unanswered",
    "match_text",
    "normalise",
    "read_number",
    "spelling_diff",
]

Response = str | bool | float | int | Sequence[str] | Mapping[str, str] | None


@dataclass(frozen=True)
class Grade:
    score: float  # credit earned, 0.0..1.0 (fraction of the card's points)
    correct: bool  # full credit
    verdict: str  # "correct" | "partial" | "wrong" | "unanswered"
    feedback: str  # one short line for the student
    expected: str  # the right answer as text (card.answer_text)
    #: Each answer accepted despite a typo, as (what was typed, the accepted spelling).
    corrections: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class GradingSettings:
    #: Largest Levenshtein normalized distance forgiven as a typo (0 = exact after normalise).
    typo_tolerance: float = 0.2
    #: The deck's language (Deck.language): numbers typed as words are read in it.
    language: str = "en"

    def __post_init__(self) -> None:
        if not 0.0 <= self.typo_tolerance <= 1.0:  # also refuses NaN
            raise ValueError(f"typo_tolerance must be between 0 and 1, not {self.typo_tolerance!r}")


def deck_grading(language: str, settings: StudySettings | float | None = None) -> GradingSettings:
    """How a deck's answers are graded: its typo tolerance, in its language.

    The one place a deck's settings become grading settings (study, quiz, the editor's
    preview, the live classroom): `settings` is the deck's StudySettings
    (library.settings(deck_id)), its typo tolerance alone, or None for a deck not in a
    library, which gets a new deck's default.
    """
    if settings is None:
        settings = StudySettings()
    tolerance = settings.typo_tolerance if isinstance(settings, StudySettings) else settings
    return GradingSettings(tolerance, language)


# ---------------------------------------------------------------- normalising text

# Punctuation that separates words ("Jean-Paul", "red/green", "Paris (France)").
_SEPARATORS = frozenset("-/\\_,;:|")
_VS = frozenset(map(chr, range(0xFE00, 0xFE10)))  # variation selectors: "❤️" is "❤"
_ARTICLES = frozenset({"the", "a", "an"})
_DIGITS = re.compile(r"\d+")
# Typed text past this length cannot be an answer (cards hold at most 4000 characters).
_MAX_TYPED = 20_000


def normalise(text: str) -> str:
    """Fold text for comparison: NFKC, casefold, no accents, quotes and dashes alike,
    punctuation dropped except inside numbers ("U.S." -> "us", "3.5" stays) and marks
    that join words made spaces ("Jean-Paul" -> "jean paul"), whitespace collapsed,
    a leading "the/a/an" dropped when more words follow."""
    text = unicodedata.normalize("NFKC", clean(text)).casefold()
    # Drop accents (combining marks) and variation selectors.
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(c for c in decomposed if not unicodedata.combining(c) and c not in _VS)
    text = unicodedata.normalize("NFC", text).translate(ALIKE)
    out: list[str] = []
    for i, ch in enumerate(text):
        if not unicodedata.category(ch).startswith("P"):
            out.append(ch)
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if before.isdecimal() and after.isdecimal():
            out.append(ch)  # 3.5, 1,200, 3:45
        elif ch == "-" and after.isdecimal() and before.isspace():
            out.append(ch)  # a minus sign
        elif ch in _SEPARATORS or unicodedata.category(ch) in ("Ps", "Pe"):
            out.append(" ")
    words = "".join(out).split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _key(text: str) -> str:
    # An answer that is all punctuation ("?!") still has to match itself.
    return normalise(text) or " ".join(clean(text).casefold().split())


def _one_line(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _typed(response: Response) -> str | None:
    """The response as typed text, or None when it is not text-like."""
    if isinstance(response, str) and len(response) <= _MAX_TYPED:
        return clean(response)
    if isinstance(response, int) and not isinstance(response, bool) and abs(response) < 10**100:
        return str(response)
    return repr(response) if isinstance(response, float) and math.isfinite(response) else None


def match_text(typed: str, accepted: Sequence[str], tolerance: float) -> tuple[str, bool] | None:
    """The accepted answer `typed` matches and whether a typo was forgiven, or None.

    Typos are never forgiven for answers of 3 characters or fewer after normalising,
    nor when the numbers in the two texts differ, so "1" never accepts "7".
    """
    key = _key(typed)
    if not key:
        return None
    keys = [(answer, _key(answer)) for answer in accepted]
    for answer, k in keys:
        if k == key:
            return answer, False
    best: tuple[int, str] | None = None
    for answer, k in keys:
        if len(k) <= 3 or _DIGITS.findall(k) != _DIGITS.findall(key):
            continue
        # distance / max(len) <= tolerance, in integers so 1/5 vs 0.2 cannot flicker.
        limit = math.floor(tolerance * max(len(k), len(key)) + 1e-9)
        distance = Levenshtein.distance(k, key, score_cutoff=limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, answer)
    return (best[1], True) if best else None


def _pick(typed: str, options: Sequence[str]) -> str | None:
    """The option `typed` names: exactly, else the only one equal after normalising."""
    if typed in options:
        return typed
    stripped = " ".join(typed.split())
    if stripped in options:
        return stripped
    same = [option for option in options if _key(option) == _key(typed)]
    return same[0] if len(same) == 1 else None


# ---------------------------------------------------------------- results


def _grade(
    card: Card, score: float, feedback: str, corrections: Sequence[tuple[str, str]] = ()
) -> Grade:
    score = min(1.0, max(0.0, score))
    verdict = "correct" if score == 1.0 else "partial" if score > 0 else "wrong"
    return Grade(
        score, score == 1.0, verdict, _one_line(feedback), card.answer_text, tuple(corrections)
    )


def _letter(ch: str) -> str:
    """A letter as typo tolerance sees it: case and accents do not count as a difference."""
    decomposed = unicodedata.normalize("NFD", ch.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def spelling_diff(typed: str, right: str) -> tuple[tuple[int, int], ...]:
    """Where `right` differs from what was typed: (start, end) spans of `right`'s letters
    that were mistyped or left out, for showing the right spelling with them marked
    ("evidance" -> "evidence": ((4, 5),)). Case and accents are not differences; letters
    typed in excess have no letter of `right` to mark, so they mark nothing."""
    ops = Levenshtein.opcodes([_letter(c) for c in typed], [_letter(c) for c in right])
    spans: list[tuple[int, int]] = []
    for op in ops:
        if op.tag in ("replace", "insert") and op.dest_end > op.dest_start:
            if spans and spans[-1][1] == op.dest_start:
                spans[-1] = (spans[-1][0], op.dest_end)
            else:
                spans.append((op.dest_start, op.dest_end))
    return tuple(spans)


def _wrong(card: Card, why: str) -> Grade:
    return _grade(card, 0.0, f"{why} The answer is: {card.answer_text}")


def _items(response: Response, *, ordered: bool) -> list[str | None] | None:
    """A collection response as a list (None for blanks), or None if it is the wrong shape."""
    if isinstance(response, str):
        response = [response]
    if isinstance(response, Mapping | bytes | bytearray) or not isinstance(response, Collection):
        return None
    if ordered and not isinstance(response, Sequence):
        return None  # a set has no order
    items: list[str | None] = []
    for item in response:
        if item is None or (isinstance(item, str) and not item.strip()):
            items.append(None)
        elif isinstance(item, str) and len(item) <= _MAX_TYPED:
            items.append(clean(item))
        else:
            return None
    return items


# ---------------------------------------------------------------- kinds


def _typed_answer(card: Card, accepted: Sequence[str], response: Response, tol: float) -> Grade:
    typed = _typed(response)
    if typed is None:
        return _wrong(card, "Type your answer as text.")
    found = match_text(typed, accepted, tol)
    if found is None:
        return _wrong(card, "Not accepted.")
    answer, typo = found
    if typo:
        return _grade(card, 1.0, f"Accepted (typo): {answer}", [(typed.strip(), answer)])
    return _grade(card, 1.0, "Correct.")


def _flashcard(card: Flashcard, response: Response, s: GradingSettings) -> Grade:
    return _typed_answer(card, (card.back,), response, s.typo_tolerance)


def _short_answer(card: ShortAnswer, response: Response, s: GradingSettings) -> Grade:
    return _typed_answer(card, card.answers, response, s.typo_tolerance)


def _multiple_choice(card: MultipleChoice, response: Response, s: GradingSettings) -> Grade:
    if not isinstance(response, str):
        return _wrong(card, "Pick one choice.")
    choice = _pick(clean(response), card.choices)
    if choice is None:
        return _wrong(card, "That is not one of the choices.")
    return _grade(card, 1.0, "Correct.") if choice == card.answer else _wrong(card, "Wrong.")


def _multi_select(card: MultiSelect, response: Response, s: GradingSettings) -> Grade:
    items = _items(response, ordered=False)
    if items is None:
        return _wrong(card, "Pick choices from the list.")
    picked = {_pick(item, card.choices) or f"\0{item}" for item in items if item is not None}
    right = sum(1 for p in picked if p in card.answers)
    wrong = len(picked) - right
    n_wrong = len(card.choices) - len(card.answers) or len(card.answers)
    score = right / len(card.answers) - wrong / n_wrong
    if right == len(card.answers) and not wrong:
        return _grade(card, 1.0, "Correct.")
    missed = len(card.answers) - right
    tally = f"{right} of {len(card.answers)} right choices picked, {wrong} wrong, {missed} missed."
    return _grade(card, score, f"{tally} The answer is: {card.answer_text}")


_TRUE = frozenset({"true", "t", "yes", "y"})
_FALSE = frozenset({"false", "f", "no", "n"})


def _true_false(card: TrueFalse, response: Response, s: GradingSettings) -> Grade:
    if isinstance(response, str):
        word = normalise(response)
        value = True if word in _TRUE else False if word in _FALSE else None
    else:
        value = response if isinstance(response, bool) else None
    if value is None:
        return _wrong(card, "Answer true or false.")
    return _grade(card, 1.0, "Correct.") if value == card.answer else _wrong(card, "Wrong.")


def _cloze(card: Cloze, response: Response, s: GradingSettings) -> Grade:
    gaps = card.gaps
    items = _items(response, ordered=True)
    if items is None or len(items) > len(gaps):
        return _wrong(card, f"Give one answer per gap ({len(gaps)}).")
    items += [None] * (len(gaps) - len(items))
    right, notes, corrections = 0, [], []
    for number, (gap, typed) in enumerate(zip(gaps, items, strict=True), 1):
        found = match_text(typed, card.accepted(gap), s.typo_tolerance) if typed else None
        if found is None:
            notes.append(f"gap {number}: {gap.answer}")
        else:
            right += 1
            if found[1]:
                notes.append(f"gap {number} accepted (typo): {found[0]}")
                corrections.append(((typed or "").strip(), found[0]))
    if right == len(gaps):
        feedback = "Correct. " + "; ".join(notes) if notes else "Correct."
        return _grade(card, 1.0, feedback, corrections)
    summary = f"{part_of(right, len(gaps), 'gap')} right; " + "; ".join(notes)
    return _grade(card, right / len(gaps), summary, corrections)


def _ordering(card: Ordering, response: Response, s: GradingSettings) -> Grade:
    items = _items(response, ordered=True)
    if items is None:
        return _wrong(card, "Put the items in order.")
    order = [_pick(item, card.items) if item else None for item in items]
    right_pairs = set(pairwise(card.items))
    kept = {pair for pair in pairwise(order) if pair in right_pairs}
    if len(kept) == len(right_pairs) and len(order) == len(card.items):
        return _grade(card, 1.0, "Correct.")
    score = len(kept) / max(len(right_pairs), len(order) - 1)
    tally = f"{len(kept)} of {len(right_pairs)} neighbours in the right order."
    return _grade(card, score, f"{tally} The order is: {card.answer_text}")


def _matching(card: Matching, response: Response, s: GradingSettings) -> Grade:
    if not isinstance(response, Mapping):
        return _wrong(card, "Match each item on the left to one on the right.")
    lefts = tuple(left for left, _ in card.pairs)
    rights = dict(card.pairs)
    # Judge by left side: sending "France" and "france" with two guesses earns nothing.
    given: dict[str, set[str | None]] = {}
    for key, value in response.items():
        left = _pick(clean(key), lefts) if isinstance(key, str) else None
        if left is not None and not _blank(value):
            typed = clean(value) if isinstance(value, str) and len(value) <= _MAX_TYPED else ""
            given.setdefault(left, set()).add(_pick(typed, (rights[left],)))
    right = sum(1 for left, picks in given.items() if picks == {rights[left]})
    if right == len(card.pairs):
        return _grade(card, 1.0, "Correct.")
    tally = f"{right} of {len(card.pairs)} pairs right."
    return _grade(card, right / len(card.pairs), f"{tally} The pairs are: {card.answer_text}")


def _numeric(card: Numeric, response: Response, s: GradingSettings) -> Grade:
    values: list[Decimal]
    unit = ""
    if isinstance(response, bool) or not isinstance(response, str | int | float):
        return _wrong(card, "Type a number.")
    if isinstance(response, int):
        values = [Decimal(response)] if abs(response) < 10**100 else []
    elif isinstance(response, float):
        values = [Decimal(repr(response))] if math.isfinite(response) else []
    else:
        read = read_number(response, s.language)
        values, unit = read if read else ([], "")
    if not values:
        return _wrong(card, "That is not a number.")
    if card.unit and unit and not same_unit(unit, card.unit):
        return _wrong(card, f"Wrong unit: give the answer in {card.unit}.")
    try:
        answer, tolerance = Decimal(repr(card.answer)), Decimal(repr(card.tolerance))
        # Decimal, not float: 0.4 is within 0.1 of 0.3.
        off = min(abs(value - answer) for value in values)
        within = off <= tolerance
    except ArithmeticError:  # overflow, or a card answer that is not finite
        within = False
    if not within:
        return _wrong(card, "Not accepted.")
    if off == 0:
        return _grade(card, 1.0, "Correct.")
    return _grade(card, 1.0, f"Accepted (within tolerance): {card.answer_text}")


# ---------------------------------------------------------------- the entry points

# Each grader takes its own kind of card, hence Callable[..., Grade].
_GRADERS: dict[str, Callable[..., Grade]] = {
    "flashcard": _flashcard, "multiple_choice": _multiple_choice, "multi_select": _multi_select,
    "true_false": _true_false, "short_answer": _short_answer, "numeric": _numeric,
    "cloze": _cloze, "ordering": _ordering, "matching": _matching,
}


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not clean(value).strip())


def is_unanswered(card: Card, response: Response) -> bool:
    """None, blank text, an empty collection, or a collection or mapping of blanks (any card).

    What the grader alone can see; `quizapp.answering.entered` adds what only the form
    knows (an ordering left as shown) and is the definition callers ask.
    """
    return blank_response(response)


def blank_response(response: Response) -> bool:
    """`is_unanswered` without a card: it never depended on one."""
    if isinstance(response, str) or response is None:
        return _blank(response)
    if isinstance(response, Mapping):
        return all(_blank(value) for value in response.values())
    if isinstance(response, bytes | bytearray) or not isinstance(response, Collection):
        return False
    return all(_blank(item) for item in response)


def grade(card: Card, response: Response, settings: GradingSettings = GradingSettings()) -> Grade:
    """Grade one response to one card; never raises for any response."""
    if is_unanswered(card, response):
        feedback = _one_line(f"No answer. The answer is: {card.answer_text}")
        return Grade(0.0, False, "unanswered", feedback, card.answer_text)
    return _GRADERS[card.kind](card, response, settings)
