"""What a student learns about one answered question: right or wrong, the right answer,
the explanation and the evidence. Shown after each question (immediate feedback) and
for every question on the results screen.

Deck text and the student's own answer are untrusted: substituted into Content
templates as variables, never parsed as markup.
"""

from __future__ import annotations

from typing import Unpack

from textual.content import Content
from textual.widgets import Static

from quizapp.model import Card, Deck
from quizapp.ui.widgets.args import PlacedArgs
from quizapp.ui.widgets.card_view import evidence_text
from quizapp.wording import plural

_VERDICTS = {
    "correct": ("✔ Correct", "$success"),
    "partial": ("◐ Partly right", "$warning"),
    "wrong": ("✘ Wrong", "$error"),
    "unanswered": ("✘ No answer", "$error"),
    "skipped": ("↷ Skipped", "$error"),
    "timed out": ("⏱ Time's up", "$error"),
    "ended": ("✕ Not answered (ended)", "$error"),  # the student ended the quiz here
}


def _points(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def feedback_content(
    deck: Deck,
    card: Card,
    *,
    verdict: str,
    response: str,
    points: float,
    heading: str = "",
) -> Content:
    label, style = _VERDICTS.get(verdict, (verdict, "$text"))
    parts = []
    if heading:
        parts.append(Content.from_markup("[b]$h[/b]\n", h=heading))
    parts.append(
        Content.from_markup(
            f"[b {style}]$label[/]  $pts of $max $unit\n",
            label=label,
            pts=_points(points),
            max=_points(card.points),
            unit=plural(card.points, "point"),  # "1 of 1 point", "0.5 of 2 points"
        )
    )
    parts.append(Content.from_markup("[dim]Your answer:[/dim] $r\n", r=response or "—"))
    if verdict != "correct":
        parts.append(Content.from_markup("[dim]Right answer:[/dim] $a\n", a=card.answer_text))
    if card.explanation:
        parts.append(Content.from_markup("$e\n", e=card.explanation))
    evidence = evidence_text(deck, card)
    if evidence.plain:
        parts.append(evidence)
    return Content.assemble(*parts).rstrip()


class QuizFeedback(Static):
    """One question's feedback block."""

    DEFAULT_CSS = """
    QuizFeedback { height: auto; padding: 0 1; margin-bottom: 1; border-left: thick $primary; }
    QuizFeedback.correct { border-left: thick $success; }
    QuizFeedback.partial { border-left: thick $warning; }
    QuizFeedback.missed { border-left: thick $error; }
    """

    def __init__(
        self,
        deck: Deck,
        card: Card,
        *,
        verdict: str,
        response: str,
        points: float,
        heading: str = "",
        **kwargs: Unpack[PlacedArgs],
    ) -> None:
        kind = verdict if verdict in ("correct", "partial") else "missed"
        content = feedback_content(
            deck, card, verdict=verdict, response=response, points=points, heading=heading
        )
        super().__init__(content, classes=kind, **kwargs)  # its classes are its verdict's
