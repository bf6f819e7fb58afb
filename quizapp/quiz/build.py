"""Drawing a quiz from a deck: which cards, in what order, asked how.

A flashcard may become a multiple choice (as in Quizlet's Learn) with distractors
taken from the deck's other flashcards (distractors.py); the same deck, settings and
seed always give the same quiz.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from quizapp.answering import TRUE_FALSE, AnswerForm, Mode
from quizapp.model import Card, Deck
from quizapp.model.cards import (
    KINDS,
    Cloze,
    Flashcard,
    Matching,
    MultipleChoice,
    MultiSelect,
    Ordering,
    TrueFalse,
)
from quizapp.model.progress import StudySettings
from quizapp.quiz.distractors import distractors
from quizapp.quiz.settings import QuizError, QuizSettings
from quizapp.shuffle import display_order, permuted

if TYPE_CHECKING:
    from quizapp.quiz.attempts import Attempt

#: Options shown when a flashcard is asked as a multiple choice (the right one included).
FLASHCARD_OPTIONS = 4


@dataclass(frozen=True)
class Question:
    number: int  # 1-based position in the quiz
    card: Card
    mode: Mode
    #: What the student picks from: choices (shuffled), flashcard options, ordering items
    #: (shuffled), or the right-hand sides of a matching (shuffled).
    options: tuple[str, ...] = ()

    @property
    def points(self) -> float:
        return self.card.points

    @property
    def form(self) -> AnswerForm:
        """What the student enters: this mode, these options in this order."""
        return AnswerForm.for_question(self.card, self.mode, self.options)

    @property
    def prompt(self) -> str:
        return self.card.prompt


@dataclass(frozen=True)
class Quiz:
    deck: Deck
    settings: QuizSettings  # with the seed actually used, so a quiz can be drawn again
    questions: tuple[Question, ...]
    #: A retry of the questions an attempt missed: its attempt is not a score to compare.
    retry: bool = False




def _widest(s: QuizSettings) -> float:
    """The tolerance distractors are kept clear of: the deck's once known, else the widest
    a deck may set, so no option offered can be graded right whatever the deck says."""
    if s.typo_tolerance is not None:
        return s.typo_tolerance
    field = StudySettings.model_fields["typo_tolerance"]
    return float(next(m.le for m in field.metadata if getattr(m, "le", None) is not None))


def _question(number: int, card: Card, deck: Deck, s: QuizSettings, rng: random.Random) -> Question:
    # One seed per question from the quiz's rng: the quiz's seed still redraws the same quiz.
    seed = rng.getrandbits(64)
    if isinstance(card, Flashcard):
        want_choice = s.flashcards == "choice" or (s.flashcards == "mixed" and rng.random() < 0.5)
        if want_choice:
            wrong = distractors(card, deck, FLASHCARD_OPTIONS - 1, rng, _widest(s))
            if wrong:
                return Question(number, card, "choice", permuted([card.back, *wrong], seed))
        return Question(number, card, "typed")
    if isinstance(card, MultipleChoice | MultiSelect):
        mode: Mode = "choice" if isinstance(card, MultipleChoice) else "multi"
        shown = display_order(card, seed if s.shuffle_choices else None)
        return Question(number, card, mode, shown)
    if isinstance(card, TrueFalse):
        return Question(number, card, "true_false", TRUE_FALSE)
    if isinstance(card, Cloze):
        return Question(number, card, "gaps")
    if isinstance(card, Ordering):
        return Question(number, card, "order", display_order(card, seed))
    if isinstance(card, Matching):
        return Question(number, card, "match", display_order(card, seed))
    return Question(number, card, "typed")  # short answer, numeric


def build_quiz(deck: Deck, settings: QuizSettings | None = None) -> Quiz:
    """Draw a quiz; the same deck, settings and seed always give the same quiz."""
    settings = settings or QuizSettings()
    unknown = [k for k in settings.kinds if k not in KINDS]
    if unknown:
        raise QuizError(f"unknown card kind {unknown[0]!r}; kinds are: {', '.join(KINDS)}")
    seed = settings.seed if settings.seed is not None else secrets.randbits(32)
    settings = settings.model_copy(update={"seed": seed})
    rng = random.Random(seed)
    wanted_tags = {t.casefold() for t in settings.tags}
    cards = [
        card
        for card in deck.cards
        if (not settings.kinds or card.kind in settings.kinds)
        and (not wanted_tags or wanted_tags & {t.casefold() for t in card.tags})
        and (not settings.card_ids or card.id in settings.card_ids)
    ] if settings.kinds or wanted_tags or settings.card_ids else list(deck.cards)  # fmt: skip
    if not cards:
        raise QuizError(f"no card of deck {deck.id!r} matches the kinds and tags asked for")
    if settings.shuffle_questions:
        # A random ordered sample costs O(questions); shuffling the whole deck to keep a
        # few cost O(deck) (40 ms on 100k cards).
        cards = rng.sample(cards, min(len(cards), settings.questions or len(cards)))
    cards = cards[: settings.questions]
    questions = tuple(_question(i + 1, c, deck, settings, rng) for i, c in enumerate(cards))
    return Quiz(deck, settings, questions)


def retry_missed(deck: Deck, attempt: Attempt, seed: int | None = None) -> Quiz:
    """A new quiz of the questions `attempt` did not get fully right, same settings otherwise."""
    known = {card.id for card in deck.cards}
    missed = tuple(dict.fromkeys(cid for cid in attempt.missed if cid in known))
    if not missed:
        raise QuizError("nothing to retry: every question was answered right")
    # The tolerance recorded then is not carried over: the retry is graded by the deck's now.
    settings = attempt.settings.model_copy(
        update={
            "card_ids": missed,
            "questions": None,
            "kinds": (),
            "tags": (),
            "seed": seed,
            "typo_tolerance": None,
        }
    )
    return replace(build_quiz(deck, settings), retry=True)
