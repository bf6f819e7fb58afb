"""The reviewer: one card at a time, answered or revealed, rated, saved, next.

Every step (an answer, a bury, a suspend, a mark, an edit) goes through
quizapp.study.service, which saves it before the next card is shown, keeps the one undo
stack and rolls back a write that fails; scheduling is quizapp.study's, grading is
quizapp.grading's: this screen only shows, collects and forwards. Deck text is shown as
Content, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from quizapp.answering import AnswerForm, given
from quizapp.editing import card_to_raw
from quizapp.grading import Grade, deck_grading, grade
from quizapp.kinds import label
from quizapp.model import Card, Deck, Rating
from quizapp.model.reverse import authored_index
from quizapp.store import Library, StoreError
from quizapp.store.media import images_line, media_paths
from quizapp.study import StudySession, default_rating, study_day
from quizapp.study.service import StudyService, Undone
from quizapp.ui.screens.card_form import CardFormScreen
from quizapp.ui.screens.study_lines import Phase, hint_line, progress_line
from quizapp.ui.screens.study_open import StudyOptions, open_study
from quizapp.ui.screens.summary import SummaryScreen, empty_text
from quizapp.ui.typed_app import app_library, quiz_app
from quizapp.ui.widgets.answer_base import AnswerInput
from quizapp.ui.widgets.answer_inputs import answer_input
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.rating_bar import NAMES, RatingBar
from quizapp.ui.widgets.reveal import Reveal
from quizapp.ui.workers import Refused
from quizapp.wording import counted

# StudyOptions is said here too: what the reviewer is opened with (tests, home, bench).
__all__ = ["Phase", "StudyOptions", "StudyScreen"]

T = TypeVar("T")
#: The answer forms of cards that are typed: revealed and self-rated when the deck says so.
_TYPED = ("typed", "gaps")


class StudyScreen(Screen[None]):
    # The same keys on every kind of card, as Anki's reviewer has them: @ suspends, - buries,
    # * marks, e edits, u (or ctrl+z) undoes the last of any of these. Letters choose in a
    # list of choices, so the screen's keys are not letters there (u and e only work where
    # no choice has their letter). In a text box every key is text: escape leaves the box.
    CSS_PATH = "study.tcss"
    BINDINGS = [
        Binding("space,enter", "reveal", "Show", id="study.reveal"),
        Binding("enter", "answer", "Answer", id="study.answer"),
        Binding("space,enter", "accept", "Accept rating", show=False, id="study.accept"),
        # Not in the footer: the rating bar shows them, with their intervals.
        Binding("1", "rate(1)", show=False, description=NAMES[Rating.again], id="study.again"),
        Binding("2", "rate(2)", show=False, description=NAMES[Rating.hard], id="study.hard"),
        Binding("3", "rate(3)", show=False, description=NAMES[Rating.good], id="study.good"),
        Binding("4", "rate(4)", show=False, description=NAMES[Rating.easy], id="study.easy"),
        Binding("u,ctrl+z", "undo", "Undo", id="study.undo"),
        # With nothing to undo: out of the footer (no room at 80 columns), still in F1.
        Binding("u,ctrl+z", "undo('nothing')", "Undo", show=False, id="study.undo_nothing"),
        Binding("at", "change('suspend')", "Suspend", id="study.suspend"),
        Binding("minus", "change('bury')", "Bury", id="study.bury"),
        # Out of the footer (no room at 80 columns): the hint line and F1 name it.
        Binding("asterisk", "mark", "Mark", show=False, id="study.mark"),
        Binding("e", "edit", "Edit", id="study.edit"),
        Binding("escape", "finish", "End session", id="study.finish"),
        Binding("o", "open_images", "Open images", show=False, id="study.open_images"),
    ]

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

    @property
    def session(self) -> StudySession | None:
        return None if self.service is None else self.service.session

    @property
    def library(self) -> Library:
        return app_library(self)

    @property
    def _records(self) -> bool:
        """Whether answers are saved (not in custom study, quizapp.study.custom)."""
        return self.session is None or self.session.records

    def compose(self) -> ComposeResult:
        yield Header()
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

    def on_mount(self) -> None:
        self._reveal_unseen = False
        self.screen_layout_refresh_signal.subscribe(self, self._scroll_to_reveal)
        # The deck, its progress and today's reviews are read in a thread (a big deck takes
        # a while): the screen says it is loading, and its keys wait, until they are in.
        self._say_empty(f"Loading {self.deck_id}…")
        self._set_phase("loading")
        library, deck_id, options = self.library, self.deck_id, self.options
        quiz_app(self).blocking.run(
            lambda: open_study(library, deck_id, options), self._opened,
            failed=f"The deck {deck_id!r} cannot be studied",
            name="open-study", otherwise=self._not_opened,
        )

    def _opened(self, service: StudyService) -> None:
        if not self.is_attached:  # left while it was loading
            return
        self.service = service
        self.title = service.session.head.title
        self.sub_title = "Study" if self._records else "Custom study"
        self.call_later(self._show_next)

    def _not_opened(self) -> None:
        # Why is said by the app's one worker handler (quizapp/ui/workers.py).
        self._say_empty("This deck cannot be studied now. escape: back to your decks")
        self._set_phase("empty")
        if self.is_current:
            self.app.pop_screen()

    def _say_empty(self, text: str) -> None:
        self.query_one("#study-empty", Static).update(Content(text))

    # --- what is on screen ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return self.phase == "question" and self.self_rated
        if action == "answer":
            return self.phase == "question" and not self.self_rated
        if action in ("accept", "rate"):
            return self.phase == "revealed"
        if action in ("change", "mark", "edit"):
            return self.phase in ("question", "revealed")
        if action == "undo":
            can = self.service is not None and self.service.can_undo
            return not can if parameters else can
        if action == "open_images":
            return self.phase == "revealed" and bool(self.card and self.card.media)
        return True

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

    async def _show_next(self) -> None:
        assert self.session is not None
        try:
            card = self.session.next_card()  # built now: the open checked its file's shape
        except StoreError as error:  # a card damaged past that check (LibraryCorrupt)
            quiz_app(self).blocking.report(f"The deck {self.deck_id!r} cannot be studied", error)
            self._not_opened()
            return
        if card is None:
            await self._finish_or_empty()
            return
        await self._show(card)

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

    async def _finish_or_empty(self) -> None:
        assert self.session is not None
        self.card = None
        if self.session.done:
            self._to_summary()
            return
        now = self.options.clock()
        self._say_empty(empty_text(self.session.has_cards, self.session.summary().next_due, now,
                                   self.options.tz))
        self._update_progress()
        self._set_phase("empty")

    def _to_summary(self) -> None:
        assert self.session is not None
        summary = SummaryScreen(
            self.session.head.title,
            self.session.summary(),
            self.options.clock(),
            self.options.tz,
            left=self.session.remaining,
            deck_id=self.session.deck_id,  # for the automatic re-fit, if the deck has one
        )
        self.app.switch_screen(summary)

    # --- actions ------------------------------------------------------------------------

    def action_reveal(self) -> None:
        self._reveal(None)

    def action_answer(self) -> None:
        for answer in self.query(AnswerInput):
            answer.focus_answer()

    def on_answer_input_submitted(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        if event.stale or self.phase != "question" or self.card is None or self.session is None:
            return
        grading = deck_grading(self.session.head.language, self.session.settings)
        self._reveal(grade(self.card, given(event.answer.form, event.response), grading))

    async def on_rating_bar_rated(self, event: RatingBar.Rated) -> None:
        event.stop()
        await self.action_rate(int(event.rating))

    async def action_accept(self) -> None:
        await self.action_rate(int(self.preselect))

    async def action_rate(self, rating: int) -> None:
        if self.phase != "revealed" or self.card is None or self.service is None:
            return
        elapsed = self.options.clock() - self._shown_at
        correct = None if self.grade is None else self.grade.correct
        try:
            # Durable when it returns: the next card is shown only after this.
            answered = self.service.answer(
                self.card.id, Rating(rating), int(elapsed.total_seconds() * 1000), correct
            )
        except StoreError as error:
            # The card stays revealed: the same key tries again once there is room.
            self.notify(f"{error} Rate the card again to retry.", severity="error", markup=False)
            return
        if answered.leeched:
            lapses = answered.progress.lapses
            self.notify(f"Card {self.card.id} failed {lapses} times: tagged leech and suspended.",
                        title="Leech", severity="warning", markup=False)
        await self._show_next()

    async def action_undo(self, nothing: str = "") -> None:
        if self.service is None or nothing:
            self.notify("Nothing to undo.", markup=False)
            return
        service = self.service
        if service.steps and service.steps[-1].kind == "edit":  # the whole deck written back
            self._saving(service.undo, self._undone, saying="Undoing the edit…",
                         failed="Undo was not saved")
            return
        try:
            undone = service.undo()
        except StoreError as error:
            self.notify(f"Undo was not saved: {error}", severity="error", markup=False)
            return
        await self._undone(undone)

    async def _undone(self, undone: Undone | None) -> None:
        if undone is not None:
            await self._show(undone.card)
            self.notify(undone.message, markup=False)

    async def action_change(self, what: Literal["suspend", "bury"]) -> None:
        """Suspend or bury the card on screen and go on to the next."""
        if self.card is None or self.service is None:
            return
        card_id = self.card.id
        try:
            self.service.suspend(card_id) if what == "suspend" else self.service.bury(card_id)
        except StoreError as error:
            self.notify(f"Not saved: {error}", severity="error", markup=False)
            return
        done = "suspended" if what == "suspend" else "buried until tomorrow"
        self.notify(f"Card {card_id} {done} (u undoes it).", markup=False)
        await self._show_next()

    def action_mark(self) -> None:
        """Mark or unmark the card on screen; it stays on screen, with its mark shown."""
        if self.card is None or self.service is None:
            return
        try:
            marked = self.service.mark(self.card.id).marked
        except StoreError as error:
            self.notify(f"Not saved: {error}", severity="error", markup=False)
            return
        self._show_kind(self.card)
        self.notify(f"Card {self.card.id} {'marked' if marked else 'unmarked'}.", markup=False)

    def action_edit(self) -> None:
        """The card form over the card on screen; the saved card is shown again, unanswered."""
        if self.card is None or self.service is None:
            return
        service, card_id, phase = self.service, self.card.id, self.phase
        if service.session.deck_built:
            self._edit_in(service.deck, card_id)
            return
        # The form checks the card in its whole deck, whose cards the reviewer builds only
        # as it shows them: built here in a thread (about a second at 100k cards), once.
        self._say_empty("Opening the card form…")
        self._set_phase("loading")

        def back() -> None:
            if self.is_attached:
                self._set_phase(phase)  # the card as it was (under the form, if it opens)

        def built(deck: Deck) -> None:
            back()
            if self.is_attached:
                self._edit_in(deck, card_id)

        quiz_app(self).blocking.run(lambda: service.deck, built, name="study-deck",
                                    failed="The card cannot be edited", otherwise=back)

    def _edit_in(self, deck: Deck, card_id: str) -> None:
        index = authored_index(deck.cards, card_id)  # a reverse: its flashcard
        self.app.push_screen(
            CardFormScreen(deck, card_to_raw(deck.cards[index]), index), self._edited
        )

    def _edited(self, card: Card | None) -> None:
        if card is None or self.service is None:
            return
        service = self.service

        def edit() -> Card:
            try:
                return service.edit(card)
            except ValueError as error:  # an id changed: the message says what to do
                raise Refused(str(error)) from None

        async def saved(shown: Card) -> None:
            self.notify(f"Saved the edit of card {card.id} (u undoes it).", markup=False)
            await self._show(shown)

        self._saving(edit, saved, saying=f"Saving the edit of card {card.id}…", failed="Not saved")

    def _saving(self, work: Callable[[], T], then: Callable[[T], Awaitable[object]], *,
                saying: str, failed: str) -> None:
        """A step that writes the whole deck (an edit, its undo: a second at 10k cards) in a
        BlockingWork thread; the screen waits in "loading" (its keys off), then `then(result)`.
        A refused write is said by the app's one handler and the card is shown again."""
        card = self.card
        self._say_empty(saying)
        self._set_phase("loading")

        def refused() -> None:
            if card is not None and self.is_attached:
                self.call_later(self._show, card)

        quiz_app(self).blocking.run(work, lambda result: self.call_later(then, result),
                                    failed=failed, name="study-save", otherwise=refused)

    def action_open_images(self) -> None:
        """The card's images in the system's viewer (a terminal cannot be relied on to draw)."""
        if self.card is not None:
            paths = media_paths(self.library.data_dir, self.card.media)
            for path in paths:
                self.app.open_url(path.as_uri())
            self.notify(f"Opening {counted(len(paths), 'image')}")

    def action_finish(self) -> None:
        if self.session is not None and self.session.done:
            self._to_summary()
        else:
            self.app.pop_screen()
