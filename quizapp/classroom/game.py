"""The live quiz as a pure state machine: no sockets, no sleeping, an injected clock.

Every method takes what happened (a join, an answer, the teacher's click) and
returns the messages to send and to whom; the server only delivers them. The
host is the authority: it times answers on its own clock from the moment the
question went out, grades them and scores them, and reveals nothing of the
answer before the question closes.
"""

from __future__ import annotations

import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from quizapp.classroom import scoring
from quizapp.classroom.guards import PinGuard
from quizapp.classroom.lobby import EVERYONE, Out, Roster
from quizapp.classroom.players import (
    Given,
    Player,
    Refused,
    make_pin,
    ranks,
)
from quizapp.classroom.protocol import (
    Ack,
    Finished,
    Question,
    Response,
    Result,
    Standing,
)
from quizapp.classroom.questions import (
    BadResponse,
    PublicView,
    check_response,
    correct_choices,
    distribution_key,
    public_view,
)
from quizapp.classroom.results import ClassroomResult, ClassroomSettings, record_of
from quizapp.grading import deck_grading, grade
from quizapp.model import Card, Deck

Phase = Literal["lobby", "question", "closed", "finished"]
# Out and EVERYONE are the game's vocabulary too: importable from here.
__all__ = ["EVERYONE", "Game", "Out", "Round", "draw_cards"]


@dataclass(frozen=True)
class Round:
    card: Card
    view: PublicView


def draw_cards(deck: Deck, settings: ClassroomSettings, rng: random.Random) -> list[Card]:
    """The cards the game asks: those with one of the tags, at random or in deck order."""
    wanted = {t.casefold() for t in settings.tags}
    cards = [c for c in deck.cards if not wanted or wanted & {t.casefold() for t in c.tags}]
    if not cards:
        tags = ", ".join(settings.tags)
        raise ValueError(f"no card of deck {deck.id!r} has the tag {tags}; check the tags")
    if settings.shuffle_questions:
        rng.shuffle(cards)
    return cards[: settings.questions] if settings.questions else cards


