"""The record of a quiz taken (Attempt), and storing and loading it in the library.

An attempt says what it was (`kind`): the quiz as drawn ("full"), a retry of the
questions another attempt missed ("retry"), or a quiz the student ended before its last
question ("ended"). Only full attempts are scores to compare: `Scores` keeps the others
out of best, last and average and counts them on their own (issue 18: a retry of 4
missed questions scored 100% and became the best). This module is the one place that
says which attempts count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

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


AttemptKind = Literal["full", "retry", "ended"]
#: The verdict of the question left open, and of those after it, when the student ends a
#: quiz: not answered, and not "timed out" (the clock did not close it) or "skipped".
ENDED = "ended"
#: Verdicts of questions with no answer given: not reviews, not "answered" in xAPI.
NOT_ANSWERED = frozenset({"unanswered", "skipped", "timed out", ENDED})
#: How a verdict reads to the student where a word is shown (results, CSV readers).
VERDICT_WORDS = {ENDED: "not answered (ended)"}


def attempt_kind(*, retry: bool, ended_early: bool) -> AttemptKind:
    """What an attempt is: a retry stays a retry when ended early (neither counts)."""
    if retry:
        return "retry"
    return "ended" if ended_early else "full"


class AttemptItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    card_id: str
    kind: str
    mode: str = "typed"
    response: str = ""
    verdict: str = (
        "unanswered"  # correct | partial | wrong | unanswered | skipped | timed out | ended
    )
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
    #: full | retry | ended (see the module's docstring); records from before it are full.
    kind: AttemptKind = "full"

    @property
    def missed(self) -> list[str]:
        return [item.card_id for item in self.questions if not item.correct]

    @property
    def counts(self) -> bool:
        """Whether this attempt is a score to compare (in best, last and average)."""
        return self.kind == "full"

    @property
    def reached(self) -> int:
        """Questions the student got to (answered, skipped or timed out) before ending."""
        return sum(item.verdict != ENDED for item in self.questions)

    @property
    def kind_text(self) -> str:
        """What the attempt was, in words: "" (full), "retry of 4 missed questions",
        "ended after 6 of 16 questions"."""
        total = len(self.questions)
        questions = "question" if total == 1 else "questions"
        if self.kind == "retry":
            return f"retry of {total} missed {questions}"
        if self.kind == "ended":
            return f"ended after {self.reached} of {total} {questions}"
        return ""


@dataclass(frozen=True)
class Scores:
    """Best, last and average over the full attempts only; retries and ended quizzes apart.

    `last` is the most recent full attempt's percent, so a retry taken since does not
    replace it. None where there is no full attempt."""

    counted: tuple[Attempt, ...]
    retries: tuple[Attempt, ...]
    ended: tuple[Attempt, ...]

    @classmethod
    def of(cls, attempts: Iterable[Attempt]) -> Scores:
        ordered = sorted(attempts, key=lambda a: a.started)
        return cls(
            tuple(a for a in ordered if a.counts),
            tuple(a for a in ordered if a.kind == "retry"),
            tuple(a for a in ordered if a.kind == "ended"),
        )

    @property
    def best(self) -> float | None:
        return max((a.percent for a in self.counted), default=None)

    @property
    def last(self) -> float | None:
        return self.counted[-1].percent if self.counted else None

    @property
    def average(self) -> float | None:
        if not self.counted:
            return None
        return round(sum(a.percent for a in self.counted) / len(self.counted), 1)

    @property
    def apart(self) -> str:
        """The attempts left out, in words: "2 retries and 1 ended early not counted"."""
        parts = []
        if self.retries:
            parts.append(f"{len(self.retries)} {'retry' if len(self.retries) == 1 else 'retries'}")
        if self.ended:
            parts.append(f"{len(self.ended)} ended early")
        return f"{' and '.join(parts)} not counted" if parts else ""


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
