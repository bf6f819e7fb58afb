"""Quiz mode: draw questions from a deck, time them, grade them, keep the score.

Headless: the UI and the CLI drive it. Grading is `quizapp.grading.grade` (the one
place answers are checked); this module only decides what is asked, how (a
flashcard may become a multiple choice, as in Quizlet's Learn), when time is up,
and what a question is worth (card.points times the grade's partial credit).
The monotonic clock and the wall clock are injected so tests can travel in time.
"""

from __future__ import annotations

import random
import re
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz

from quizapp.answering import TRUE_FALSE, AnswerForm, Mode
from quizapp.grading import Grade, GradingSettings, Response, grade, match_text, normalise
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
from quizapp.text import clean

#: Options shown when a flashcard is asked as a multiple choice (the right one included).
FLASHCARD_OPTIONS = 4


class QuizSettings(BaseModel):
    """How a quiz is drawn and run; stored with every attempt."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    questions: int | None = Field(default=None, ge=1, description="How many (None: all).")
    kinds: tuple[str, ...] = Field(default=(), description="Only these card kinds (empty: all).")
    tags: tuple[str, ...] = Field(default=(), description="Only cards with one of these tags.")
    card_ids: tuple[str, ...] = Field(default=(), description="Only these cards (a retry).")
    shuffle_questions: bool = True
    shuffle_choices: bool = True
    #: Seconds for the whole quiz / for each question (None: untimed).
    time_limit: float | None = Field(default=None, gt=0, le=86_400)
    per_question: float | None = Field(default=None, gt=0, le=86_400)
    feedback: Literal["immediate", "deferred"] = "immediate"
    seed: int | None = None
    typo_tolerance: float = Field(default=0.2, ge=0.0, le=0.5)
    #: How flashcards are asked: typed back, multiple choice of backs, or either at random.
    flashcards: Literal["mixed", "typed", "choice"] = "mixed"


class QuizError(ValueError):
    """A quiz that cannot be built from these settings; the message says what to change."""


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


# ---------------------------------------------------------------- building


def _shape(text: str) -> str:
    """A coarse "kind of thing": a number or date, a name, or words."""
    letters = sum(c.isalpha() for c in text)
    if sum(c.isdigit() for c in text) >= max(1, letters):
        return "number"
    words = text.split()
    if words and len(words) <= 5 and all(w[:1].isupper() or not w[:1].isalpha() for w in words):
        return "name"
    return "words"


def plausibility(right: Flashcard, other: Flashcard) -> float:
    """How good a wrong option `other.back` is for `right`: same shape, length, words, tags."""
    a, b = right.back, other.back
    score = 3.0 if _shape(a) == _shape(b) else 0.0
    score += min(len(a), len(b)) / max(len(a), len(b))
    score += fuzz.token_set_ratio(normalise(right.front), normalise(other.front)) / 200
    score += fuzz.token_set_ratio(normalise(a), normalise(b)) / 200
    if set(right.tags) & set(other.tags):
        score += 1.0
    return score


def distractors(
    card: Flashcard, deck: Deck, count: int, rng: random.Random, tolerance: float = 0.2
) -> list[str]:
    """Other flashcards' backs, the most plausible first, never one graded as right."""
    seen = {normalise(card.back)}
    ranked: list[tuple[float, str]] = []
    for other in deck.cards:
        if not isinstance(other, Flashcard) or other.id == card.id:
            continue
        key = normalise(other.back)
        # An option the grader would accept as the answer cannot be a wrong one.
        if key in seen or match_text(other.back, (card.back,), tolerance) is not None:
            continue
        seen.add(key)
        ranked.append((plausibility(card, other), other.back))
    ranked.sort(key=lambda item: -item[0])
    if not ranked:
        return []
    # A little variety between attempts: pick among the few most plausible, but never
    # one clearly worse than the count-th best (a city among years).
    floor = ranked[min(count, len(ranked)) - 1][0] - 1.0
    pool = [text for score, text in ranked[: count + 2] if score >= floor]
    return rng.sample(pool, min(count, len(pool)))


