"""A card shown to a student: its prompt, and once revealed its answer and evidence.

Deck text is untrusted: it is passed as Content (never parsed as markup). Control
characters were already removed when it entered the model (quizapp.text.clean).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Unpack

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from quizapp.grading import Grade, spelling_diff
from quizapp.model import Card, Deck, Flashcard, MultipleChoice, MultiSelect
from quizapp.model.freshness import is_stale, stale_note
from quizapp.ui.widgets.args import WidgetArgs


def answer_with_extra(card: Card) -> Content:
    """The answer as revealed: a flashcard's extra (an Anki note's other fields) under it."""
    extra = card.extra if isinstance(card, Flashcard) else ""
    return Content("\n\n".join(t for t in (card.answer_text, extra) if t))


def evidence_text(deck: Deck, card: Card) -> Content:
    """Where the answer stands: each quote (`source`, then `evidence`) with its paragraph,
    the source's title once for a run of quotes from it."""
    titles = {s.id: s.title for s in deck.sources}
    parts, previous = [], None
    for ref in card.citations:
        if ref.id == previous:
            parts.append(
                Content.from_markup(
                    "¶$para [i]“$quote”[/i]", para=str(ref.paragraph), quote=ref.quote
                )
            )
        else:
            parts.append(
                Content.from_markup(
                    "[b]Source[/b] ¶$para of “$title”\n[i]“$quote”[/i]",
                    para=str(ref.paragraph),
                    title=titles.get(ref.id, ref.id),
                    quote=ref.quote,
                )
            )
        previous = ref.id
    return Content("\n").join(parts)


def prompt_text(card: Card) -> Content:
    text = Content(card.prompt)
    if isinstance(card, MultipleChoice | MultiSelect):
        lines = "\n".join(f"  {chr(97 + i)}) {c}" for i, c in enumerate(card.choices))
        text = Content.assemble(text, "\n\n", Content(lines))
    return text


class CardView(VerticalScroll):
    """The whole of one card: prompt, answer, explanation, evidence."""

    DEFAULT_CSS = """
    CardView { height: 1fr; padding: 0 1; }
    CardView .label { color: $text-muted; margin-top: 1; }
    CardView #card-answer { color: $success; }
    CardView #card-stale { color: $warning; text-style: bold; }
    """

    def __init__(
        self, deck: Deck, card: Card | None = None, *, today: date | None = None,
        **kwargs: Unpack[WidgetArgs],
    ) -> None:
        super().__init__(**kwargs)
        self.deck = deck
        self.card = card
        #: The day a card's review-by date is judged against (None: never flagged stale).
        self.today = today

    def compose(self) -> ComposeResult:
        yield Static(id="card-kind", classes="label")
        yield Static(id="card-stale")
        yield Static(id="card-prompt")
        yield Static("Answer", classes="label")
        yield Static(id="card-answer")
        yield Static(id="card-explanation")
        yield Static(id="card-evidence")

    def on_mount(self) -> None:
        if self.card is not None:
            self.show(self.card)

    def show(self, card: Card) -> None:
        self.card = card
        self.query_one("#card-kind", Static).update(
            Content(f"{card.kind.replace('_', ' ')} · {card.id}")
        )
        stale = self.today is not None and is_stale(card, self.today)
        self.query_one("#card-stale", Static).update(
            Content(f"⚠ {stale_note(card)}" if stale else "")
        )
        self.query_one("#card-stale", Static).display = stale
        self.query_one("#card-prompt", Static).update(prompt_text(card))
        self.query_one("#card-answer", Static).update(answer_with_extra(card))
        self.query_one("#card-explanation", Static).update(Content(card.explanation))
        self.query_one("#card-evidence", Static).update(evidence_text(self.deck, card))


#: How the letters a typo changed are marked in the right spelling (a style, never markup).
MISSPELT = "bold underline $warning"


def spelling_text(corrections: Sequence[tuple[str, str]]) -> Content:
    """The right spelling beside each typo-forgiven answer, the differing letters marked
    (grading.spelling_diff says which): "Right spelling: evid|e|nce (you typed evidance)"."""
    lines: list[Content] = []
    for typed, right in corrections:
        parts: list[Content | tuple[str, str]] = [Content("Right spelling: ")]
        at = 0
        for start, end in spelling_diff(typed, right):
            parts += [Content(right[at:start]), (right[start:end], MISSPELT)]
            at = end
        parts += [Content(right[at:]), Content(f" (you typed {typed})")]
        lines.append(Content.assemble(*parts))
    return Content("\n").join(lines)


def grade_text(grade: Grade) -> Content:
    """A graded answer's verdict (a glyph as well as a colour), its feedback and, for a
    forgiven typo, the right spelling."""
    mark, style = ("✓ ", "bold $success") if grade.correct else ("✗ ", "bold $error")
    shown = Content.assemble((mark, style), Content(grade.feedback))
    if grade.corrections:
        shown = Content("\n").join([shown, spelling_text(grade.corrections)])
    return shown
