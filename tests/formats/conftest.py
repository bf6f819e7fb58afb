"""Shared decks for the format tests: one card of every kind, with awkward text."""

from __future__ import annotations

import pytest

from quizapp.model import Deck, parse_deck

ALL_KINDS = {
    "id": "everything",
    "title": "Every kind | of card",
    "description": "First line.\n\nQ: not a marker\n---\n- [x] nor this",
    "language": "de",
    "tags": ["geo, europe", "back\\slash"],
    "sources": [
        {"id": "ap", "title": "Summit | in Paris", "outlet": "AP", "date": "2025-09-25",
         "url": "https://apnews.com/x"},
        {"id": "bbc", "title": "Only a title"},
    ],
    "cards": [
        {"id": "fc", "kind": "flashcard", "front": "Capital of France?\n= not an answer",
         "back": "Paris\n\n  indented line\n> not a quote", "tags": ["easy", "a,b"],
         "explanation": "Since 987.\n\n> nested\n  spaced", "points": 2.5,
         "source": {"id": "ap", "paragraph": 3, "quote": 'the "summit" in Paris'}},
        {"id": "mc", "kind": "multiple_choice", "question": "Which river?",
         "choices": ["Seine", "Thames", "Tiber -> Rome"], "answer": "Seine"},
        {"id": "ms", "kind": "multi_select", "question": "Primes?",
         "choices": ["2", "3", "4"], "answers": ["2", "3"]},
        {"id": "ms1", "kind": "multi_select", "question": "Only one right",
         "choices": ["yes", "no"], "answers": ["yes"]},
        {"id": "tf", "kind": "true_false", "statement": "The sun is a star.", "answer": True},
        {"id": "tf2", "kind": "true_false", "statement": "Paris is in Spain.", "answer": False},
        {"id": "sa", "kind": "short_answer", "question": "A colour of the French flag?",
         "answers": ["blue", "white", "red"]},
        {"id": "num", "kind": "numeric", "question": "Length of the Seine?",
         "answer": 777.0, "tolerance": 0.5, "unit": "km"},
        {"id": "num2", "kind": "numeric", "question": "Tiny", "answer": 1e-07},
        {"id": "cz", "kind": "cloze", "text": "The {{c1::Seine::river}} flows through "
         "{{c2::Paris}}.", "alternatives": {"c2": ["Lutetia", "Paname"]}},
        {"id": "ord", "kind": "ordering", "question": "Oldest first",
         "items": ["Rome", "Paris", "Berlin"]},
        {"id": "match", "kind": "matching", "question": "Match the capitals",
         "pairs": [["France", "Paris"], ["a -> b", "c -> d"], ["Italy", "Rome"]]},
    ],
}


@pytest.fixture
def all_kinds() -> Deck:
    return parse_deck(ALL_KINDS, "all_kinds")