def _shuffled(items: Sequence[str], rng: random.Random, *, away_from: Sequence[str] = ()) -> tuple:
    out = list(items)
    for _ in range(8):  # an ordering shown in its right order would give itself away
        rng.shuffle(out)
        if list(away_from) != out:
            break
    return tuple(out)


def _question(number: int, card: Card, deck: Deck, s: QuizSettings, rng: random.Random) -> Question:
    def order(items: Sequence[str]) -> tuple[str, ...]:
        return _shuffled(items, rng) if s.shuffle_choices else tuple(items)

    if isinstance(card, Flashcard):
        want_choice = s.flashcards == "choice" or (s.flashcards == "mixed" and rng.random() < 0.5)
        if want_choice:
            wrong = distractors(card, deck, FLASHCARD_OPTIONS - 1, rng, s.typo_tolerance)
            if wrong:
                return Question(number, card, "choice", _shuffled([card.back, *wrong], rng))
        return Question(number, card, "typed")
    if isinstance(card, MultipleChoice):
        return Question(number, card, "choice", order(card.choices))
    if isinstance(card, MultiSelect):
        return Question(number, card, "multi", order(card.choices))
    if isinstance(card, TrueFalse):
        return Question(number, card, "true_false", TRUE_FALSE)
    if isinstance(card, Cloze):
        return Question(number, card, "gaps")
    if isinstance(card, Ordering):
        return Question(number, card, "order", _shuffled(card.items, rng, away_from=card.items))
    if isinstance(card, Matching):
        return Question(number, card, "match", _shuffled([r for _, r in card.pairs], rng))
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
    ]
    if not cards:
        raise QuizError(f"no card of deck {deck.id!r} matches the kinds and tags asked for")
    if settings.shuffle_questions:
        rng.shuffle(cards)
    cards = cards[: settings.questions]
    questions = tuple(_question(i + 1, c, deck, settings, rng) for i, c in enumerate(cards))
    return Quiz(deck, settings, questions)


