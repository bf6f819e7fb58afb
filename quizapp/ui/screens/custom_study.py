"""The custom study dialog (Anki's "Custom study"): which extra practice, dismissed with a
CustomStudy (or None). Which cards it takes is quizapp.study.custom's; the opener starts
the study screen with it. Deck tags are untrusted: shown as Content, never markup.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from quizapp.study.custom import HOWS, NOT_SAVED, CustomStudy, How
from quizapp.ui.typed_app import quiz_app

if TYPE_CHECKING:
    from quizapp.model import Deck
    from quizapp.ui.screens.study_open import StudyOptions


class CustomStudyScreen(ModalScreen[CustomStudy | None]):
    """Pick one of the four custom studies; days and tag are asked only where they count."""

    CSS_PATH = "custom_study.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="custom.cancel")]

    def __init__(self, title: str, tags: list[str], seed: int | None = None) -> None:
        super().__init__()
        self.deck_title, self.tags, self.seed = title, tags, seed

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.assemble(("Custom study of ", "bold"), (self.deck_title, "bold")))
            yield Static(Content(f"{NOT_SAVED}."), id="custom-not-saved")
            yield OptionList(
                *(Option(Content(text), id=how) for how, text in HOWS.items()), id="custom-how"
            )
            yield Input("1", type="integer", id="custom-days", placeholder="days ahead")
            yield Input(id="custom-tag", placeholder="tag, for example geo")
            shown = ", ".join(self.tags[:12]) + (" …" if len(self.tags) > 12 else "")
            yield Static(Content(f"Tags: {shown or 'none in this deck'}"), id="custom-tags")
            with Horizontal(classes="modal-buttons"):
                yield Button(Content("Start"), id="custom-start", variant="primary")
                yield Button(Content("Cancel"), id="custom-cancel")

    def on_mount(self) -> None:
        choices = self.query_one("#custom-how", OptionList)
        choices.highlighted = 0
        choices.focus()
        self._show_fields()

    @property
    def how(self) -> How:
        choices = self.query_one("#custom-how", OptionList)
        # The options are HOWS in order (compose): the highlighted index names the How.
        return list(HOWS)[choices.highlighted or 0]

    def _show_fields(self) -> None:
        how = self.how
        self.query_one("#custom-days").display = how == "ahead"
        for selector in ("#custom-tag", "#custom-tags"):
            self.query_one(selector).display = how == "tag"

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._show_fields()

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        """Enter on a choice: on to its field if it has one, else start."""
        field = {"ahead": "#custom-days", "tag": "#custom-tag"}.get(self.how)
        if field is None:
            self._start()
        else:
            self.query_one(field, Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._start()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "custom-start":
            self._start()
        else:
            self.dismiss(None)

    def _start(self) -> None:
        days = self.query_one("#custom-days", Input).value.strip()
        tag = self.query_one("#custom-tag", Input).value.strip()
        if self.how == "ahead" and not (days.isdigit() and 1 <= int(days) <= 3650):
            self.notify("Review ahead: type a number of days from 1 to 3650.", severity="error")
            return
        if self.how == "tag" and not tag:
            self.notify("Cram a tag: type one of the deck's tags.", severity="error")
            return
        self.dismiss(
            CustomStudy(self.how, days=int(days) if days.isdigit() else 1, tag=tag, seed=self.seed)
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


def card_tags(deck: Deck) -> list[str]:
    return sorted({tag for card in deck.cards for tag in card.tags}, key=str.casefold)


def ask_custom_study(app: App[object], deck: Deck, options: StudyOptions) -> None:
    """The dialog, then (unless cancelled) the study screen in custom mode: the one way the
    home screen and the deck browser start a custom study."""
    from quizapp.ui.screens.study import StudyScreen

    def start(spec: CustomStudy | None) -> None:
        if spec is not None:
            app.push_screen(StudyScreen(deck.id, replace(options, custom=spec)))

    seed = quiz_app(app).seeds()
    app.push_screen(CustomStudyScreen(deck.title, card_tags(deck), seed), start)
