"""The reviewer: one card at a time, answered or revealed, rated, saved, next.

Every answer is written to the library (an fsync'd journal line) before the next card
is shown; `u` takes the last one back. Scheduling is quizapp.study's, grading is
quizapp.grading's: this screen only shows, collects and forwards. Deck text is shown
as Content, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from quizapp.answering import AnswerForm
from quizapp.grading import Grade, GradingSettings, grade
from quizapp.model import Card, Deck, DeckError, Flashcard, Rating, progress_key
from quizapp.store import Library, StoreError
from quizapp.store.media import images_line, media_paths
from quizapp.study import (
    Answered,
    StudySession,
    day_start,
    default_rating,
    format_interval,
    next_rollover,
    study_day,
    utcnow,
)
from quizapp.ui.screens.summary import SummaryScreen
from quizapp.ui.widgets.answer_base import AnswerInput
from quizapp.ui.widgets.answer_inputs import answer_input
from quizapp.ui.widgets.answer_typed import TypedAnswer
from quizapp.ui.widgets.card_view import answer_with_extra, evidence_text
from quizapp.ui.widgets.rating_bar import NAMES, RatingBar
from quizapp.wording import counted

Phase = Literal["loading", "question", "revealed", "empty"]


@dataclass(frozen=True)
class StudyOptions:
    """What tests inject: the clock (also used for time spent), the timezone, fuzz."""

    clock: Callable[[], datetime] = utcnow
    tz: tzinfo | None = None
    fuzz: bool = True


def open_session(library: Library, deck: Deck, options: StudyOptions) -> StudySession:
    """A session over the deck's saved progress, settings and today's reviews."""
    now = options.clock()
    since = day_start(study_day(now, options.tz), options.tz)
    progress = {progress_key(deck.id, cid): p for cid, p in library.progress(deck.id).items()}
    return StudySession(
        deck,
        progress,
        library.settings(deck.id),
        library.reviews(deck.id, since=since),
        clock=options.clock,
        tz=options.tz,
        fuzz=options.fuzz,
    )


class StudyScreen(Screen[None]):
    BINDINGS = [
        Binding("space,enter", "reveal", "Show answer", id="study.reveal"),
        Binding("enter", "answer", "Answer", id="study.answer"),
        Binding("space,enter", "accept", "Accept rating", show=False, id="study.accept"),
        Binding("1", "rate(1)", NAMES[Rating.again], id="study.again"),
        Binding("2", "rate(2)", NAMES[Rating.hard], id="study.hard"),
        Binding("3", "rate(3)", NAMES[Rating.good], id="study.good"),
        Binding("4", "rate(4)", NAMES[Rating.easy], id="study.easy"),
        Binding("u", "undo", "Undo", id="study.undo"),
        # Letters choose an answer in a list: there the footer shows ! and - instead of s and
        # b (check_action picks by the parameter); ! and - work on every card.
        Binding("s", "suspend('letter')", "Suspend", id="study.suspend"),
        Binding("b", "bury('letter')", "Bury", id="study.bury"),
        Binding("exclamation_mark", "suspend('symbol')", "Suspend", id="study.suspend_symbol"),
        Binding("minus", "bury('symbol')", "Bury", id="study.bury_symbol"),
        Binding("exclamation_mark", "suspend", show=False, id="study.suspend_any"),
        Binding("minus", "bury", show=False, id="study.bury_any"),
        Binding("escape", "finish", "End session", id="study.finish"),
        Binding("o", "open_images", "Open images", show=False, id="study.open_images"),
    ]

    def __init__(self, deck_id: str, options: StudyOptions | None = None) -> None:
        super().__init__()
        self.deck_id = deck_id
        self.options = options or StudyOptions()
        self.session: StudySession | None = None
        self.card: Card | None = None
        self.phase: Phase = "loading"
        self.grade: Grade | None = None
        self.preselect = Rating.good
        self._shown_at = self.options.clock()
        self._undo: list[tuple[Answered, int]] = []

    @property
    def library(self) -> Library:
        return self.app.library  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="study-progress")
        with VerticalScroll(id="study-card"):
            yield Static(id="study-kind", classes="label")
            yield Static(id="study-stale")
            yield Static(id="study-prompt")
            yield Vertical(id="study-answer-slot")
            with Vertical(id="study-reveal"):
                yield Static(id="study-feedback")
                yield Static(Content("Answer"), classes="label")
                yield Static(id="study-answer")
                yield Static(id="study-explanation")
                yield Static(id="study-evidence")
        yield Static(id="study-empty")
        yield RatingBar(id="study-rating")
        yield Static(id="study-hint")
        yield Footer()

    async def on_mount(self) -> None:
        try:
            deck = self.library.deck(self.deck_id)
            self.session = open_session(self.library, deck, self.options)
        except KeyError:
            self._leave(f"There is no deck {self.deck_id!r} in the library.")
            return
        except (DeckError, StoreError) as error:
            self._leave(f"The deck {self.deck_id!r} cannot be studied: {error}")
            return
        self.title = deck.title
        self.sub_title = "Study"
        await self._show_next()

    def _leave(self, message: str) -> None:
        self.app.notify(message, title="Study", severity="error", markup=False)
        self.app.pop_screen()

    # --- what is on screen ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        flashcard = isinstance(self.card, Flashcard)
        if action == "reveal":
            return self.phase == "question" and flashcard
        if action == "answer":
            return self.phase == "question" and not flashcard
        if action in ("accept", "rate"):
            return self.phase == "revealed"
        if action in ("suspend", "bury"):
            if self.phase not in ("question", "revealed"):
                return False
            if parameters == ("letter",):
                return not self._letters_choose()
            if parameters == ("symbol",):
                return self._letters_choose()
            return True
        if action == "undo":
            return True if self._undo else None
        if action == "open_images":
            return self.phase == "revealed" and bool(self.card and self.card.media)
        return True

    def _letters_choose(self) -> bool:
        """Whether letter keys answer the question now (a list of choices, not a text box)."""
        if self.phase != "question":
            return False
        answers = self.query(AnswerInput)
        return bool(answers) and not isinstance(answers.first(), TypedAnswer)

    def _set_phase(self, phase: Phase) -> None:
        self.phase = phase
        shown = {
            "#study-reveal": phase == "revealed",
            "#study-rating": phase == "revealed",
            "#study-card": phase in ("question", "revealed"),
            "#study-empty": phase == "empty",
        }
        for selector, display in shown.items():
            widget = self.query_one(selector)
            if widget.display != display:  # each change costs a layout: only real ones
                widget.display = display
        self.query_one("#study-hint", Static).update(Content(self._hint()))
        self.refresh_bindings()

    def _hint(self) -> str:
        if self.phase == "question" and isinstance(self.card, Flashcard):
            return "space/enter: show answer · s suspend · b bury · u undo · escape: end"
        if self.phase == "question":
            answers = self.query(AnswerInput)
            if not answers:
                return "enter: answer · - bury · ! suspend · escape: end"
            answer = answers.first()
            # Letters are typed in a box (escape leaves it) and choose in a list (- and ! then).
            if isinstance(answer, TypedAnswer):
                return f"{answer.hint}, then s suspend · b bury"
            return f"{answer.hint} · - bury · ! suspend"
        if self.phase == "revealed":
            return "1 Again · 2 Hard · 3 Good · 4 Easy · enter: the highlighted one · u undo"
        return "escape: back to your decks"

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
        counts = self.session.counts
        self.query_one("#study-progress", Static).update(
            Content(
                f"Done {self.session.done} · Left {counts.total} "
                f"(new {counts.new} · learning {counts.learning} · due {counts.due})"
            )
        )

    async def _show_next(self) -> None:
        assert self.session is not None
        card = self.session.next_card()
        if card is None:
            await self._finish_or_empty()
            return
        await self._show(card)

    async def _show(self, card: Card) -> None:
        self.card, self.grade = card, None
        self._shown_at = self.options.clock()
        self.query_one("#study-kind", Static).update(Content(card.kind.replace("_", " ")))
        self.query_one("#study-prompt", Static).update(Content(card.prompt))
        self._show_stale(card)
        slot = self.query_one("#study-answer-slot")
        if slot.children:  # flashcard after flashcard: nothing to remove, no await
            await slot.remove_children()
        # A new order for each showing, kept while the card is on screen.
        form = AnswerForm.for_card(card, self.app.seeds())  # type: ignore[attr-defined]
        if form is not None:
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
        feedback = self.query_one("#study-feedback", Static)
        feedback.display = grade_ is not None
        if grade_ is not None:
            mark, style = ("✓ ", "bold $success") if grade_.correct else ("✗ ", "bold $error")
            feedback.update(Content.assemble((mark, style), Content(grade_.feedback)))
        self.query_one("#study-answer", Static).update(answer_with_extra(card))
        self.query_one("#study-explanation", Static).update(Content(
            "\n\n".join(t for t in (card.explanation, images_line(card.media)) if t)))
        self.query_one("#study-evidence", Static).update(evidence_text(self.session.deck, card))
        for answer in self.query(AnswerInput):
            answer.disabled = True
        self._set_phase("revealed")
        self.query_one(RatingBar).show_intervals(self.session.intervals(card.id), self.preselect)
        # On a small terminal the answer widget can push the reveal out of sight.
        self.call_after_refresh(self._scroll_to_reveal)

    def _scroll_to_reveal(self) -> None:
        if self.phase == "revealed" and self.grade is not None:
            self.query_one("#study-card", VerticalScroll).scroll_to_widget(
                self.query_one("#study-reveal"), animate=False
            )

    async def _finish_or_empty(self) -> None:
        assert self.session is not None
        self.card = None
        if self.session.done:
            self._to_summary()
            return
        self.query_one("#study-empty", Static).update(Content(self._empty_text()))
        self._update_progress()
        self._set_phase("empty")

    def _empty_text(self) -> str:
        assert self.session is not None
        deck, now = self.session.deck, self.options.clock()
        if not deck.cards:
            return "This deck has no cards yet."
        due = self.session.summary().next_due
        if due is not None and due > now:
            return f"Nothing due. Next card due in {format_interval(due - now)}."
        wait = format_interval(next_rollover(now, self.options.tz) - now)
        return f"Nothing due. Today's cards are done; new ones come when the day turns (in {wait})."

    def _to_summary(self) -> None:
        assert self.session is not None
        summary = SummaryScreen(
            self.session.deck.title,
            self.session.summary(),
            self.options.clock(),
            self.options.tz,
            left=self.session.remaining,
            deck_id=self.session.deck.id,  # for the automatic re-fit, if the deck has one
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
        grading = GradingSettings(self.session.settings.typo_tolerance, self.session.deck.language)
        self._reveal(grade(self.card, event.response, grading))

    async def on_rating_bar_rated(self, event: RatingBar.Rated) -> None:
        event.stop()
        await self.action_rate(int(event.rating))

    async def action_accept(self) -> None:
        await self.action_rate(int(self.preselect))

    async def action_rate(self, rating: int) -> None:
        if self.phase != "revealed" or self.card is None or self.session is None:
            return
        elapsed = self.options.clock() - self._shown_at
        correct = None if self.grade is None else self.grade.correct
        answered = self.session.answer(
            self.card.id, Rating(rating), int(elapsed.total_seconds() * 1000), correct
        )
        try:
            # Durable when it returns: the next card is shown only after this.
            review_id = self.library.record_answer(answered.progress, answered.review)
        except StoreError as error:
            self.session.undo()
            # The card stays revealed: the same key tries again once there is room.
            self.notify(f"{error} Rate the card again to retry.", severity="error", markup=False)
            return
        self._undo.append((answered, review_id))
        if answered.leeched:
            self.notify(
                f"Card {self.card.id} failed {answered.progress.lapses} times: "
                "tagged leech and suspended.",
                title="Leech",
                severity="warning",
                markup=False,
            )
        await self._show_next()

    async def action_undo(self) -> None:
        if not self._undo or self.session is None:
            return
        answered = self.session.undo()
        _, review_id = self._undo.pop()
        if answered is None:
            return
        try:
            self.library.undo_answer(answered.previous, review_id)
        except StoreError as error:
            self.notify(f"Undo was not saved: {error}", severity="error", markup=False)
        await self._show(self.session.deck.card(answered.review.card_id))
        self.notify(f"Undid the answer to card {answered.review.card_id}.", markup=False)

    async def _flag(self, what: str) -> None:
        if self.card is None or self.session is None:
            return
        card_id = self.card.id
        changed = self.session.suspend(card_id) if what == "suspend" else self.session.bury(card_id)
        try:
            self.library.put_progress(changed)
        except StoreError as error:
            self.notify(f"Not saved: {error}", severity="error", markup=False)
            return
        done = "suspended" if what == "suspend" else "buried until tomorrow"
        self.notify(f"Card {card_id} {done}.", markup=False)
        await self._show_next()

    async def action_suspend(self, key: str = "") -> None:
        await self._flag("suspend")

    async def action_bury(self, key: str = "") -> None:
        await self._flag("bury")

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
