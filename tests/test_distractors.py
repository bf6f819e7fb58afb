"""Distractors from the per-deck index on decks too big for a full scan."""

from __future__ import annotations

import random

import pytest

from quizapp.grading import match_text
from quizapp.model import Deck, Flashcard
from quizapp.quiz import QuizSettings, build_quiz
from quizapp.quiz.build import _widest
from quizapp.quiz.distractors import (
    _INDEXES,
    SAMPLE_SHAPE,
    SCAN_ALL,
    distractors,
    index_for,
    shape,
)

WORDS = [
    "treaty",
    "signed",
    "envoys",
    "kings",
    "clerks",
    "river",
    "border",
    "army",
    "trade",
    "grain",
    "gold",
    "salt",
]
CITIES = ["Bamako", "Niamey", "Ouagadougou", "Dakar", "Conakry", "Accra", "Lome", "Abuja"]


def big_deck(n: int = 3000) -> Deck:
    """Mostly sentences, some capitals, a few years (a rare sort), near-duplicate answers."""
    rng = random.Random(5)
    cards = []
    for i in range(n):
        if i % 300 == 0:
            back, tags = str(1900 + i // 300), ("years",)
        elif i % 10 == 0:
            back, tags = f"{rng.choice(CITIES)} {['North', 'South', 'Old'][i % 3]}", ("places",)
        else:
            back, tags = " ".join(rng.sample(WORDS, rng.randint(3, 6))), ()
        cards.append(Flashcard(id=f"c{i}", front=f"Question {i}?", back=back, tags=tags))
    # Two answers one typo apart: neither may be offered as a wrong option for the other.
    cards.append(Flashcard(id="lavrov", front="Who?", back="Sergei Lavrov"))
    cards.append(Flashcard(id="lavrof", front="Who spelled?", back="Sergei Lavrof"))
    return Deck(id="big", title="Big", cards=tuple(cards))


@pytest.fixture(scope="module")
def deck() -> Deck:
    return big_deck()


def test_wrong_options_are_of_the_answers_sort_even_a_rare_one(deck: Deck) -> None:
    rng = random.Random(3)
    flashcards = [c for c in deck.cards if isinstance(c, Flashcard)]
    years = [c for c in flashcards if shape(c.back) == "number"]
    assert 0 < len(years) <= SAMPLE_SHAPE  # years are the rare sort here
    for card in [*years, *rng.sample(flashcards, 200)]:
        wrong = distractors(card, deck, 3, rng, 0.5)
        assert len(wrong) == 3 and len(set(wrong)) == 3 and card.back not in wrong
        assert {shape(w) for w in wrong} == {shape(card.back)}, (card.back, wrong)


def test_an_option_the_grader_accepts_is_never_offered(deck: Deck) -> None:
    card = deck.card("lavrov")
    assert isinstance(card, Flashcard)
    widest = _widest(QuizSettings())
    for seed in range(30):
        wrong = distractors(card, deck, 3, random.Random(seed), widest)
        assert "Sergei Lavrof" not in wrong
        assert all(match_text(w, (card.back,), widest) is None for w in wrong)


def test_a_question_scores_a_sample_not_the_deck(deck: Deck) -> None:
    index = index_for(deck)
    assert len(index.cards) > 10 * SCAN_ALL
    rng = random.Random(1)
    outsider = Flashcard(id="elsewhere", front="Not in the deck?", back="1999", tags=("years",))
    for at in rng.sample(range(len(index.cards)), 100):
        for asked in (index.cards[at], outsider):
            assert len(index._candidates(asked, rng)) <= 2 * SAMPLE_SHAPE


def test_the_index_is_built_once_per_deck_and_anew_for_a_changed_deck(deck: Deck) -> None:
    index = index_for(deck)
    assert index_for(deck) is index
    changed = deck.model_copy(update={"cards": deck.cards[:-1]})
    assert index_for(changed) is not index
    assert "lavrof" not in {c.id for c in index_for(changed).cards}


def test_same_seed_same_quiz_whatever_was_cached(deck: Deck) -> None:
    settings = QuizSettings(questions=50, seed=11, flashcards="choice")
    first = build_quiz(deck, settings)
    _INDEXES.clear()
    again = build_quiz(deck, settings)
    assert first.questions == again.questions
    assert all(q.mode == "choice" and len(q.options) == 4 for q in first.questions)


def test_only_a_rare_sort_has_the_deck_bucketed(deck: Deck) -> None:
    from quizapp.quiz.distractors import DistractorIndex

    index = DistractorIndex(deck)
    sentence = next(c for c in deck.cards if isinstance(c, Flashcard) and shape(c.back) == "words")
    assert len(index.draw(sentence, 3, random.Random(2), 0.5)) == 3
    # A common sort is found by probing a few cards: nothing else was looked at.
    assert index._buckets is None
    assert index._shapes.count(None) > len(index.cards) - 2 * 96
    year = next(c for c in deck.cards if isinstance(c, Flashcard) and shape(c.back) == "number")
    assert {shape(w) for w in index.draw(year, 3, random.Random(2), 0.5)} == {"number"}
    assert index._buckets is not None and len(index._buckets["number"]) < SAMPLE_SHAPE
