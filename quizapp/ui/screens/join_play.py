"""The student's game: each question with its answer widget and countdown, "answer
received", how each question went, and the final standing.

A worker reads the host's messages (ClassroomClient.events) on the app's loop and
draws each one. When the connection drops without the game being over, it rejoins
with the token (ClassroomClient.rejoin: same name, same score), retrying for about
half a minute. Everything shown comes from the host's messages, whose text fields
are cleaned on parse, and goes on screen as Content, never markup.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from quizapp import durations
from quizapp.classroom.client import ClassroomClient, JoinRefused
from quizapp.classroom.protocol import (
    Ack,
    Error,
    Finished,
    Kicked,
    Lobby,
    Question,
    Result,
    ServerMessage,
    Welcome,
    wire_response,
)
from quizapp.classroom.questions import answer_form
from quizapp.ui.widgets.answer_base import AnswerInput
from quizapp.ui.widgets.answer_inputs import answer_input
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.title_bar import TitleBar
from quizapp.wording import counted

#: Why the host closed a connection for good (by close code; 0: any other).
FINAL: dict[int | None, str] = {
    4002: "You are playing from another window now; this one has stopped.",
    0: "The host closed the connection; join again if you need to.",
}
#: Seconds to wait before each reconnection attempt (about half a minute in all).
RETRY = (0.2, 0.5, 1.0, 2.0, 3.0, 5.0, 5.0, 5.0, 5.0, 5.0)
#: Refusals after which the answer widget stays (the student can fix and resend).
FIXABLE = {"bad_answer", "malformed"}


def verdict(result: Result) -> tuple[str, str]:
    """(headline, css class) for how a question went."""
    if not result.answered:
        return "No answer", "wrong"
    if result.right:
        return "✔ Right!", "right"
    return ("◐ Partly right", "wrong") if result.score > 0 else ("✘ Wrong", "wrong")


class JoinPlayScreen(Screen[None]):
    CSS_PATH = "join_play.tcss"
    BINDINGS = [Binding("escape", "leave", "Leave", id="join.leave")]

    def __init__(
        self,
        client: ClassroomClient,
        welcome: Welcome,
        *,
        clock: Callable[[], float] = time.monotonic,
        tick: float = 0.2,
        retry: tuple[float, ...] = RETRY,
    ) -> None:
        super().__init__()
        self.client = client
        self.welcome = welcome
        self.clock = clock
        self.tick_seconds = tick
        self.retry = retry
        self.question: Question | None = None
        self.deadline: float | None = None
        self.answered = False
        self.over = False
        self.total = welcome.score
        self.last: ServerMessage | None = None
        self.last_result: Result | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="join-top"):
            yield Static(id="join-standing")
            yield Static(id="join-countdown")
        with VerticalScroll(id="join-body"):
            yield Static(id="join-prompt")
            yield Static(id="join-hint")
            yield Vertical(id="join-answer-area")
            yield Static(id="join-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = self.welcome.deck_title
        self.sub_title = self.welcome.name
        self._standing(None)
        back = " (welcome back)" if self.welcome.rejoined else ""
        self._status(f"You are in{back}. Wait for the teacher to start.")
        self.set_interval(self.tick_seconds, self._tick)
        self.run_worker(self._listen(), name="classroom-client", exit_on_error=False)

    async def on_unmount(self) -> None:
        await self.client.close()

    # --- drawing ------------------------------------------------------------------------

    def _status(self, text: str | Content, kind: str = "") -> None:
        status = self.query_one("#join-status", Static)
        status.update(Content(text) if isinstance(text, str) else text)
        status.set_classes(kind)

    def _standing(self, rank: tuple[int, int] | None) -> None:
        where = f" · rank {rank[0]} of {rank[1]}" if rank else ""
        self.query_one("#join-standing", Static).update(
            Content(f"{self.welcome.name} · {counted(self.total, 'point')}{where}")
        )

    async def _clear_answer(self) -> None:
        self.query_one("#join-hint", Static).update("")
        await self.query_one("#join-answer-area", Vertical).remove_children()

    def _tick(self) -> None:
        countdown = self.query_one("#join-countdown", Static)
        if self.question is None or self.deadline is None:
            countdown.update("")
            return
        left = self.deadline - self.clock()
        countdown.update(Content(durations.countdown(left)))
        countdown.set_class(left <= 5, "urgent")
        if left <= 0 and not self.answered and self.query("#join-answer-area AnswerInput"):
            self.run_worker(self._clear_answer())
            self._status("Time is up.", "wrong")

    # --- the host's messages ------------------------------------------------------------

    async def _listen(self) -> None:
        while True:
            async for message in self.client.events():
                await self.handle(message)
            if self.client.closed_for_good and not self.over:
                # Replaced by this player's newer connection (another window), or removed:
                # reconnecting would knock that one off in turn.
                self.over = True
                self._status(FINAL.get(self.client.close_code, FINAL[0]), "wrong")
            if self.over or not await self._reconnect():
                return

    async def _reconnect(self) -> bool:
        for delay in self.retry:
            self._status("Connection lost; reconnecting…", "wrong")
            await asyncio.sleep(delay)
            try:
                await self.client.rejoin()
            except JoinRefused as error:
                self._status(error.message, "wrong")
                self.over = True
                return False
            except (OSError, TimeoutError, InvalidURI, InvalidHandshake, ConnectionClosed):
                continue
            self._status("Reconnected: you are back in the game.")
            return True
        self._status("Lost the connection to the host. Check the network and join again.", "wrong")
        return False

    async def handle(self, message: ServerMessage) -> None:
        """Draw one message from the host."""
        self.last = message
        if isinstance(message, Question):
            await self._show_question(message)
        elif isinstance(message, Ack):
            self.answered = True
            await self._clear_answer()
            seconds = message.time_ms / 1000
            self._status(f"Answer received ({seconds:.1f} s). Waiting for the others…")
        elif isinstance(message, Error):
            if message.code not in FIXABLE:
                await self._clear_answer()
            self._status(message.message, "wrong")
            self.over = self.over or message.fatal
        elif isinstance(message, Result):
            await self._show_result(message)
        elif isinstance(message, Lobby):
            if self.question is None and not self.over and self.last_result is None:
                locked = " The lobby is locked." if message.locked else ""
                others = counted(message.players, "player")
                self._status(f"You are in ({others}). Wait for the teacher to start.{locked}")
        elif isinstance(message, Finished):
            await self._show_finished(message)
        elif isinstance(message, Kicked):
            self.over = True
            self.question = None
            await self._clear_answer()
            self._status(message.message, "wrong")

    async def _show_question(self, question: Question) -> None:
        self.question = question
        self.answered = False
        self.deadline = self.clock() + question.remaining
        self._tick()
        self.query_one("#join-prompt", Static).update(
            Content.assemble(
                f"Question {question.index + 1} of {question.total} · {question.points} points\n\n",
                Content(question.prompt),
            )
        )
        self._status("")
        await self._clear_answer()
        # Built from the host's public question alone: it holds nothing of the answer.
        widget = answer_input(answer_form(question), verb="send", letter_submits=True)
        await self.query_one("#join-answer-area", Vertical).mount(widget)
        self.query_one("#join-hint", Static).update(Content(widget.hint))
        widget.focus_answer()

    async def _show_result(self, result: Result) -> None:
        self.question, self.deadline, self.last_result = None, None, result
        await self._clear_answer()
        self.total = result.total
        self._standing((result.rank, result.players))
        headline, kind = verdict(result)
        bonus = f" (streak bonus +{result.streak_bonus})" if result.streak_bonus else ""
        parts = [
            Content.from_markup("[b]$h[/b]  +$p points$b\n", h=headline, p=str(result.points),
                                b=bonus),
            Content.from_markup("Answer: [b]$a[/b]\n", a=result.answer_text),
        ]  # fmt: skip
        if result.explanation:
            parts.append(Content.assemble(Content(result.explanation), "\n"))
        parts.append(Content(f"Total {result.total} · rank {result.rank} of {result.players}"))
        self._status(Content.assemble(*parts), kind)
        self._tick()

    async def _show_finished(self, finished: Finished) -> None:
        self.over = True
        self.question, self.deadline = None, None
        await self._clear_answer()
        self.query_one("#join-prompt", Static).update("The quiz is over.")
        self.query_one("#join-hint", Static).update("")
        lines = [Content.from_markup("[b]Podium[/b]")]
        lines += [Content(f"  {s.rank}. {s.name}: {s.score}") for s in finished.podium]
        if finished.you is not None:
            self.total = finished.you.score
            self._standing((finished.you.rank, finished.players))
            lines.append(
                Content.from_markup(
                    "\n[b]You: $score points, rank $rank of $n[/b]",
                    score=str(finished.you.score),
                    rank=str(finished.you.rank),
                    n=str(finished.players),
                )
            )
        self._status(Content("\n").join(lines))
        self._tick()

    # --- the student's actions ----------------------------------------------------------

    @on(AnswerInput.Submitted)
    async def _send(self, event: AnswerInput.Submitted) -> None:
        event.stop()
        question = self.question
        if event.stale or question is None or self.answered:
            return
        response = event.response
        if response is None or response in ("", [], {}):
            self._status("Give an answer first.", "wrong")
            return
        self._status("Sending…")
        with contextlib.suppress(ConnectionClosed):
            await self.client.answer(question.index, wire_response(response))

    def action_leave(self) -> None:
        self.app.exit()

