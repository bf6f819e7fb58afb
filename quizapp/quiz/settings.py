"""How a quiz is drawn and run (QuizSettings), and the error when it cannot be built."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from quizapp import durations

#: How many questions a quiz has unless asked otherwise: the setup screen's and the CLI's.
DEFAULT_QUESTIONS = 10


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
    #: The deck's typo tolerance (StudySettings.typo_tolerance) the attempt was graded with:
    #: recorded by QuizSession, never a setting of its own (a value given here is replaced).
    typo_tolerance: float | None = Field(default=None, ge=0.0, le=0.5)
    #: How flashcards are asked: typed back, multiple choice of backs, or either at random.
    flashcards: Literal["mixed", "typed", "choice"] = "mixed"


class QuizError(ValueError):
    """A quiz that cannot be built from these settings; the message says what to change."""


def parse_duration(text: str) -> float:
    """Seconds in a time limit: "90s", "10m", "1h30m" or a bare number (quizapp.durations.parse),
    more than 0 and at most 24 h."""
    seconds = durations.parse(text)
    if not 0 < seconds <= 86_400:
        raise ValueError(f"{text!r}: a time limit must be more than 0 and at most 24h")
    return seconds
