"""A deck with every card kind, a fake clock, and a live server on 127.0.0.1."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator

import pytest

from quizapp.classroom import ClassroomServer, ClassroomSettings, Game
from quizapp.model import Deck

CARDS = [
    {"kind": "multiple_choice", "id": "mc", "question": "Capital of France?",
     "choices": ["Lyon", "Paris", "Nice"], "answer": "Paris", "explanation": "Paris since 987."},
    {"kind": "multi_select", "id": "ms", "question": "Primes?",
     "choices": ["2", "3", "4", "9"], "answers": ["2", "3"]},
    {"kind": "true_false", "id": "tf", "statement": "Water boils at 100 °C at sea level.",
     "answer": True},
    {"kind": "short_answer", "id": "sa", "question": "Author of Hamlet?",
     "answers": ["Shakespeare", "William Shakespeare"]},
    {"kind": "numeric", "id": "nu", "question": "Speed of light, km/s?", "answer": 299792,
     "tolerance": 500, "unit": "km/s"},
    {"kind": "cloze", "id": "cl",
     "text": "The {{c1::Rhine}} flows into the {{c2::North Sea::sea}}."},
    {"kind": "ordering", "id": "or", "question": "Oldest first",
     "items": ["Rome founded", "Magna Carta", "Moon landing"]},
    {"kind": "matching", "id": "ma", "question": "Match countries and capitals",
     "pairs": [["France", "Paris"], ["Spain", "Madrid"], ["Italy", "Rome"]]},
    {"kind": "flashcard", "id": "fc", "front": "Chemical symbol of gold", "back": "Au"},
]

#: A right answer for each card, in the shape a student sends.
RIGHT = {
    "mc": "Paris",
    "ms": ["2", "3"],
    "tf": True,
    "sa": "Shakespeare",
    "nu": "299700",
    "cl": ["Rhine", "North Sea"],
    "or": ["Rome founded", "Magna Carta", "Moon landing"],
    "ma": {"France": "Paris", "Spain": "Madrid", "Italy": "Rome"},
    "fc": "Au",
}
WRONG = {
    "mc": "Lyon",
    "ms": ["4"],
    "tf": False,
    "sa": "Marlowe",
    "nu": "12",
    "cl": ["Seine", "Baltic"],
    "or": ["Moon landing", "Magna Carta", "Rome founded"],
    "ma": {"France": "Rome", "Spain": "Paris", "Italy": "Madrid"},
    "fc": "Ag",
}


def make_deck(cards: list[dict] | None = None) -> Deck:
    return Deck.model_validate(
        {"id": "everything", "title": "Every kind", "cards": cards if cards is not None else CARDS}
    )


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def deck() -> Deck:
    return make_deck()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_game(deck: Deck, clock: FakeClock, **settings: object) -> Game:
    """A known game: questions in deck order (unless asked), a seeded showing order."""
    settings = {"shuffle_questions": False, **settings}
    return Game(
        deck, ClassroomSettings(**settings), clock=clock, rng=random.Random(7), pin="123456"
    )


@pytest.fixture
async def live(deck: Deck) -> AsyncIterator[ClassroomServer]:
    """A real server on loopback with a real clock, short questions."""
    game = Game(
        deck,
        ClassroomSettings(
            time_per_question=5, reveal_seconds=0, joins_per_second=50, shuffle_questions=False
        ),
        rng=random.Random(3),
        pin="424242",
    )
    server = ClassroomServer(game, host="127.0.0.1", port=0)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


def address(server: ClassroomServer) -> str:
    return f"127.0.0.1:{server.port}"
