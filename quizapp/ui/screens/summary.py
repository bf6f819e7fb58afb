"""The end of a study session: what was studied, how it went, when to come back."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quizapp.durations import spoken
from quizapp.study import Summary, format_interval, next_rollover
from quizapp.ui.typed_app import app_library
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.title_bar import TitleBar
from quizapp.wording import counted


def due_text(due: datetime | None, now: datetime, tz: tzinfo | None) -> str:
    """When the deck is next due, relative and on the clock: "in 10m (Mon 02 Mar 09:10)"."""
    if due is None:
        return "no studied card is scheduled"
    if due <= now:
        return "now"
    local = due.astimezone(tz).strftime("%a %d %b %H:%M")
    return f"in {format_interval(due - now)} ({local})"


def empty_text(has_cards: bool, due: datetime | None, now: datetime, tz: tzinfo | None) -> str:
    """What the reviewer says when there is nothing to study now."""
    if not has_cards:
        return "This deck has no cards yet."
    if due is not None and due > now:
        return f"Nothing due. Next card due in {format_interval(due - now)}."
    wait = format_interval(next_rollover(now, tz) - now)
    return f"Nothing due. Today's cards are done; new ones come when the day turns (in {wait})."


def title_text(left: int) -> str:
    """Praise only a finished session; one ended early says what is still waiting (beside
    it, "Next due" says "now" while new or due cards wait: StudySession.summary)."""
    if left <= 0:
        return "Session complete. Well done."
    cards = "card" if left == 1 else "cards"
    return f"Session ended with {left} {cards} left for today."


def summary_text(summary: Summary, now: datetime, tz: tzinfo | None) -> Content:
    lines = [
        f"Cards studied   {summary.studied}",
        f"Right / wrong   {summary.right} / {summary.wrong}",
        f"Ratings         Again {summary.again} · Hard {summary.hard} · "
        f"Good {summary.good} · Easy {summary.easy}",
        f"Time spent      {spoken(summary.time_spent)}",
        f"Next due        {due_text(summary.next_due, now, tz)}",
    ]
    if summary.leeches:
        # Card ids are slugs, but the leech line is plain Content all the same.
        label = "Leeches " if len(summary.leeches) > 1 else "Leech   "
        lines.append(f"{label}        {', '.join(summary.leeches)} (tagged and suspended)")
    return Content("\n".join(lines))


class SummaryScreen(Screen[None]):
    """Shown in place of the reviewer when a session ends; any of its keys goes back."""

    CSS_PATH = "summary.tcss"
    BINDINGS = [
        Binding("escape,enter,q", "app.pop_screen", "Back to decks", id="summary.back"),
    ]

    def __init__(
        self,
        deck_title: str,
        summary: Summary,
        now: datetime,
        tz: tzinfo | None = None,
        *,
        left: int = 0,
        deck_id: str | None = None,
    ) -> None:
        super().__init__()
        #: The deck studied: re-fitted here when its `refit_every` reviews have passed.
        self.deck_id = deck_id
        self.deck_title = deck_title
        self.summary = summary
        self.now = now
        self.tz = tz
        #: Cards still due today when the session ended (0: the student finished them).
        self.left = left

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical():
            yield Static(Content(title_text(self.left)), id="summary-title")
            yield Static(summary_text(self.summary, self.now, self.tz), id="summary-figures")
            yield Static(id="summary-fit")
            yield Static(
                Content("Press enter or escape to go back to your decks."), id="summary-hint"
            )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Study summary"
        self.sub_title = self.deck_title
        if self.deck_id is not None:
            self._refit(self.deck_id)

    # exit_on_error=False: leaving the summary while fitting must not become a traceback.
    @work(thread=True, exclusive=True, group="refit", exit_on_error=False)
    def _refit(self, deck_id: str) -> None:
        """The automatic re-fit (quizapp.study.optimize_apply), off the UI thread."""
        from quizapp.study.optimize_apply import plan_fit, refit_due

        lib = app_library(self)
        if lib.read_only:
            return
        settings, reviews, progress = self.app.call_from_thread(
            lambda: (lib.settings(deck_id), lib.reviews(deck_id), lib.progress(deck_id))
        )
        if not refit_due(settings, len(reviews)):
            return
        applied = plan_fit(settings, reviews, progress)
        self.app.call_from_thread(self._refitted, deck_id, applied)

    def _refitted(self, deck_id: str, applied: Any) -> None:
        from quizapp.study.optimize_apply import save

        save(app_library(self), deck_id, applied)
        fit = applied.fit
        if applied.kept and fit.fitted and fit.current:
            text = (
                f"Re-fitted to your {counted(fit.reviews, 'review')}: "
                f"log loss {fit.current.log_loss:.4f}"
                f" → {fit.fitted.log_loss:.4f}; {counted(applied.rescheduled, 'card')} rescheduled."
            )
        else:
            text = (f"Re-fitted to your {counted(fit.reviews, 'review')}: "
                    "no better, parameters kept.")
        shown = self.query_one("#summary-fit", Static)
        shown.update(Content(text))
        shown.display = True
