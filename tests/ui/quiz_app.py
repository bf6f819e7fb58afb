"""A deterministic quizapp for quiz and progress tests and snapshots.

Fixed monotonic clock and wall clock, fixed seed, a small deck built here, a temp
library; the default screen is blank so nothing but the screen under test draws.
snap_compare takes the app instance (posting's posting_snapshot_app.py pattern, built
per test so each gets its own library).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.screen import Screen

from quizapp.model import CardProgress, Deck, ReviewEntry
from quizapp.model.progress import CardState, Rating
from quizapp.quiz import Attempt, AttemptItem, QuizSettings, save_attempt
from quizapp.store import Library
from quizapp.ui.app import QuizApp

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)  # a Friday


class Clock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def wall() -> datetime:
    return NOW


class QuizTestApp(QuizApp):
    def get_default_screen(self) -> Screen[Any]:
        return Screen()


def quiz_deck() -> Deck:
    source = {"id": "ap", "paragraph": 3, "quote": "Bamako is the capital"}
    cards: list[dict[str, Any]] = [
        {
            "id": "capital",
            "kind": "multiple_choice",
            "question": "What is the capital of Mali?",
            "choices": ["Bamako", "Niamey", "Dakar"],
            "answer": "Bamako",
            "source": source,
            "explanation": "Bamako lies on the Niger river.",
        },
        {
            "id": "landlocked",
            "kind": "true_false",
            "statement": "Mali has a coastline.",
            "answer": False,
            "explanation": "Mali is landlocked.",
        },
        {
            "id": "year",
            "kind": "numeric",
            "question": "In what year did Mali become independent?",
            "answer": 1960,
            "points": 2,
        },
        {
            "id": "neighbours",
            "kind": "multi_select",
            "question": "Which border Mali?",
            "choices": ["Niger", "Senegal", "Ghana", "Kenya"],
            "answers": ["Niger", "Senegal"],
        },
        {
            "id": "river",
            "kind": "flashcard",
            "front": "Mali's great river [b]markup[/b]?",
            "back": "The Niger",
        },
        {
            "id": "desert",
            "kind": "flashcard",
            "front": "The desert in the north",
            "back": "The Sahara",
        },
        {
            "id": "lake",
            "kind": "flashcard",
            "front": "A lake in the inner delta",
            "back": "Lake Debo",
        },
    ]
    return Deck.model_validate(
        {
            "id": "mali",
            "title": "Mali basics",
            "sources": [{"id": "ap", "title": "AP article on Mali"}],
            "cards": cards,
        }
    )


def open_library(tmp_path: Path, deck: Deck | None = None) -> Library:
    lib = Library.open(tmp_path / "library")
    lib.import_deck(deck or quiz_deck(), backup=False)
    return lib


def quiz_app(lib: Library, screen: Screen[Any]) -> QuizTestApp:
    return QuizTestApp(lib, open_screen=screen)


def settings(**kw: Any) -> QuizSettings:
    base: dict[str, Any] = {"seed": 7, "shuffle_questions": False, "flashcards": "choice"}
    return QuizSettings(**{**base, **kw})


def fill_history(lib: Library) -> None:
    """Three attempts and three weeks of reviews and progress, all at fixed times."""
    for day, pct, wrong in ((2, 40.0, ("year", "river")), (9, 60.0, ("year",)), (16, 80.0, ())):
        items = tuple(
            AttemptItem(
                card_id=c,
                kind="flashcard",
                correct=c not in wrong,
                points=0.0 if c in wrong else 1.0,
                verdict="wrong" if c in wrong else "correct",
            )
            for c in ("capital", "year", "river")
        )
        save_attempt(
            lib,
            Attempt(
                deck_id="mali",
                started=NOW - timedelta(days=20 - day),
                finished=NOW - timedelta(days=20 - day) + timedelta(minutes=3),
                settings=settings(),
                questions=items,
                points=sum(i.points for i in items),
                max_points=3,
                percent=pct,
                correct=sum(i.correct for i in items),
                time_ms=180_000,
            ),
        )
    card_ids = [c.id for c in quiz_deck().cards]
    for day in range(21):
        for n in range(day % 4):
            lib.record_answer(
                CardProgress(
                    deck_id="mali",
                    card_id=card_ids[n],
                    state=CardState.review,
                    due=NOW + timedelta(days=n + 1),
                ),
                ReviewEntry(
                    deck_id="mali",
                    card_id=card_ids[n],
                    rating=Rating.again if (day + n) % 5 == 0 else Rating.good,
                    at=NOW - timedelta(days=day, hours=1),
                    duration_ms=4000,
                    state_before=CardState.review if n else CardState.learning,
                    state_after=CardState.review,
                ),
            )