def parse_duration(text: str) -> float:
    """Seconds in "90s", "10m", "1h", "1h30m", "2m30s" or a bare number of seconds."""
    spec = text.strip().lower().replace(" ", "")
    if re.fullmatch(r"\d+(\.\d+)?", spec):
        seconds = float(spec)
    else:
        parts = re.fullmatch(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", spec)
        if not spec or parts is None:
            raise ValueError(f"{text!r} is not a duration; write e.g. 90s, 10m, 1h or 1h30m")
        h, m, s = (int(p or 0) for p in parts.groups())
        seconds = float(h * 3600 + m * 60 + s)
    if not 0 < seconds <= 86_400:
        raise ValueError(f"{text!r}: a time limit must be more than 0 and at most 24h")
    return seconds


def response_text(response: Response) -> str:
    """A response as one readable line for records and CSV."""
    if response is None:
        return ""
    if isinstance(response, bool):
        return "True" if response else "False"
    if isinstance(response, str | int | float):
        return clean(str(response))
    if isinstance(response, Mapping):
        return "; ".join(f"{clean(str(k))} → {clean(str(v or ''))}" for k, v in response.items())
    return " | ".join(clean(str(item or "")) for item in response)


# ---------------------------------------------------------------- attempts


class AttemptItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    card_id: str
    kind: str
    mode: str = "typed"
    response: str = ""
    verdict: str = "unanswered"  # correct | partial | wrong | unanswered | skipped | timed out
    score: float = Field(default=0.0, ge=0, le=1, description="Credit earned, 0..1.")
    points: float = Field(default=0.0, ge=0, description="Points earned.")
    max_points: float = Field(default=1.0, gt=0)
    correct: bool = False
    time_ms: int = Field(default=0, ge=0)


class Attempt(BaseModel):
    """One quiz taken: what was asked, what was answered, the score."""

    model_config = ConfigDict(frozen=True)

    id: int | None = Field(default=None, exclude=True)  # the record id, once stored
    deck_id: str
    started: datetime
    finished: datetime
    settings: QuizSettings
    questions: tuple[AttemptItem, ...]
    points: float
    max_points: float
    percent: float
    correct: int
    time_ms: int

    @property
    def missed(self) -> list[str]:
        return [item.card_id for item in self.questions if not item.correct]


def save_attempt(library: Any, attempt: Attempt) -> int:
    """Store an attempt durably; returns its record id."""
    return int(library.append_record("attempts", attempt.model_dump(mode="json")))


def load_attempts(library: Any, deck_id: str | None = None) -> list[Attempt]:
    """A deck's attempts (all decks' with None), oldest first.

    A record this version cannot read (written by a newer one) is left in the
    library untouched and not returned.
    """
    out = []
    for doc in library.records("attempts", deck_id):
        try:
            attempt = Attempt.model_validate({k: v for k, v in doc.items() if k != "_id"})
        except ValidationError:
            continue
        out.append(attempt.model_copy(update={"id": doc.get("_id")}))
    return sorted(out, key=lambda a: a.started)


def retry_missed(deck: Deck, attempt: Attempt, seed: int | None = None) -> Quiz:
    """A new quiz of the questions `attempt` did not get fully right, same settings otherwise."""
    known = {card.id for card in deck.cards}
    missed = tuple(dict.fromkeys(cid for cid in attempt.missed if cid in known))
    if not missed:
        raise QuizError("nothing to retry: every question was answered right")
    settings = attempt.settings.model_copy(
        update={"card_ids": missed, "questions": None, "kinds": (), "tags": (), "seed": seed}
    )
    return build_quiz(deck, settings)


# ---------------------------------------------------------------- the session


@dataclass(frozen=True)
class Outcome:
    question: Question
    response: Response
    grade: Grade
    verdict: str  # the grade's verdict, or "skipped" / "timed out"
    points: float
    time_ms: int


class QuizSession:
    """One quiz being taken. Questions come in order; each is answered, skipped or timed out.

    `clock` is monotonic seconds (time.monotonic); `now` gives the wall time for the record.
    A question's time starts when it becomes current. Call `check_time()` (the UI does so
    on every tick): a per-question limit closes the question, a whole-quiz limit ends the
    quiz; unanswered questions earn nothing. An answer given after the limit is refused.
    """

    def __init__(
        self,
        quiz: Quiz,
        *,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.quiz = quiz
        self.settings = quiz.settings
        self._clock = clock
        self._now = now
        self._grading = GradingSettings(typo_tolerance=quiz.settings.typo_tolerance)
        self.started = now()
        self._t0 = clock()
        # When the current question's clock started; None until it is shown (see `current`).
        self._shown: float | None = self._t0
        self._t_end: float | None = None
        self.finished_at: datetime | None = None
        self.outcomes: list[Outcome] = []

    # --- where we are ---------------------------------------------------------------

    @property
    def questions(self) -> tuple[Question, ...]:
        return self.quiz.questions

    @property
    def current(self) -> Question | None:
        """The question to show now; asking for it starts its clock.

        With immediate feedback the next question's clock waits until it is asked for,
        so time spent reading feedback is not taken from the next question. With deferred
        feedback the next question starts the moment the previous one closes.
        """
        self.check_time()
        question = self._current()
        if question is not None and self._shown is None:
            self._shown = self._clock()
        return question

    def _current(self) -> Question | None:
        index = len(self.outcomes)
        return None if self._t_end is not None else self.questions[index]

    @property
    def finished(self) -> bool:
        self.check_time()
        return self._t_end is not None

    def remaining(self) -> float | None:
        """Seconds left for the current question (the tighter of both limits), or None."""
        if self._t_end is not None:
            return None
        now = self._clock()
        shown = self._shown if self._shown is not None else now
        left = [
            limit - (now - start)
            for limit, start in (
                (self.settings.time_limit, self._t0),
                (self.settings.per_question, shown),
            )
            if limit is not None
        ]
        return max(0.0, min(left)) if left else None

    # --- answering ------------------------------------------------------------------

    def check_time(self) -> None:
        """Close what the clock has closed: timed-out questions, or the whole quiz."""
        while self._t_end is None:
            now = self._clock()
            quiz_end = self._t0 + self.settings.time_limit if self.settings.time_limit else None
            if quiz_end is not None and now >= quiz_end:
                self._close_all("timed out", at=quiz_end)
                return
            limit = self.settings.per_question
            if limit is None or self._shown is None or now < self._shown + limit:
                return
            self._record(self._current_or_fail(), None, "timed out", at=self._shown + limit)

    def _current_or_fail(self) -> Question:
        question = self._current()
        if question is None:
            raise ValueError("the quiz is over")
        return question

    def answer(self, question: Question, response: Response) -> Outcome:
        """Grade the current question's answer; a late answer gets the time-out outcome."""
        self.check_time()
        late = self._late(question)
        if late is not None:
            return late
        return self._record(question, response, None, at=self._clock())

    def skip(self, question: Question) -> Outcome:
        """Move on without answering: no credit."""
        self.check_time()
        late = self._late(question)
        if late is not None:
            return late
        return self._record(question, None, "skipped", at=self._clock())

    def _late(self, question: Question) -> Outcome | None:
        closed = self.outcome(question.number)
        if closed is not None:
            return closed
        if question != self._current_or_fail():
            raise ValueError(f"question {question.number} is not the current one")
        return None

    def finish(self) -> None:
        """End now (the student gave up): what is left earns nothing."""
        if self._t_end is None:
            self._close_all("skipped", at=self._clock())

    def _close_all(self, verdict: str, *, at: float) -> None:
        while self._t_end is None:
            self._record(self._current_or_fail(), None, verdict, at=at)

    def _record(
        self, question: Question, response: Response, verdict: str | None, *, at: float
    ) -> Outcome:
        result = grade(question.card, response, self._grading)
        shown = self._shown if self._shown is not None else at
        points = result.score * question.points
        outcome = Outcome(
            question,
            response,
            result,
            verdict or result.verdict,
            points,
            max(0, round((at - shown) * 1000)),
        )
        self.outcomes.append(outcome)
        self._shown = at if self.settings.feedback == "deferred" else None
        if len(self.outcomes) == len(self.questions):
            self._t_end = at
            self.finished_at = self._now()
        return outcome

    def outcome(self, number: int) -> Outcome | None:
        return self.outcomes[number - 1] if number <= len(self.outcomes) else None

    def visible_feedback(self, number: int) -> Outcome | None:
        """What the student may see of question `number` now: at once, or only at the end."""
        if self.settings.feedback == "deferred" and not self.finished:
            return None
        return self.outcome(number)

    # --- the score ------------------------------------------------------------------

    @property
    def points(self) -> float:
        return sum(o.points for o in self.outcomes)

    @property
    def max_points(self) -> float:
        return sum(q.points for q in self.questions)

    @property
    def percent(self) -> float:
        return round(100 * self.points / self.max_points, 1) if self.max_points else 0.0

    @property
    def time_taken(self) -> float:
        """Seconds from the start to the end (or to now, while running)."""
        end = self._t_end if self._t_end is not None else self._clock()
        return end - self._t0

    def attempt(self) -> Attempt:
        """The record of the finished quiz (call after `finished`)."""
        if not self.finished:
            raise ValueError("the quiz is not over yet")
        items = tuple(
            AttemptItem(
                card_id=o.question.card.id,
                kind=o.question.card.kind,
                mode=o.question.mode,
                response=response_text(o.response),
                verdict=o.verdict,
                score=o.grade.score,
                points=o.points,
                max_points=o.question.points,
                correct=o.grade.correct,
                time_ms=o.time_ms,
            )
            for o in self.outcomes
        )
        return Attempt(
            deck_id=self.quiz.deck.id,
            started=self.started,
            finished=self.finished_at or self._now(),
            settings=self.settings,
            questions=items,
            points=self.points,
            max_points=self.max_points,
            percent=self.percent,
            correct=sum(item.correct for item in items),
            time_ms=round(self.time_taken * 1000),
        )
