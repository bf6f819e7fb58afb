"""A deterministic app for editor tests and snapshots: a temp library, a blank home.

The home screen belongs to another part of the app; these tests open the editor
screens straight away over an empty default screen, so they see only the editor.
"""

from __future__ import annotations

from typing import Any

from textual.notifications import SeverityLevel
from textual.screen import Screen

from quizapp.model import Deck
from quizapp.shuffle import as_written
from quizapp.store import Library
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.editor import EditorScreen


class EditorTestApp(QuizApp):
    """QuizApp over a blank screen, recording every notification it shows."""

    def __init__(self, library: Library, **kwargs: Any) -> None:
        # Choices as written, so a test can press the letter of a known choice; the shuffle
        # itself is tested with the app's real seeds (tests/ui/test_shuffled_showing.py).
        kwargs.setdefault("seeds", as_written)
        super().__init__(library, **kwargs)
        self.notes: list[str] = []

    def get_default_screen(self) -> Screen[Any]:
        return Screen()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        self.notes.append(message)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


def editor_app(library: Library, deck: Deck | None = None, *, save: bool = True) -> EditorTestApp:
    """The app opened on the editor of `deck` (saved to the library first unless save=False)."""
    screen = None
    if deck is not None:
        if save and not library.has_deck(deck.id):
            library.import_deck(deck, backup=False)
        screen = EditorScreen(deck, new=not save)
    return EditorTestApp(library, open_screen=screen)


def kinds_deck() -> Deck:
    """One card of each kind, citing a source, each with an explanation."""
    source = {"id": "src", "paragraph": 2, "quote": "Bamako is the capital of Mali."}
    cards: list[dict[str, Any]] = [
        {"kind": "flashcard", "id": "flash", "front": "Capital of Mali?", "back": "Bamako",
         "tags": ["geo"]},
        {"kind": "multiple_choice", "id": "mc", "question": "Which river flows through Bamako?",
         "choices": ["Niger", "Nile", "Congo"], "answer": "Niger", "tags": ["geo", "rivers"]},
        {"kind": "multi_select", "id": "ms", "question": "Which are in the Sahel?",
         "choices": ["Mali", "Niger", "Peru", "Chile"], "answers": ["Mali", "Niger"]},
        {"kind": "true_false", "id": "tf", "statement": "Bamako is in Mali.", "answer": True},
        {"kind": "short_answer", "id": "short", "question": "Russia's foreign minister?",
         "answers": ["Sergei Lavrov", "Lavrov"], "tags": ["people"]},
        {"kind": "numeric", "id": "num", "question": "How long is the Niger (km)?",
         "answer": 4180, "tolerance": 10, "unit": "km"},
        {"kind": "cloze", "id": "cloze", "text": "{{c1::Bamako}} is the capital of {{c2::Mali}}.",
         "alternatives": {"c2": ["Republic of Mali"]}},
        {"kind": "ordering", "id": "order", "question": "Order these by year.",
         "items": ["first", "second", "third"]},
        {"kind": "matching", "id": "match", "question": "Match each country to its capital.",
         "pairs": [["Mali", "Bamako"], ["Niger", "Niamey"]]},
    ]
    for card in cards:
        card["source"] = source
        card["explanation"] = f"Why: the source says so ({card['id']})."
    return Deck.model_validate(
        {"id": "kinds", "title": "Every kind", "sources": [{"id": "src", "title": "Sahel notes"}],
         "cards": cards}
    )


def big_deck(n: int = 10_000) -> Deck:
    """`n` cards of three kinds with a few tags: the editor's speed test."""
    cards: list[dict[str, Any]] = []
    for i in range(n):
        tags = [f"t{i % 7}"] + (["rare"] if i % 1000 == 0 else [])
        if i % 3 == 0:
            cards.append({"kind": "flashcard", "id": f"f{i}", "front": f"Front number {i}",
                          "back": f"Back {i}", "tags": tags})
        elif i % 3 == 1:
            cards.append({"kind": "short_answer", "id": f"s{i}", "question": f"Question {i}?",
                          "answers": [f"answer {i}"], "tags": tags})
        else:
            cards.append({"kind": "true_false", "id": f"t{i}", "statement": f"Statement {i}.",
                          "answer": i % 2 == 0, "tags": tags})
    return Deck.model_validate({"id": "big", "title": "Big deck", "cards": cards})
