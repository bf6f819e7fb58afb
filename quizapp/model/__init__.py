# ruff: noqa: F401  (names under TYPE_CHECKING are for type checkers; __getattr__ serves them)
"""The data model: decks, cards and their rules. Never imports the UI.

Names are loaded on first use (PEP 562), so that starting the app or a command that
needs only the library's summaries does not pay for building the pydantic models.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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
    "quizapp.model.problems": ("DeckError", "Problem", "RuleError"),
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
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'quizapp.model' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


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
    from quizapp.model.problems import DeckError, Problem, RuleError
    from quizapp.model.progress import (
        CardProgress,
        CardState,
        Rating,
        ReviewEntry,
        StudySettings,
        progress_key,
    )
    from quizapp.model.validate import parse_deck, reporting
