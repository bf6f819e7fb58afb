"""What the student sees after answering: the verdict, the answer, the explanation, the
evidence. One widget, built once, used by the study screen and by the editor's preview,
which exists to show an author exactly this, so the two cannot drift apart.

Deck text is untrusted: every part is Content (never parsed as markup); the evidence
is built by card_view.evidence_text with Content.from_markup and the quote as a value.
The children's ids start with the host's prefix ("study-answer", "preview-answer"), so
each screen's styles and tests keep addressing them as before.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from quizapp.grading import Grade
from quizapp.model import Card, Deck
from quizapp.ui.widgets.card_view import answer_with_extra, evidence_text, grade_text


class Reveal(Vertical):
    """The reveal panel; `show` fills it for one card and, if it was graded, its grade."""

    DEFAULT_CSS = """
    Reveal { height: auto; }
    Reveal .reveal-answer { color: $success; text-style: bold; }
    Reveal .reveal-explanation, Reveal .reveal-evidence { margin-top: 1; }
    Reveal .reveal-evidence { color: $text-muted; }
    """

    def __init__(self, prefix: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._prefix = prefix

    def compose(self) -> ComposeResult:
        p = self._prefix
        yield Static(id=f"{p}-feedback", classes="reveal-feedback")
        yield Static(Content("Answer"), classes="label")
        yield Static(id=f"{p}-answer", classes="reveal-answer")
        yield Static(id=f"{p}-explanation", classes="reveal-explanation")
        yield Static(id=f"{p}-evidence", classes="reveal-evidence")

    def show(self, deck: Deck, card: Card, grade: Grade | None, *, more: str = "") -> None:
        """Fill the panel for `card` of `deck`: the verdict (when `grade`, else none: a
        card revealed without an answer), the answer with a flashcard's extra, the
        explanation and then `more` (study: the card's images and the key that opens
        them), and the evidence."""
        p = self._prefix
        feedback = self.query_one(f"#{p}-feedback", Static)
        feedback.display = grade is not None
        if grade is not None:  # with the right spelling beside a forgiven typo
            feedback.update(grade_text(grade))
        self.query_one(f"#{p}-answer", Static).update(answer_with_extra(card))
        explanation = "\n\n".join(t for t in (card.explanation, more) if t)
        self.query_one(f"#{p}-explanation", Static).update(Content(explanation))
        self.query_one(f"#{p}-evidence", Static).update(evidence_text(deck, card))