class Game(Roster):
    rounds: list[Round]

    def __init__(
        self,
        deck: Deck,
        settings: ClassroomSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        pin: str | None = None,
        typo_tolerance: float | None = None,
    ) -> None:
        if not deck.cards:
            raise ValueError(f"deck {deck.id!r} has no cards; add some before hosting it")
        self.deck = deck
        self.settings = settings or ClassroomSettings()
        # Answers are graded with the deck's typo tolerance (library.settings(deck_id));
        # a deck's default when the caller has no library.
        self.grading = deck_grading(deck.language, typo_tolerance)
        self.clock = clock
        # The OS's randomness (secrets) draws the questions and every showing's order;
        # tests inject a seeded Random to get a known game.
        self.rng: random.Random = rng or secrets.SystemRandom()
        self.pin = pin or make_pin()
        cards = draw_cards(deck, self.settings, self.rng)
        self.rounds = [Round(card, public_view(card, self.rng.getrandbits(64))) for card in cards]
        self.players: dict[str, Player] = {}
        #: Each player's look-alike keys (quizapp.classroom.names.name_keys) -> their key.
        self.lookalikes: dict[str, str] = {}
        self.pin_guard = PinGuard(self.settings.wrong_pins_per_minute)
        #: What the teacher must be told (the host screen shows them, headless prints them).
        self.alerts: list[str] = []
        self.approved: set[str] = set()
        #: More time for some students (name key -> 1.5 or 2): set from the lobby or a
        #: roster file, before or after they join; nobody else is told.
        self.extra_time: dict[str, float] = {}
        self.locked = False
        self.phase: Phase = "lobby"
        self.index = -1
        self.opened_at = 0.0
        self.started_at: datetime | None = None
        self.finished_at: datetime | None = None

    def use_typo_tolerance(self, tolerance: float) -> None:
        """Grade with the deck's typo tolerance (StudySettings); only before the first question."""
        if self.phase != "lobby":
            raise ValueError("the typo tolerance is set before the game starts")
        self.grading = deck_grading(self.deck.language, tolerance)

    # --- the questions ----------------------------------------------------

    @property
    def current(self) -> Round:
        return self.rounds[self.index]

    @property
    def deadline(self) -> float:
        """When the open question's time is up for a student without extra time."""
        return self.opened_at + self.settings.time_per_question

    @property
    def close_at(self) -> float:
        """When the open question closes by itself: it waits for anyone still answering
        with extra time (who that is, nobody sees)."""
        waiting = [
            self.factor(k)
            for k, p in self.players.items()
            if p.connected and not p.kicked and self.index not in p.answers
        ]
        return self.opened_at + self.settings.time_per_question * max(waiting, default=1.0)

    def _base(self, card: Card) -> int:
        return round(self.settings.base_points * card.points)

    def question_message(self, key: str | None = None) -> Question:
        """The open question as player `key` sees it: their own time limit and time left."""
        r = self.current
        limit = self.limit_for(key)
        remaining = self.opened_at + limit - self.clock()
        return r.view.message(self.index, len(self.rounds), limit, remaining, self._base(r.card))

    def start(self) -> list[Out]:
        if self.phase != "lobby":
            raise Refused("out_of_order", "the game has already started")
        self.started_at = datetime.now(UTC)
        return self._open(0)

    def _open(self, index: int) -> list[Out]:
        self.index = index
        self.phase = "question"
        self.opened_at = self.clock()
        more = frozenset(k for k in self.extra_time if k in self.players)
        return [
            Out(EVERYONE, self.question_message(), skip=more),
            *(Out(k, self.question_message(k)) for k in sorted(more)),
        ]

    def answer(self, key: str, question: int, response: Response) -> list[Out]:
        player = self.players.get(key)
        if player is None or player.kicked or not player.connected:
            raise Refused("not_joined", "join the game before answering")
        if self.phase in ("lobby", "finished") or question > self.index:
            raise Refused("out_of_order", f"question {question + 1} is not open")
        if question < self.index or self.phase == "closed":
            raise Refused("late", f"question {question + 1} is closed; your answer came too late")
        elapsed = self.clock() - self.opened_at
        if elapsed > self.limit_for(key):
            raise Refused("late", "time is up; your answer came too late")
        if question in player.answers:
            raise Refused("already_answered", "you have already answered this question")
        r = self.current
        try:
            response = check_response(r.view, response)
        except BadResponse as error:
            raise Refused("bad_answer", str(error)) from None
        graded = grade(r.card, response, self.grading)
        player.answers[question] = Given(response, elapsed, graded.score, graded.correct)
        return [Out(key, Ack(question=question, time_ms=round(elapsed * 1000)))]

    @property
    def answered(self) -> int:
        return sum(1 for p in self.connected if self.index in p.answers)

    @property
    def all_answered(self) -> bool:
        here = self.connected
        return bool(here) and all(self.index in p.answers for p in here)

    def distribution(self) -> dict[str, int]:
        r = self.current
        counts = {choice: 0 for choice in r.view.choices}
        for p in self.players.values():
            given = p.answers.get(self.index)
            if given is not None:
                for bucket in distribution_key(r.view, given.response):
                    counts[bucket] = counts.get(bucket, 0) + 1
        return counts

    def close(self) -> list[Out]:
        """Close the open question: score it, then tell each player how they did."""
        if self.phase != "question":
            raise Refused("out_of_order", "no question is open")
        self.phase = "closed"
        r = self.current
        s = self.settings
        for key, p in self.players.items():
            given = p.answers.get(self.index)
            if given is None or not given.right:
                p.streak = 0
            else:
                p.streak += 1
                p.right += 1
            earned, bonus = (0, 0)
            if given is not None:
                # Extra time costs no points: the speed rule sees the time as a share of
                # the student's own limit (t/(xT) = (t/x)/T).
                earned, bonus = scoring.points(
                    given.score, given.elapsed / self.factor(key), s.time_per_question,
                    self._base(r.card), s.scoring,
                    right=given.right, streak=p.streak, streaks=s.streaks,
                )  # fmt: skip
                given.points = earned
            p.score += earned
            p.points[self.index] = (earned, bonus)
        ranked = ranks(self.players)
        top = self._standings(ranked, 5)
        dist = self.distribution()
        choices = correct_choices(r.card)
        outs = []
        for key, p in self.players.items():
            if not p.connected or p.kicked:
                continue
            given = p.answers.get(self.index)
            earned, bonus = p.points[self.index]
            outs.append(
                Out(
                    key,
                    Result(
                        question=self.index,
                        answer_text=r.card.answer_text,
                        explanation=r.card.explanation,
                        correct_choices=choices,
                        answered=given is not None,
                        right=bool(given and given.right),
                        score=round(given.score, 3) if given else 0.0,
                        points=earned,
                        streak_bonus=bonus,
                        total=p.score,
                        streak=p.streak,
                        rank=ranked[key],
                        players=len(ranked),
                        distribution=dist,
                        top=top,
                    ),
                )
            )
        return outs

    def next(self) -> list[Out]:
        """After a close: the next question, or the end of the game."""
        if self.phase == "question":
            raise Refused("out_of_order", "close the open question first")
        if self.phase == "lobby":
            return self.start()
        if self.phase == "finished":
            raise Refused("out_of_order", "the game is over")
        if self.index + 1 < len(self.rounds):
            return self._open(self.index + 1)
        return self.finish()

    def finish(self) -> list[Out]:
        outs = self.close() if self.phase == "question" else []
        self.phase = "finished"
        self.finished_at = datetime.now(UTC)
        if self.started_at is None:
            self.started_at = self.finished_at
        ranked = ranks(self.players)
        here = [k for k, p in self.players.items() if p.connected and not p.kicked]
        return outs + [Out(k, self._finished_for(k, ranked)) for k in here]

    @property
    def is_last(self) -> bool:
        return self.index + 1 >= len(self.rounds)

    # --- standings and the record -------------------------------------------

    def _standings(self, ranked: dict[str, int], n: int) -> list[Standing]:
        return [
            Standing(name=self.players[k].name, score=self.players[k].score, rank=rank)
            for k, rank in list(ranked.items())[:n]
        ]

    def leaderboard(self, n: int = 10) -> list[Standing]:
        return self._standings(ranks(self.players), n)

    def _finished_for(self, key: str, ranked: dict[str, int] | None = None) -> Finished:
        ranked = ranked if ranked is not None else ranks(self.players)
        p = self.players[key]
        you = Standing(name=p.name, score=p.score, rank=ranked[key]) if key in ranked else None
        return Finished(
            podium=self._standings(ranked, 3),
            you=you,
            players=len(ranked),
            questions=len(self.rounds),
        )

    def result(self) -> ClassroomResult:
        """The record of the game so far (every question opened, every player)."""
        played = [(r.card, r.view.prompt) for r in self.rounds[: self.index + 1]]
        now = datetime.now(UTC)
        return record_of(
            self.deck,
            self.settings,
            played,
            self.players,
            started_at=self.started_at or now,
            finished_at=self.finished_at or now,
        )
