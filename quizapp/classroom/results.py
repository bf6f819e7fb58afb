"""The record of one live quiz: who answered what, how fast, for how many points."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from quizapp.classroom.players import Player, ranks
from quizapp.classroom.protocol import Response
from quizapp.model import Card, Deck


class ClassroomSettings(BaseModel):
    """How the teacher runs the quiz; also what the record keeps of it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    questions: int | None = Field(default=None, ge=1, description="None: every card of the deck.")
    time_per_question: float = Field(default=20.0, gt=0, le=3600)
    scoring: Literal["speed", "accuracy"] = "speed"
    streaks: bool = True
    base_points: int = Field(default=1000, ge=1, le=100_000)
    max_players: int = Field(default=500, ge=1, le=10_000)
    joins_per_second: int = Field(
        default=10, ge=1, description="Join attempts allowed per second from one address."
    )
    wrong_pins_per_minute: int = Field(
        default=30, ge=1, description="Wrong PINs allowed per minute from all addresses together."
    )
    sockets_per_address: int = Field(
        default=50, ge=1, description="Connections allowed from one address (raise it behind NAT)."
    )
    max_message_bytes: int = Field(default=8 * 1024, ge=256, le=1024 * 1024)
    shuffle_questions: bool = Field(
        default=True, description="Draw the questions at random (with secrets); False: deck order."
    )
    tags: tuple[str, ...] = Field(default=(), description="Only cards with one of these tags.")
    auto_advance: bool = False
    reveal_seconds: float = Field(
        default=5.0,
        ge=0,
        description="Auto-advance: how long the result stays before the next question.",
    )


class AnswerRecord(BaseModel):
    player: str
    answer: Response | None = None
    right: bool = False
    score: float = 0.0
    time_ms: int | None = None
    points: int = 0


class QuestionRecord(BaseModel):
    index: int
    card_id: str
    kind: str
    prompt: str
    answer_text: str
    answers: list[AnswerRecord]


class PlayerRecord(BaseModel):
    name: str
    score: int
    rank: int
    right: int
    answered: int
    kicked: bool = False


class ClassroomResult(BaseModel):
    deck_id: str
    deck_title: str
    started_at: datetime
    finished_at: datetime
    settings: ClassroomSettings
    players: list[PlayerRecord]
    questions: list[QuestionRecord]

    def to_csv_rows(self) -> list[list[str]]:
        """One row per player per question, header first (for a spreadsheet)."""
        rows = [["question", "card_id", "player", "answer", "right", "score", "time_ms", "points"]]
        for question in self.questions:
            for record in question.answers:
                answer = record.answer
                text = (
                    ""
                    if answer is None
                    else answer
                    if isinstance(answer, str)
                    else json.dumps(answer, ensure_ascii=False)
                )
                rows.append(
                    [
                        str(question.index + 1),
                        question.card_id,
                        _cell(record.player),
                        _cell(text),
                        "yes" if record.right else "no",
                        f"{record.score:.2f}",
                        "" if record.time_ms is None else str(record.time_ms),
                        str(record.points),
                    ]
                )
        return rows



def record_of(
    deck: Deck,
    settings: ClassroomSettings,
    played: Sequence[tuple[Card, str]],
    players: dict[str, Player],
    *,
    started_at: datetime,
    finished_at: datetime,
) -> ClassroomResult:
    """The record of a game: `played` is each opened question's card and prompt shown."""
    ranked = ranks(players)
    questions = []
    for i, (card, prompt) in enumerate(played):
        answers = []
        for p in players.values():
            given = p.answers.get(i)
            answers.append(
                AnswerRecord(player=p.name)
                if given is None
                else AnswerRecord(
                    player=p.name,
                    answer=given.response,
                    right=given.right,
                    score=round(given.score, 3),
                    time_ms=round(given.elapsed * 1000),
                    points=given.points,
                )
            )
        questions.append(
            QuestionRecord(
                index=i,
                card_id=card.id,
                kind=card.kind,
                prompt=prompt,
                answer_text=card.answer_text,
                answers=answers,
            )
        )
    people = [
        PlayerRecord(
            name=p.name,
            score=p.score,
            rank=ranked.get(k, len(players)),
            right=p.right,
            answered=len(p.answers),
            kicked=p.kicked,
        )
        for k, p in players.items()
    ]
    people.sort(key=lambda rec: (rec.kicked, rec.rank, rec.name.casefold()))
    return ClassroomResult(
        deck_id=deck.id,
        deck_title=deck.title,
        started_at=started_at,
        finished_at=finished_at,
        settings=settings,
        players=people,
        questions=questions,
    )


def _cell(text: str) -> str:
    # Students type these: keep a spreadsheet from reading them as formulas.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
