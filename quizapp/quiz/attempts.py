"""The record of a quiz taken (Attempt), and storing and loading it in the library."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from quizapp.grading import Response
from quizapp.quiz.settings import QuizSettings
from quizapp.text import clean


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
