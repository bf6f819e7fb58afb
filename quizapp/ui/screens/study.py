"""The reviewer: one card at a time, answered or revealed, rated, saved, next.

Every step (an answer, a bury, a suspend, a mark, an edit) goes through
quizapp.study.service, which saves it before the next card is shown, keeps the one undo
stack and rolls back a write that fails; scheduling is quizapp.study's, grading is
quizapp.grading's: this screen only shows, collects and forwards. What it shows (its
widgets, each phase's, a card's question and reveal) is StudyView's, in study_view.py;
this module is what the keys do. Deck text is shown as Content, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal, TypeVar

from textual.binding import Binding
from textual.screen import Screen

from quizapp.answering import given
from quizapp.bulk import collect_again, leave_out_of_collection
from quizapp.editing import card_to_raw
from quizapp.grading import deck_grading, grade
from quizapp.model import Card, Deck, Rating
from quizapp.model.reverse import authored_index
from quizapp.store import Library, StoreError
from quizapp.store.media import media_paths
from quizapp.study.service import StudyService, Undone
from quizapp.ui.screens.card_form import CardFormScreen
from quizapp.ui.screens.study_lines import Phase
from quizapp.ui.screens.study_open import StudyOptions, open_study
from quizapp.ui.screens.study_view import StudyView
from quizapp.ui.screens.summary import SummaryScreen, empty_text
from quizapp.ui.typed_app import app_library, quiz_app
from quizapp.ui.widgets.answer_base import AnswerInput
from quizapp.ui.widgets.rating_bar import NAMES, RatingBar
from quizapp.ui.workers import Refused
from quizapp.wording import counted

# StudyOptions is said here too: what the reviewer is opened with (tests, home, bench).
__all__ = ["Phase", "StudyOptions", "StudyScreen"]

T = TypeVar("T")


class StudyScreen(StudyView, Screen[None]):
    # Its state (the session, the card on screen, its phase) and how each is shown are
    # StudyView's (study_view.py); here are the keys and what they forward.
    #
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

    @property
    def library(self) -> Library:
        return app_library(self)

    @property
    def _records(self) -> bool:
        """Whether answers are saved (not in custom study, quizapp.study.custom)."""
        return self.session is None or self.session.records

    def on_mount(self) -> None:
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
        # The session's records live as long as this screen: out of the collector's
        # passes until it closes (quizapp/bulk.py; 400 ms pauses every few cards at 100k).
        leave_out_of_collection(self)
        self.title = service.session.head.title
        self.sub_title = "Study" if self._records else "Custom study"
        self.call_later(self._show_next)

    def on_unmount(self) -> None:
        collect_again(self)

    def _not_opened(self) -> None:
        # Why is said by the app's one worker handler (quizapp/ui/workers.py).
        self._say_empty("This deck cannot be studied now. escape: back to your decks")
        self._set_phase("empty")
        if self.is_current:
            self.app.pop_screen()

    # --- which keys work now, and what comes next ---------------------------------------

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
