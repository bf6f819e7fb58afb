"""The data model: decks, cards and their rules. Never imports the UI."""

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
from quizapp.model.validate import parse_deck

__all__ = [
    "CARD_TYPES",
    "CLOZE_GAP",
    "FORMAT_VERSION",
    "KINDS",
    "Card",
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
    "RuleError",
    "ShortAnswer",
    "Source",
    "SourceRef",
    "TrueFalse",
    "parse_deck",
]

from quizapp.model.progress import (
    CardProgress,
    CardState,
    Rating,
    ReviewEntry,
    StudySettings,
    progress_key,
)

__all__ += ["CardProgress", "CardState", "Rating", "ReviewEntry", "StudySettings", "progress_key"]
