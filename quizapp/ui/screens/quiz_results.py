"""The results of a quiz: score, percent, time, and every question with its feedback.

A retry of missed questions or a quiz ended early says so under the score (it is kept
out of best, last and average: quizapp.quiz.attempts.Scores).

Built from the stored Attempt (so a past attempt shows the same way) and the deck for
the cards' text; a card deleted since is listed by id. "r" starts a new quiz of the
questions missed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quizapp.durations import spoken
from quizapp.model import Deck
from quizapp.quiz import Attempt, QuizError, retry_missed
from quizapp.ui.navigation import StartQuiz
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.quiz_feedback import QuizFeedback
from quizapp.ui.widgets.title_bar import TitleBar


class QuizResultsScreen(Screen[None]):
    CSS_PATH = "quiz_results.tcss"
    BINDINGS = [
        Binding("r", "retry", "Retry missed", id="quiz.retry"),
        Binding("escape", "app.pop_screen", "Back", id="quiz.results.back"),
    ]

    def __init__(
        self,
        deck: Deck,
        attempt: Attempt,
        *,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__()
        self.deck = deck
        self.attempt = attempt
        self._clock, self._now = clock, now
        self.sub_title = "Results"

    def compose(self) -> ComposeResult:
        a = self.attempt
        yield TitleBar()
        total = len(a.questions)
        yield Static(
            Content.from_markup(
                "[b]Score $pts / $max · $pct%[/b]   $right of $n right   time $time",
                pts=f"{a.points:g}",
                max=f"{a.max_points:g}",
                pct=f"{a.percent:g}",
                right=str(a.correct),
                n=str(total),
                time=spoken(a.time_ms / 1000),
            ),
            id="results-score",
        )
        if not a.counts:  # a retry or a quiz ended early is not a score to compare
            yield Static(
                Content(f"{a.kind_text.capitalize()}: not counted in best, last and average."),
                id="results-kind",
            )
        missed = len(a.missed)
        hint = f"{missed} to retry: press r." if missed else "Every question right."
        yield Static(Content(hint), id="results-hint")
        with VerticalScroll(id="results-list"):
            cards = {card.id: card for card in self.deck.cards}
            for number, item in enumerate(a.questions, 1):
                card = cards.get(item.card_id)
                if card is None:
                    yield Static(Content(f"{number}. {item.card_id}: no longer in the deck"))
                    continue
                yield QuizFeedback(
                    self.deck,
                    card,
                    verdict=item.verdict,
                    response=item.response,
                    points=item.points,
                    heading=f"{number}. {' '.join(card.prompt.split())}",
                )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = self.deck.title
        self.query_one("#results-list").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return bool(self.attempt.missed)
        return True

    def action_retry(self) -> None:
        try:
            seed = self.attempt.settings.seed
            # Seeded from the attempt: the same results always offer the same retry.
            quiz = retry_missed(self.deck, self.attempt, None if seed is None else seed + 1)
        except QuizError as error:
            self.notify(str(error), markup=False)
            return
        self.post_message(StartQuiz(quiz, self._clock, self._now))
