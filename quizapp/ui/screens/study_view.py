"""What the reviewer shows: its widgets, which of them each phase shows, a card's question
and its reveal.

Why a module of its own: the reviewer is two ideas, what is on screen and what the keys do
with it. StudyView is the first: it lays the screen out and fills it from the card and the
session it is given, and decides nothing. StudyScreen (study.py) is the second, built on
it: it opens the session, owns the keys and the message handlers and forwards every step to
quizapp.study.service, then asks this view to show what came back. StudyView is a mixin,
not a screen of its own: the reviewer is one screen, StudyScreen, styled by its one
stylesheet (study.tcss, its CSS_PATH; the CSS rule, tests/ui/test_css_rule.py). Deck text
is shown as Content, never parsed as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from quizapp.answering import AnswerForm
from quizapp.grading import Grade
from quizapp.kinds import label
from quizapp.model import Card, Rating
from quizapp.store.media import images_line
from quizapp.study import StudySession, default_rating, study_day
from quizapp.study.service import StudyService
from quizapp.ui.screens.study_lines import Phase, hint_line, progress_line
from quizapp.ui.screens.study_open import StudyOptions
from quizapp.ui.typed_app import quiz_app
from quizapp.ui.widgets.answer_base import AnswerInput
from quizapp.ui.widgets.answer_inputs import answer_input
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.rating_bar import RatingBar
from quizapp.ui.widgets.reveal import Reveal
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from textual.screen import Screen

    # To the type checker the view is the screen it is mixed into; at run time a plain class.
    _Screen = Screen[None]
else:
    _Screen = object

#: The answer forms of cards that are typed: revealed and self-rated when the deck says so.
_TYPED = ("typed", "gaps")


class StudyView(_Screen):
    """What is on the reviewer's screen, mixed into StudyScreen (study.py), which adds what
    it does."""

    def __init__(self, deck_id: str, options: StudyOptions | None = None) -> None:
        super().__init__()
        self.deck_id = deck_id
        self.options = options or StudyOptions()
        self.service: StudyService | None = None
        self.card: Card | None = None
        self.phase: Phase = "loading"
        self.grade: Grade | None = None
        self.preselect = Rating.good
        #: The card on screen is revealed and rated by the student, not answered and graded.
        self.self_rated = False
        self._shown_at = self.options.clock()
        #: A graded reveal not yet scrolled into view (see _scroll_to_reveal).
        self._reveal_unseen = False

    @property
    def session(self) -> StudySession | None:
        return None if self.service is None else self.service.session

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="study-progress")
        with VerticalScroll(id="study-card"):
            yield Static(id="study-kind", classes="label")
            yield Static(id="study-stale")
            yield Static(id="study-prompt")
            yield Vertical(id="study-answer-slot")
            yield Reveal("study", id="study-reveal")
        yield Static(id="study-empty")
        yield RatingBar(id="study-rating")
        yield Static(id="study-hint")
        yield KeysFooter()

    def _say_empty(self, text: str) -> None:
        self.query_one("#study-empty", Static).update(Content(text))

    def _set_phase(self, phase: Phase) -> None:
        self.phase = phase
        shown = {
            "#study-reveal": phase == "revealed",
            "#study-rating": phase == "revealed",
            "#study-card": phase in ("question", "revealed"),
            "#study-empty": phase in ("empty", "loading"),
        }
        for selector, display in shown.items():
            widget = self.query_one(selector)
            if widget.display != display:  # each change costs a layout: only real ones
                widget.display = display
        self.query_one("#study-hint", Static).update(Content(self._hint()))
        self.refresh_bindings()

    def _hint(self) -> str:
        answers = self.query(AnswerInput)
        return hint_line(self.phase, self.self_rated, answers.first().hint if answers else None)

    def _show_stale(self, card: Card) -> None:
        from quizapp.model.freshness import stale_line

        line = stale_line(card, study_day(self.options.clock(), self.options.tz))
        note = self.query_one("#study-stale", Static)
        if line:
            note.update(Content(line))
        if note.display != bool(line):  # a change of display costs a layout: only real ones
            note.display = bool(line)

    def _update_progress(self) -> None:
        assert self.session is not None
        self.query_one("#study-progress", Static).update(Content(progress_line(self.session)))

    def _show_kind(self, card: Card) -> None:
        assert self.session is not None
        kind = Content(label(card.kind))
        if self.session.progress(card.id).marked:  # a glyph and a word, not a colour alone
            kind = Content.assemble(kind, " · ", ("★ marked", "bold $accent"))
        self.query_one("#study-kind", Static).update(kind)

    async def _show(self, card: Card) -> None:
        assert self.session is not None
        self.card, self.grade = card, None
        self._shown_at = self.options.clock()
        self._show_kind(card)
        self.query_one("#study-prompt", Static).update(Content(card.prompt))
        self._show_stale(card)
        slot = self.query_one("#study-answer-slot")
        if slot.children:  # flashcard after flashcard: nothing to remove, no await
            await slot.remove_children()
        # A new order for each showing, kept while the card is on screen.
        form = AnswerForm.for_card(card, quiz_app(self).seeds())
        self.self_rated = form is None or (
            self.session.settings.reveal_typed and form.mode in _TYPED
        )
        if form is not None and not self.self_rated:
            answer = answer_input(form)
            await slot.mount(answer)
            answer.focus_answer()
        else:
            self.query_one("#study-card").focus()
        self._update_progress()
        self._set_phase("question")
        self.query_one("#study-card", VerticalScroll).scroll_home(animate=False)

    def _reveal(self, grade_: Grade | None) -> None:
        assert self.card is not None and self.session is not None
        card, self.grade = self.card, grade_
        self.preselect = Rating.good if grade_ is None else default_rating(grade_.correct)
        self.query_one(Reveal).show(self.session.head, card, grade_, more=images_line(card.media))
        for answer in self.query(AnswerInput):
            answer.disabled = True
        self._set_phase("revealed")
        self.query_one(RatingBar).show_intervals(self.session.intervals(card.id), self.preselect)
        # On a small terminal the answer widget can push the reveal out of sight: it is
        # scrolled into view once a layout has placed it (see _scroll_to_reveal).
        self._reveal_unseen = grade_ is not None

    def _scroll_to_reveal(self, _screen: object = None) -> None:
        # Run after each layout of the screen. Not call_after_refresh: that callback could
        # run before the layout that places the filled panel (found by a snapshot that
        # showed one or the other), and then nothing scrolled.
        if not self._reveal_unseen or self.phase != "revealed":
            return
        reveal = self.query_one("#study-reveal")
        if reveal.region.height:
            self._reveal_unseen = False
            self.query_one("#study-card", VerticalScroll).scroll_to_widget(reveal, animate=False)
