"""The four answer buttons, each showing when the card would come back, as in Anki.

The preselected rating (Good for a right answer or a revealed flashcard, Again for a
wrong one) has the focus, so enter or space accepts it; 1-4 (bound on the screen),
left/right and clicks choose another.
"""

from __future__ import annotations

from datetime import timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button
from textual.widgets.button import ButtonVariant

from quizapp.model import Rating
from quizapp.study import format_interval

NAMES = {Rating.again: "Again", Rating.hard: "Hard", Rating.good: "Good", Rating.easy: "Easy"}
_VARIANTS: dict[Rating, ButtonVariant] = {
    Rating.again: "error",
    Rating.hard: "warning",
    Rating.good: "success",
    Rating.easy: "primary",
}


class RatingBar(Horizontal):
    DEFAULT_CSS = """
    RatingBar { height: auto; align-horizontal: center; }
    RatingBar Button { width: 1fr; max-width: 22; margin: 0 1; }
    RatingBar Button.-preselected { text-style: bold reverse; }
    """
    BINDINGS = [
        Binding("left", "app.focus_previous", "Previous", show=False, id="rating.previous"),
        Binding("right", "app.focus_next", "Next", show=False, id="rating.next"),
    ]

    class Rated(Message):
        def __init__(self, rating: Rating) -> None:
            super().__init__()
            self.rating = rating

    def compose(self) -> ComposeResult:
        for rating in Rating:
            yield Button(NAMES[rating], id=f"rate-{int(rating)}", variant=_VARIANTS[rating])

    def show_intervals(self, intervals: dict[Rating, timedelta], preselect: Rating) -> None:
        """Label each button with its key, name and interval; focus the preselected one."""
        for rating in Rating:
            button = self.query_one(f"#rate-{int(rating)}", Button)
            wait = intervals.get(rating)
            label = f"{int(rating)} {NAMES[rating]}"
            if wait is not None:
                label += f" · {format_interval(wait)}"
            button.label = Content(label)
            button.set_class(rating is preselect, "-preselected")
        self.query_one(f"#rate-{int(preselect)}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("rate-"):
            self.post_message(self.Rated(Rating(int(event.button.id[5:]))))
