"""A card as a student will see it, answerable: the study answer widgets and grading.

The same pieces the reviewer uses (AnswerForm.for_card with a seed per showing, answer_input,
quizapp.grading.grade with the deck's typo tolerance, the Reveal panel itself) so the preview
cannot drift from what students get: a letter chooses and enter checks, as in study.
Deck text is shown as Content, never parsed as markup.
"""

from __future__ import annotations

from typing import Unpack

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from quizapp.answering import AnswerForm, given
from quizapp.grading import Grade, GradingSettings, deck_grading, grade
from quizapp.kinds import label
from quizapp.model import Card, Deck
from quizapp.shuffle import new_seed
from quizapp.ui.widgets.answer_base import AnswerInput
from quizapp.ui.widgets.answer_inputs import answer_input
from quizapp.ui.widgets.args import WidgetArgs
from quizapp.ui.widgets.reveal import Reveal


class CardPreview(VerticalScroll):
    DEFAULT_CSS = """
    CardPreview { height: 1fr; padding: 0 1; border-left: solid $primary; }
    CardPreview .label { color: $text-muted; margin-top: 1; }
    CardPreview #preview-prompt { text-style: bold; margin-top: 1; }
    CardPreview #preview-slot { height: auto; }
    CardPreview #preview-result { height: auto; margin-top: 1; }
    CardPreview Button { margin-top: 1; }
    """

    def __init__(self, **kwargs: Unpack[WidgetArgs]) -> None:
        super().__init__(**kwargs)
        self.deck: Deck | None = None
        self.card: Card | None = None
        self.grade: Grade | None = None
        self._seed: int | None = None  # None is a seed too ("as written"): hence _drawn
        self._drawn = False

    def compose(self) -> ComposeResult:
        yield Static(Content("Preview: as a student sees it"), id="preview-kind", classes="label")
        yield Static(id="preview-prompt")
        yield Vertical(id="preview-slot")
        yield Button("Show answer", id="preview-reveal", compact=True)
        yield Reveal("preview", id="preview-result")  # the student's reveal panel itself
        yield Button("Try again", id="preview-again", compact=True)

    async def show(self, deck: Deck, card: Card | None, why_not: str = "") -> None:
        """Show `card` unanswered; with None, say `why_not` (the form has problems)."""
        self.deck, self.card, self.grade = deck, card, None
        slot = self.query_one("#preview-slot")
        await slot.remove_children()
        self.query_one("#preview-result").display = False
        self.query_one("#preview-again").display = False
        if card is None:
            self.query_one("#preview-prompt", Static).update(Content(why_not))
            self.query_one("#preview-reveal").display = False
            return
        self.query_one("#preview-kind", Static).update(
            Content(f"Preview · {label(card.kind)}")
        )
        self.query_one("#preview-prompt", Static).update(Content(card.prompt))
        # Shuffled as a student will see it; one seed while the author edits (the letters
        # do not jump at each keystroke), a new one on "Try again" (a new showing).
        if not self._drawn:
            self._seed, self._drawn = getattr(self.app, "seeds", new_seed)(), True
        form = AnswerForm.for_card(card, self._seed)
        self.query_one("#preview-reveal").display = form is None
        if form is not None:
            await slot.mount(answer_input(form))

    def focus_answer(self) -> None:
        for answer in self.query(AnswerInput):
            answer.focus_answer()
            return
        self.query_one("#preview-reveal").focus()

    def reveal(self, result: Grade | None) -> None:
        if self.card is None or self.deck is None:
            return
        card, self.grade = self.card, result
        self.query_one(Reveal).show(self.deck, card, result)
        self.query_one("#preview-result").display = True
        self.query_one("#preview-reveal").display = False
        self.query_one("#preview-again").display = True
        for answer in self.query(AnswerInput):
            answer.disabled = True

    @on(AnswerInput.Submitted)
    def _answered(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        if not event.stale and self.card is not None and self.grade is None:
            self.reveal(grade(self.card, given(event.answer.form, event.response), self._grading()))

    def _grading(self) -> GradingSettings:
        """The deck's typo tolerance, as study and quiz grade with (a new deck: the default)."""
        library = getattr(self.app, "library", None)
        settings = library.settings(self.deck.id) if library and self.deck else None
        return deck_grading(self.deck.language if self.deck else "en", settings)

    @on(Button.Pressed, "#preview-reveal")
    def _reveal_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.reveal(None)

    @on(Button.Pressed, "#preview-again")
    async def _again(self, event: Button.Pressed) -> None:
        event.stop()
        if self.deck is not None:
            self._drawn = False
            await self.show(self.deck, self.card)
            self.focus_answer()
