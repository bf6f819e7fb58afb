"""A deterministic quizapp for study tests and snapshots: fixed clock, UTC, no fuzz.

snap_compare takes the app instance built here (posting's posting_snapshot_app.py
pattern, but built per test so each gets its own temp library).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from textual.notifications import SeverityLevel
from textual.pilot import Pilot

from quizapp.model import Deck
from quizapp.shuffle import as_written
from quizapp.store import Library
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.study import StudyOptions, StudyScreen
from tests.waiting import until

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning


class Clock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class StudyTestApp(QuizApp):
    """QuizApp with injected study options, recording every notification it shows."""

    def __init__(self, library: Library, options: StudyOptions, **kwargs: Any) -> None:
        # Choices as written, so a test can press the letter of a known choice; the shuffle
        # itself is tested with the app's real seeds (tests/ui/test_shuffled_showing.py).
        kwargs.setdefault("seeds", as_written)
        super().__init__(library, **kwargs)
        self.options = options
        self.notes: list[str] = []

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen(self.options)

    def _opened(self) -> bool:
        """The reviewer this app was opened on (if any) has loaded its deck (a thread)."""
        opened = self._open_screen
        return not isinstance(opened, StudyScreen) or opened.phase != "loading"

    @asynccontextmanager
    async def run_test(self, *args: Any, **kwargs: Any) -> AsyncIterator[Pilot[None]]:
        # A test drives the reviewer once it has loaded, as a student sees it.
        async with super().run_test(*args, **kwargs) as pilot:
            await until(pilot, self._opened)
            yield pilot

    async def run_async(self, *args: Any, auto_pilot: Any = None, **kwargs: Any) -> Any:
        # snap_compare drives the app through run(auto_pilot=...): the same wait first.
        if auto_pilot is not None:
            then = auto_pilot

            async def auto_pilot(pilot: Pilot[None]) -> None:
                await until(pilot, self._opened)
                await then(pilot)

        return await super().run_async(*args, auto_pilot=auto_pilot, **kwargs)

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


def study_app(
    library: Library, deck: Deck | None = None, *, clock: Clock | None = None, home: bool = False
) -> StudyTestApp:
    """The app over `library` (importing `deck` first), opened on the reviewer unless home."""
    if deck is not None and not library.has_deck(deck.id):
        library.import_deck(deck, backup=False)
    options = StudyOptions(clock=clock or Clock(), tz=UTC, fuzz=False)
    screen = None if home or deck is None else StudyScreen(deck.id, options)
    return StudyTestApp(library, options, open_screen=screen)


def kinds_deck() -> Deck:
    """One card of each kind, citing a source, each with an explanation."""
    source = {"id": "src", "paragraph": 2, "quote": "Bamako is the capital of Mali."}
    cards: list[dict[str, Any]] = [
        {"kind": "flashcard", "id": "flash", "front": "Capital of Mali?", "back": "Bamako"},
        {"kind": "multiple_choice", "id": "mc", "question": "Which river flows through Bamako?",
         "choices": ["Niger", "Nile", "Congo"], "answer": "Niger"},
        {"kind": "multi_select", "id": "ms", "question": "Which are in the Sahel?",
         "choices": ["Mali", "Niger", "Peru", "Chile"], "answers": ["Mali", "Niger"]},
        {"kind": "true_false", "id": "tf", "statement": "Bamako is in Mali.", "answer": True},
        {"kind": "short_answer", "id": "short", "question": "Russia's foreign minister?",
         "answers": ["Sergei Lavrov", "Lavrov"]},
        {"kind": "numeric", "id": "num", "question": "How long is the Niger (km)?",
         "answer": 4180, "tolerance": 10, "unit": "km"},
        {"kind": "cloze", "id": "cloze", "text": "{{c1::Bamako}} is the capital of {{c2::Mali}}."},
        {"kind": "ordering", "id": "order", "question": "Order these by year.",
         "items": ["first", "second", "third", "fourth"]},
        {"kind": "matching", "id": "match", "question": "Match each country to its capital.",
         "pairs": [["Mali", "Bamako"], ["Niger", "Niamey"], ["Chad", "N'Djamena"]]},
    ]
    for card in cards:
        card["source"] = source
        card["explanation"] = f"Why: the source says so ({card['id']})."
    return Deck.model_validate(
        {"id": "kinds", "title": "Every kind", "sources": [{"id": "src", "title": "Sahel notes"}],
         "cards": cards}
    )


def one_card_deck(card_id: str) -> Deck:
    """The kinds deck cut down to one card, so a session shows exactly that card."""
    deck = kinds_deck()
    return deck.model_copy(update={"id": f"one-{card_id}", "cards": (deck.card(card_id),)})


async def studying(pilot: Pilot[Any]) -> StudyScreen:
    """The reviewer on screen once it has loaded its deck (it reads it in a thread)."""
    def loaded() -> bool:
        shown = pilot.app.screen
        return isinstance(shown, StudyScreen) and shown.phase != "loading"

    await until(pilot, loaded)
    shown = pilot.app.screen
    assert isinstance(shown, StudyScreen)
    return shown
