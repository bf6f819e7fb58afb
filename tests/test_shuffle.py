"""Nothing to game: the order a card is shown in tells a student nothing.

The shipped quiz deck once wrote the right choice first on every multiple-choice and
multi-select card; the tests here write them so again (the worst an author can do). A
student who always takes the first choice(s) must still score near chance in study, in
a quiz and in the classroom, because each showing draws its own
order (quizapp/shuffle.py); orderings and matchings may come up in any order, the
right one included; an author can pin one card's choices.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from itertools import permutations
from math import comb
from pathlib import Path

import pytest

from quizapp.answering import AnswerForm
from quizapp.classroom import ClassroomSettings, Game
from quizapp.classroom.game import draw_cards
from quizapp.formats import read_deck
from quizapp.grading import grade
from quizapp.model import Card, Deck
from quizapp.model.cards import MultipleChoice, MultiSelect
from quizapp.quiz import QuizSettings, build_quiz
from quizapp.shuffle import display_order, new_seed, permuted

DECKS = sorted((Path(__file__).resolve().parents[1] / "decks").glob("*.toml"))
#: Showings of each card per mode: enough for a tight bound, cheap enough to run always.
ROUNDS = 150


def right_first(card: Card) -> Card:
    """The card with its right choice(s) written first."""
    if isinstance(card, MultipleChoice):
        right: tuple[str, ...] = (card.answer,)
    else:
        assert isinstance(card, MultiSelect)
        right = card.answers
    rest = tuple(c for c in card.choices if c not in right)
    return card.model_copy(update={"choices": (*right, *rest)})


def choice_cards() -> list[Card]:
    """Every shipped multiple-choice and multi-select card, written right-first."""
    cards = [c for path in DECKS for c in read_deck(path).cards]
    return [right_first(c) for c in cards if isinstance(c, MultipleChoice | MultiSelect)]


def choice_deck() -> Deck:
    """Every shipped multiple-choice and multi-select card in one deck, with its sources."""
    decks = [read_deck(path) for path in DECKS]
    sources = {s.id: s for d in decks for s in d.sources}
    return Deck(id="shipped", title="Shipped", sources=tuple(sources.values()),
                cards=tuple(choice_cards()))  # fmt: skip


def first_pick(card: Card, shown: tuple[str, ...]) -> str | list[str]:
    """The gaming student: the first choice, or as many first choices as there are answers."""
    if isinstance(card, MultipleChoice):
        return shown[0]
    assert isinstance(card, MultiSelect)
    return list(shown[: len(card.answers)])


def chance(card: Card) -> float:
    """The probability that `first_pick` is fully right when the order says nothing."""
    if isinstance(card, MultipleChoice):
        return 1 / len(card.choices)
    assert isinstance(card, MultiSelect)
    return 1 / comb(len(card.choices), len(card.answers))


def assert_near_chance(rights: int, cards: list[Card], rounds: int) -> None:
    expected = sum(chance(c) for c in cards) * rounds
    sd = math.sqrt(sum(chance(c) * (1 - chance(c)) for c in cards) * rounds)
    shown = len(cards) * rounds
    # Within 5 standard deviations of chance: a false alarm about once in 3 million runs.
    assert abs(rights - expected) < 5 * sd, (rights, expected, sd, shown)
    assert rights / shown < 0.35  # the written order alone would give 100%


def test_a_deck_written_right_first_would_be_gamed_in_its_written_order() -> None:
    """Why the shuffle matters: as written here, the first choice(s) are always right."""
    cards = choice_cards()
    assert len(cards) >= 18
    right = [grade(c, first_pick(c, display_order(c, None))).correct for c in cards]
    assert all(right)


def test_always_first_in_study_scores_near_chance() -> None:
    cards = choice_cards()
    rights = 0
    for _ in range(ROUNDS):
        for card in cards:
            form = AnswerForm.for_card(card, new_seed())  # what the study screen does
            assert form is not None
            rights += grade(card, first_pick(card, form.options)).correct
    assert_near_chance(rights, cards, ROUNDS)


def test_always_first_in_a_quiz_scores_near_chance() -> None:
    deck = choice_deck()
    cards = list(deck.cards)
    rights = 0
    for _ in range(ROUNDS):
        quiz = build_quiz(deck, QuizSettings())  # a fresh seed from secrets each time
        for q in quiz.questions:
            rights += grade(q.card, first_pick(q.card, q.options)).correct
    assert_near_chance(rights, cards, ROUNDS)


def test_always_first_in_the_classroom_scores_near_chance() -> None:
    deck = choice_deck()
    cards = list(deck.cards)
    rights = 0
    for _ in range(ROUNDS):
        game = Game(deck, ClassroomSettings(time_per_question=20))  # secrets.SystemRandom
        key, _ = game.join(game.pin, "First")
        game.start()
        while True:
            shown = tuple(game.question_message().choices)
            game.answer(key, game.index, first_pick(game.current.card, shown))
            game.close()
            if game.is_last:
                break
            game.next()
        rights += game.players[key].right
    assert_near_chance(rights, cards, ROUNDS)


def test_the_right_choice_lands_on_every_letter_evenly() -> None:
    card = choice_cards()[0]
    assert isinstance(card, MultipleChoice)
    draws = 4000
    where = Counter(display_order(card, new_seed()).index(card.answer) for _ in range(draws))
    n = len(card.choices)
    chi2 = sum((where[i] - draws / n) ** 2 / (draws / n) for i in range(n))
    assert set(where) == set(range(n)) and chi2 < 25, where  # df=3: p < 1e-4 to fail


@pytest.mark.parametrize("size", [2, 3, 4])
def test_ordering_and_matching_come_up_in_every_order(size: int) -> None:
    items = [f"item {i}" for i in range(size)]
    deck = Deck.model_validate(
        {"id": "orders", "title": "Orders", "cards": [
            {"kind": "ordering", "id": "or", "question": "Order", "items": items},
            {"kind": "matching", "id": "ma", "question": "Match",
             "pairs": [[f"left {i}", f"right {i}"] for i in range(size)]},
        ]}
    )  # fmt: skip
    ordering, matching = deck.cards
    every = set(permutations(items))
    # Study, quiz and classroom all draw from display_order: every order, the right one too.
    study = {AnswerForm.for_card(ordering, new_seed()).options for _ in range(400)}  # type: ignore[union-attr]
    quiz = {
        next(q.options for q in build_quiz(deck).questions if q.card.id == "or")
        for _ in range(400)
    }
    in_order = ClassroomSettings(shuffle_questions=False)
    room = {Game(deck, in_order).rounds[0].view.items for _ in range(400)}
    assert study == every and quiz == every and room == every
    rights = {tuple(r.replace("right", "item") for r in display_order(matching, new_seed()))
              for _ in range(400)}  # fmt: skip
    assert rights == every


def test_an_author_can_pin_a_cards_choices() -> None:
    pinned = MultipleChoice(
        id="pin", question="Which?", choices=("Mali", "Niger", "Both of these"),
        answer="Both of these", shuffle=False,
    )  # fmt: skip
    deck = Deck(id="pinned", title="Pinned", cards=(pinned,))
    for _ in range(20):
        assert AnswerForm.for_card(pinned, new_seed()).options == pinned.choices  # type: ignore[union-attr]
        assert build_quiz(deck).questions[0].options == pinned.choices
        assert Game(deck).rounds[0].view.choices == pinned.choices
    # The default shuffles: the same card without the pin comes up in other orders.
    loose = pinned.model_copy(update={"shuffle": True})
    assert len({display_order(loose, new_seed()) for _ in range(100)}) > 1


def test_one_seed_one_order() -> None:
    items = tuple("abcdefg")
    assert permuted(items, 42) == permuted(items, 42)
    assert permuted(items, None) == items
    assert len({permuted(items, new_seed()) for _ in range(50)}) > 40


def test_the_host_draws_its_questions_at_random_in_order_or_by_tag() -> None:
    cards = [
        {"kind": "true_false", "id": f"c{i}", "statement": f"Statement {i}.", "answer": True,
         "tags": ["even" if i % 2 == 0 else "odd"]}
        for i in range(10)
    ]  # fmt: skip
    deck = Deck.model_validate({"id": "ten", "title": "Ten", "cards": cards})
    firsts = Counter(Game(deck, ClassroomSettings(questions=3)).rounds[0].card.id
                     for _ in range(300))  # fmt: skip
    assert len(firsts) == 10  # any card can open the game, not always the first
    in_order = Game(deck, ClassroomSettings(questions=3, shuffle_questions=False))
    assert [r.card.id for r in in_order.rounds] == ["c0", "c1", "c2"]
    tagged = draw_cards(deck, ClassroomSettings(tags=("Odd",)), random.Random(1))
    assert sorted(c.id for c in tagged) == ["c1", "c3", "c5", "c7", "c9"]
    with pytest.raises(ValueError, match="no card of deck 'ten' has the tag nope"):
        draw_cards(deck, ClassroomSettings(tags=("nope",)), random.Random(1))
