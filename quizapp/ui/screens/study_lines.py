"""The reviewer's two lines of words: how to go on (the hint) and how far the session is."""

from __future__ import annotations

from typing import Literal

from quizapp.study import StudySession
from quizapp.study.custom import NOT_SAVED

#: What the reviewer is doing: reading the deck or saving (keys off), showing a card, ...
Phase = Literal["loading", "question", "revealed", "empty"]
#: The keys every card takes, as the hint line names them.
KEYS = "@ suspend · - bury · * mark · e edit · u undo"


def hint_line(
    phase: Phase, self_rated: bool, answer_hint: str | None
) -> str:
    """What the student can do now; `answer_hint`: the answer widget's own (how to answer),
    shown alone, as the screen's keys are in the footer (one line at 80 columns)."""
    if phase == "question" and self_rated:
        return f"space/enter: show answer · {KEYS}"
    if phase == "question":
        return answer_hint or f"enter: answer · {KEYS}"
    if phase == "revealed":
        return f"1-4 or enter: rate · {KEYS}"
    return "escape: back to your decks"


def progress_line(session: StudySession) -> str:
    """Done and left, by queue; a custom study says first that its answers are not saved."""
    counts = session.counts
    custom = "" if session.records else f"{NOT_SAVED}\n"
    return (f"{custom}Done {session.done} · Left {counts.total} "
            f"(new {counts.new} · learning {counts.learning} · due {counts.due})")
