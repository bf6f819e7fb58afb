"""The teacher's screen, made to be projected: lobby, questions, answers, leaderboard, podium.

Everything drawn comes from the Game's state, so the screen also runs without a server
(`serve=False`, for snapshots and tests that drive the Game directly). With a server,
the ClassroomServer runs on the app's own asyncio loop (started by an async worker
from on_mount), so its on_change callback arrives on the UI's loop: it only marks the
screen dirty and schedules one redraw, however many students join at once.

Keys: enter/space starts, closes the question, shows the leaderboard, goes on; c closes
the question early; l locks or unlocks the lobby; k removes the highlighted player
(after a confirmation), a lets a removed player back; x gives the highlighted player
more time (x1.5, x2, back to x1); e ends the quiz; escape leaves.
With auto-advance the questions close on time (or when everyone answered) and move on
by themselves; the teacher only starts.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher

from quizapp.classroom.game import Game
from quizapp.classroom.players import Player, Refused, name_key
from quizapp.classroom.results import ClassroomResult
from quizapp.classroom.server import ClassroomServer
from quizapp.store import StoreError
from quizapp.ui.screens.confirm import ConfirmScreen
from quizapp.ui.widgets.host_board import HostLeaderboard
from quizapp.ui.widgets.host_lobby import HostLobby
from quizapp.ui.widgets.host_podium import HostPodium
from quizapp.ui.widgets.host_question import HostQuestion
from quizapp.ui.widgets.host_reveal import HostReveal
from quizapp.ui.widgets.keys_footer import KeysFooter
from quizapp.ui.widgets.title_bar import TitleBar

View = Literal["lobby", "question", "reveal", "board", "podium"]
#: The extra time the lobby's x key steps through.
EXTRA_TIME_STEPS = (1.0, 1.5, 2.0)

#: Which actions each view offers (the footer shows only these).
OFFERED: dict[str, set[str]] = {
    "lobby": {"start", "lock", "kick", "approve", "extra_time", "leave"},
    "question": {"close", "end", "lock"},
    "reveal": {"board", "end", "lock"},
    "board": {"next", "end", "lock"},
    "podium": {"leave"},
}


class HostScreen(Screen[None]):
    # a and x (for the highlighted player) stay out of the footer so that it fits 80
    # columns; the lobby's own lines and F1 name them.
    CSS_PATH = "host_screen.tcss"
    BINDINGS = [
        Binding("enter,space", "start", "Start", priority=True, id="host.start"),
        Binding("enter,space", "close", "Close question", priority=True, id="host.close"),
        Binding("enter,space", "board", "Leaderboard", priority=True, id="host.board"),
        Binding("enter,space", "next", "Next", priority=True, id="host.next"),
        Binding("c", "close", "Close", show=False, id="host.close_c"),
        Binding("l", "lock", "Lock/unlock", id="host.lock"),
        Binding("k", "kick", "Remove", id="host.kick"),
        Binding("a", "approve", "Let back in", show=False, id="host.approve"),
        Binding("x", "extra_time", "More time", show=False, id="host.extra_time"),
        Binding("e", "end", "End quiz", id="host.end"),
        Binding("escape", "leave", "Leave", id="host.leave"),
    ]

    def __init__(
        self,
        game: Game,
        *,
        serve: bool = True,
        bind: str = "0.0.0.0",
        port: int = 0,
        addresses: list[str] | None = None,
        on_finished: Callable[[ClassroomResult], None] | None = None,
        tick: float = 0.2,
    ) -> None:
        super().__init__()
        self.game = game
        self.serve = serve
        self.bind = bind
        self.port = port
        self.addresses = list(addresses or [])
        self.on_finished = on_finished
        self.tick_seconds = tick
        self.server: ClassroomServer | None = None
        self.view: View = "lobby"
        self.result: ClassroomResult | None = None
        self._auto_at: float | None = None
        self._redraw_pending = False
        self._busy = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with ContentSwitcher(initial="lobby", id="host-views"):
            yield HostLobby(id="lobby")
            yield HostQuestion(id="question")
            yield HostReveal(id="reveal")
            yield HostLeaderboard(id="board")
            yield HostPodium(id="podium")
        yield KeysFooter()

    def on_mount(self) -> None:
        # Graded with the deck's typo tolerance, as in study and quiz mode.
        library = getattr(self.app, "library", None)
        if library is not None and self.game.phase == "lobby":
            self.game.use_typo_tolerance(library.settings(self.game.deck.id).typo_tolerance)
        self.title = self.game.deck.title
        self.sub_title = "Live quiz"
        self.query_one(HostLobby).show(self.game, self.addresses)
        if self.serve:
            self.run_worker(self._serve(), name="classroom-server", exit_on_error=False)
        self.set_interval(self.tick_seconds, self._tick)

    async def _serve(self) -> None:
        server = ClassroomServer(self.game, host=self.bind, port=self.port, on_change=self.changed)
        try:
            await server.start()
        except OSError as error:
            self.app.exit(return_code=1, message=Content(server_error(self.bind, self.port, error)))
            return
        self.server = server
        self.port = server.port
        self.addresses = server.addresses
        self.changed()

    async def on_unmount(self) -> None:
        # Leaving mid-game (ctrl+q): end it for the students and keep what was played.
        if self.game.phase in ("question", "closed"):
            self._end_game()
        if self.server is not None:
            await self.server.stop()

    # --- redrawing ---------------------------------------------------------------------

    def changed(self, what: str = "state") -> None:
        """The game changed (the server's on_change): redraw once, soon, on this loop."""
        if not self.is_attached:  # a student leaving while the screen closes
            return
        if what == "alert":  # the PIN was rotated after a burst of wrong guesses
            self.notify(self.game.alerts[-1], severity="warning", timeout=30, markup=False)
        if not self._redraw_pending:
            self._redraw_pending = True
            self.call_later(self._redraw)

    async def _redraw(self) -> None:
        self._redraw_pending = False
        if self.view == "lobby":
            self.query_one(HostLobby).show(self.game, self.addresses)
        elif self.view == "question":
            self.query_one(HostQuestion).tick(self.game)
        self.refresh_bindings()

    async def _tick(self) -> None:
        """Countdown, and the steps that happen on time: closing, auto-advance."""
        game = self.game
        if self._busy:
            return
        if self.view == "question" and game.phase == "question":
            time_up = game.clock() >= game.close_at  # waits for extra time
            if time_up or (game.settings.auto_advance and game.all_answered):
                await self.action_close()
            else:
                self.query_one(HostQuestion).tick(game)
        elif self._auto_at is not None and game.clock() >= self._auto_at:
            self._auto_at = None
            if self.view == "reveal":
                await self.action_board()
            elif self.view == "board":
                await self.action_next()

    def _schedule_auto(self) -> None:
        s = self.game.settings
        self._auto_at = self.game.clock() + s.reveal_seconds if s.auto_advance else None

    def _switch(self, view: View) -> None:
        self.view = view
        self.query_one(ContentSwitcher).current = view
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"start", "close", "board", "next", "lock", "kick", "approve", "extra_time",
                      "end", "leave"}:  # fmt: skip
            return action in OFFERED[self.view]
        return True

    # --- the teacher's actions ----------------------------------------------------------

    def _try(self, act: Callable[[], object]) -> bool:
        try:
            act()
        except Refused as error:
            self.notify(error.message, severity="warning", markup=False)
            return False
        return True

    async def action_start(self) -> None:
        if self.serve and self.server is None:
            self.notify("The server is still starting; try again in a moment.")
            return
        if not self.game.connected:
            self.notify("Nobody has joined yet.", severity="warning")
            return
        act = self.server.start_game if self.server else self.game.start
        if self._try(act):
            await self._show_question()

    async def _show_question(self) -> None:
        self._busy = True
        try:
            self._switch("question")
            await self.query_one(HostQuestion).show(self.game)
        finally:
            self._busy = False

    async def action_close(self) -> None:
        if self.game.phase != "question":
            return
        act = self.server.close_question if self.server else self.game.close
        if self._try(act):
            self.query_one(HostReveal).show(self.game)
            self._switch("reveal")
            self._schedule_auto()

    async def action_board(self) -> None:
        self.query_one(HostLeaderboard).show(self.game)
        self._switch("board")
        self._schedule_auto()

    async def action_next(self) -> None:
        if self.game.is_last:
            self._finish()
            return
        act = self.server.next_question if self.server else self.game.next
        if self._try(act):
            await self._show_question()

    def action_lock(self) -> None:
        if self.game.locked:
            self._try(self.server.unlock if self.server else self.game.unlock)
        else:
            self._try(self.server.lock if self.server else self.game.lock)
        self.notify("Lobby locked" if self.game.locked else "Lobby open")
        self.changed()

    def _selected(self) -> Player | None:
        key = self.query_one(HostLobby).selected_key()
        player = self.game.players.get(key) if key else None
        if player is None:
            self.notify("Highlight a player in the list first.", severity="warning")
        return player

    def action_kick(self) -> None:
        player = self._selected()
        if player is None:
            return
        name = player.name
        if player.kicked:
            self.notify(f"{name} is already removed.", markup=False)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                act = self.server.kick if self.server else self.game.kick
                if self._try(lambda: act(name)):
                    self.notify(f"Removed {name}", markup=False)
                self.changed()

        self.app.push_screen(
            ConfirmScreen(f"Remove {name} from the game? They can only come back if you let them.",
                          yes="Remove"),
            confirmed,
        )  # fmt: skip

    def action_approve(self) -> None:
        player = self._selected()
        if player is None:
            return
        name = player.name
        if not player.kicked:
            self.notify(f"{name} is in the game already.", markup=False)
            return
        (self.server.approve if self.server else self.game.approve)(name)
        # Only with their own token: nobody else can take the name and the score.
        self.notify(f"{name} may join again from the same device.", markup=False)

    def action_extra_time(self) -> None:
        """x1 -> x1.5 -> x2 -> x1 for the highlighted player. The list shows no mark (it is
        projected); the toast says the new time without the name."""
        player = self._selected()
        if player is None:
            return
        key = name_key(player.name)
        steps = EXTRA_TIME_STEPS
        now = self.game.factor(key)
        after = steps[(steps.index(now) + 1) % len(steps)] if now in steps else steps[0]
        give = self.server.set_extra_time if self.server else self.game.set_extra_time
        give(player.name, after)
        self.notify(f"Highlighted player: time x{after:g}.", markup=False)

    def action_end(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self._finish()

        self.app.push_screen(ConfirmScreen("End the quiz now? Results so far are kept."), confirmed)

    def action_leave(self) -> None:
        if self.view == "lobby" and self.game.connected:

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.dismiss()

            self.app.push_screen(ConfirmScreen("Stop hosting? The students will be disconnected."),
                                 confirmed)  # fmt: skip
            return
        self.dismiss()

    # --- the end ------------------------------------------------------------------------

    def _finish(self) -> None:
        result = self._end_game()
        self.query_one(HostPodium).show(result)
        self._switch("podium")

    def _end_game(self) -> ClassroomResult:
        """Finish the game once (students get their standing) and save its record."""
        if self.result is not None:
            return self.result
        self._auto_at = None
        if self.server is not None:
            self.result = self.server.finish()
        else:
            self.game.finish()
            self.result = self.game.result()
        self._save(self.result)
        return self.result

    def _save(self, result: ClassroomResult) -> None:
        if self.on_finished is None:
            return
        try:
            self.on_finished(result)
        except (StoreError, OSError) as error:
            self.notify(f"The results were not saved: {error}", severity="error", markup=False)


def server_error(bind: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return f"quizapp: port {port} is in use; choose another with --port (or --port 0)"
    return f"quizapp: cannot listen on {bind}:{port}: {error.strerror or error}"
