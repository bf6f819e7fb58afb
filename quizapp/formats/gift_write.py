"""Writing GIFT that Moodle's own importer reads back as written.

Title and `// [id:]` = the card id, `// [tag:]` per tag, the explanation as general
feedback. Every special character (`~ = # { } : \\`) is escaped and newlines become `\\n`.
Flashcards become short answer (when the back fits on one line of 500 characters), a
cloze with one gap a missing-word short answer; ordering cards, cloze cards with several
gaps and texts Moodle would misread are left out with a `// skipped:` comment.
Multi-select weights are taken from Moodle's grade list (a weight outside it makes
Moodle refuse the question), so eleven right answers are 10% and 5% shares, not 9.09%.
Sources, points, numeric units, the deck's title and description are not written.
"""

from __future__ import annotations

from typing import Any

from quizapp.formats import extras_lost
from quizapp.model import CLOZE_GAP, Deck

_SPECIAL = "\\~=#{}:"
#: Moodle's grade list (question_bank::fraction_options_full), in percent.
MOODLE_GRADES = (
    100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0,
    25.0, 20.0, 16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0,
)


def escape(text: str) -> str:
    """Text safe inside GIFT: specials backslash-escaped, newlines as \\n."""
    out = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)
    return out.replace("\n", "\\n")


def _number(value: float) -> str:
    return repr(float(value))


def _grade(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def shares(count: int) -> list[float]:
    """`count` weights from Moodle's grade list that add up to 100%."""
    equal = 100.0 / count
    exact = next((g for g in MOODLE_GRADES if abs(g - equal) < 1e-4), None)
    if exact is not None:
        return [exact] * count
    # No equal share in the list (11 or 12 right answers): tens, then fives, summing to 100.
    fives = 2 * count - 20
    return [10.0] * (count - fives) + [5.0] * fives


def _multi_select(card: Any) -> str:
    right = iter(shares(len(card.answers)))
    wrong = f"-{_grade(100.0 / len(card.answers))}"
    if not any(abs(float(wrong[1:]) - g) < 1e-4 for g in MOODLE_GRADES):
        wrong = "-10"
    return " ".join(
        f"~%{_grade(next(right)) if c in card.answers else wrong}%{escape(c)}"
        for c in card.choices
    )


def _short(answers: tuple[str, ...] | list[str]) -> str | None:
    if any("->" in a for a in answers):
        return None
    return " ".join("=" + escape(a) for a in dict.fromkeys(answers))


_ARROW = "an answer contains '->', which Moodle reads as a matching pair"


def _block(card: Any) -> tuple[str, str] | tuple[str, str, str] | str:
    """(question, answer block[, text after]) for a card, or why GIFT cannot hold it."""
    kind = card.kind
    if kind == "multiple_choice":
        options = " ".join(("=" if c == card.answer else "~") + escape(c) for c in card.choices)
        return escape(card.question), options
    if kind == "multi_select":
        return escape(card.question), _multi_select(card)
    if kind == "true_false":
        return escape(card.statement), "TRUE" if card.answer else "FALSE"
    if kind == "short_answer":
        answers = _short(card.answers)
        return _ARROW if answers is None else (escape(card.question), answers)
    if kind == "numeric":
        tolerance = f":{_number(card.tolerance)}" if card.tolerance else ""
        return escape(card.question), f"#{_number(card.answer)}{tolerance}"
    if kind == "matching":
        if any("->" in left for left, _ in card.pairs):
            return "a left side contains '->', which GIFT reads as the pair's arrow"
        pairs = " ".join(f"={escape(a)} -> {escape(b)}" for a, b in card.pairs)
        return escape(card.question), pairs
    if kind == "flashcard":
        back = card.back
        if "\n" in back or len(back) > 500:
            return "its back is longer than one line of 500 characters (a GIFT short answer)"
        answers = _short([back])
        return _ARROW if answers is None else (escape(card.front), answers)
    if kind == "cloze":
        gaps = list(CLOZE_GAP.finditer(card.text))
        if len(gaps) != 1:
            return "GIFT has one blank per question and this cloze card has several gaps"
        gap = gaps[0]
        answers = _short(card.accepted(card.gaps[0]))
        if answers is None:
            return _ARROW
        before, after = card.text[: gap.start()], card.text[gap.end() :]
        return escape(before), answers, escape(after)
    return f"GIFT has no {kind.replace('_', ' ')} questions"


def dumps_gift(deck: Deck) -> str:
    out = [f"// {escape(deck.title)}: written by quizapp"]
    for card in deck.cards:
        made = _block(card)
        if isinstance(made, str):
            out.append(f"// skipped: card {card.id}: {made}")
            continue
        question, answers, *after = made
        lines = [f"// [id:{card.id}]"]
        lines += [f"// [tag:{tag}]" for tag in card.tags if "]" not in tag]
        feedback = f"####{escape(card.explanation)}" if card.explanation else ""
        # a cloze becomes "missing word": the text goes on after the answer block
        space = "" if after else " "
        lines.append(f"::{card.id}::{question}{space}{{{answers}{feedback}}}{''.join(after)}")
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def losses(deck: Deck) -> list[str]:
    """What writing this deck as GIFT leaves out or changes, one line per loss."""
    notes = ["GIFT keeps no deck title, description, sources, points or numeric units"]
    if deck.tags:
        notes.append(f"deck tags are not written: {', '.join(deck.tags)}")
    for card in deck.cards:
        made = _block(card)
        if isinstance(made, str):
            notes.append(f"card {card.id} is left out: {made}")
        elif card.kind == "flashcard":
            notes.append(f"card {card.id} is written as a short answer question")
        elif card.kind == "cloze":
            notes.append(f"card {card.id} is written as a missing-word short answer")
            if any(g.hint for g in card.gaps):
                notes.append(f"card {card.id}: the cloze hint is not written")
        if any("]" in tag for tag in card.tags):
            notes.append(f"card {card.id}: tags containing ']' are not written")
    return notes + extras_lost(deck)

