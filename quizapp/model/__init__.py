"""The data model: decks, cards and their rules. Never imports the UI.

Names are loaded on first use (PEP 562), so that starting the app or a command that
needs only the library's summaries does not pay for building the pydantic models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.lazy import lazy_names

_EXPORTS = {
    "quizapp.model.cards": (
        "CARD_TYPES",
        "CLOZE_GAP",
        "KINDS",
        "Card",
        "Cloze",
        "Flashcard",
        "Gap",
        "Matching",
        "MultipleChoice",
        "MultiSelect",
        "Numeric",
        "Ordering",
        "ShortAnswer",
        "SourceRef",
        "TrueFalse",
    ),
    "quizapp.model.deck": ("FORMAT_VERSION", "Deck", "Source"),
    "quizapp.model.problems": ("DeckError", "Problem"),
    "quizapp.model.rules": ("RuleError",),
    "quizapp.model.validate": ("parse_deck", "reporting"),
    "quizapp.model.progress": (
        "CardProgress",
        "CardState",
        "Rating",
        "ReviewEntry",
        "StudySettings",
        "progress_key",
    ),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
# Written out (not computed from _EXPORTS) so that type checkers see the exports;
# tests/test_types.py checks that the two agree.
__all__ = [
    "CARD_TYPES",
    "CLOZE_GAP",
    "FORMAT_VERSION",
    "KINDS",
    "Card",
    "CardProgress",
    "CardState",
    "Cloze",
    "Deck",
    "DeckError",
    "Flashcard",
    "Gap",
    "Matching",
    "MultiSelect",
    "MultipleChoice",
    "Numeric",
    "Ordering",
    "Problem",
    "Rating",
    "ReviewEntry",
    "RuleError",
    "ShortAnswer",
    "Source",
    "SourceRef",
    "StudySettings",
    "TrueFalse",
    "parse_deck",
    "progress_key",
    "reporting",
]


__getattr__ = lazy_names(__name__, _WHERE)


if TYPE_CHECKING:
    from quizapp.model.cards import (
        CARD_TYPES,
        CLOZE_GAP,
        KINDS,
        Card,
        Cloze,
        Flashcard,
        Gap,
        Matching,
        MultipleChoice,
        MultiSelect,
        Numeric,
        Ordering,
        ShortAnswer,
        SourceRef,
        TrueFalse,
    )
    from quizapp.model.deck import FORMAT_VERSION, Deck, Source
    from quizapp.model.problems import DeckError, Problem
    from quizapp.model.progress import (
        CardProgress,
        CardState,
        Rating,
        ReviewEntry,
        StudySettings,
        progress_key,
    )
    from quizapp.model.rules import RuleError
    from quizapp.model.validate import parse_deck, reporting
