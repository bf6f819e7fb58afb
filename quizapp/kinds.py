"""What each kind of card is called and how it is answered, in words: the one table.

The model names kinds by id (`quizapp.model.KINDS`: "multiple_choice", ...). Every
place that shows a kind to a person asks here: the editor's kind list and form title,
the quiz setup and question screens, study, the deck browser, the home table, the live
host's screen and the terminal client. A new kind gets its words here once, and
tests/test_kinds.py fails until it has them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["KIND_WORDS", "KindWords", "how", "label", "labelled", "short", "typed_how"]


@dataclass(frozen=True)
class KindWords:
    #: The kind's name in a sentence or a list: "multiple choice".
    label: str
    #: Where width is scarce (the home table; the panel below it spells the kind out).
    short: str
    #: What the student is asked to do, on a screen: "Pick one".
    how: str
    #: The same for a student typing in a terminal (quizapp join --plain).
    typed_how: str


KIND_WORDS: Mapping[str, KindWords] = {
    "flashcard": KindWords(
        "flashcard", "flash", "Recall the answer, then reveal it", "type your answer"
    ),
    "multiple_choice": KindWords(
        "multiple choice", "choice", "Pick one", "type the number of your choice"
    ),
    "multi_select": KindWords(
        "multi select", "multi", "Pick every right choice",
        "type the numbers of every right choice, e.g. 1 3",
    ),
    "true_false": KindWords(
        "true false", "t/f", "True or false?", "type t (true) or f (false)"
    ),
    "short_answer": KindWords(
        "short answer", "typed", "Type the answer", "type your answer"
    ),
    "numeric": KindWords("numeric", "number", "Type a number", "type a number"),
    "cloze": KindWords(
        "cloze", "cloze", "Fill the gaps", "type the gaps in order, separated by |"
    ),
    "ordering": KindWords(
        "ordering", "order", "Put these in order",
        "type the item numbers in the right order, e.g. 3 1 2",
    ),
    "matching": KindWords(
        "matching", "match", "Match each item on the left with one on the right",
        "for each left side in order, the number of its right side, e.g. 2 3 1",
    ),
}


def _words(kind: str) -> KindWords | None:
    return KIND_WORDS.get(kind)


def label(kind: str) -> str:
    """"multiple choice" for "multiple_choice"; an unknown kind (a newer file) as written."""
    words = _words(kind)
    return words.label if words else kind.replace("_", " ")


def short(kind: str) -> str:
    words = _words(kind)
    return words.short if words else kind


def how(kind: str) -> str:
    """What the student does, on a screen ("" for a kind this version does not know)."""
    words = _words(kind)
    return words.how if words else ""


def typed_how(kind: str) -> str:
    """What the student types in a terminal client."""
    words = _words(kind)
    return words.typed_how if words else "type an answer"


def labelled(counts: Mapping[str, int], *, width: str = "label") -> str:
    """Counts of each kind in words, by kind id: "cloze 2, flashcard 10" (width="short":
    "cloze 2 flash 10", for a table)."""
    if width == "short":
        return " ".join(f"{short(k)} {n}" for k, n in sorted(counts.items()))
    return ", ".join(f"{label(k)} {n}" for k, n in sorted(counts.items()))
