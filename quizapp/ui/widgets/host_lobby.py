"""The lobby as the class sees it projected: where to join, the PIN, who is in.

Student names are untrusted: every name goes into an Option as Content, never
markup, so "[/]" or "[@click=app.quit]" show as typed. The list keeps its
highlight on the same player (by name key) as names come and go.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Digits, OptionList, Static
from textual.widgets.option_list import Option

from quizapp.classroom.game import Game
from quizapp.classroom.players import name_key


def join_command_address(url: str) -> str:
    """'http://192.168.1.5:8765/' -> '192.168.1.5:8765' (what `quizapp join` takes)."""
    rest = url.split("://", 1)[-1]
    return rest.rstrip("/")


def shown_addresses(addresses: list[str]) -> list[str]:
    """The addresses worth projecting: loopback only when there is nothing else."""
    lan = [a for a in addresses if "://127." not in a and "://localhost" not in a]
    return (lan or addresses)[:2]


def join_text(addresses: list[str]) -> Content:
    shown = shown_addresses(addresses)
    if not shown:
        return Content("Starting the server…")
    return Content.from_markup(
        "Join in a browser: [b]$urls[/b]\nor in a terminal:  [b]quizapp join $addr[/b]",
        urls="   ".join(shown),
        addr=join_command_address(shown[0]),
    )


def player_label(name: str, *, kicked: bool, connected: bool) -> Content:
    if kicked:
        return Content.from_markup("$name  [$error]removed (a lets them back)[/]", name=name)
    if not connected:
        return Content.from_markup("$name  [$text-muted]away[/]", name=name)
    return Content(name)


class HostLobby(Vertical):
    """Join addresses, the PIN in big digits, the lobby state and the list of players."""

    def compose(self) -> ComposeResult:
        yield Static(id="host-join")
        with Horizontal(id="host-pin-row"):
            yield Static("PIN", id="host-pin-label")
            yield Digits(id="host-pin")
        yield Static(id="host-lobby-state")
        yield OptionList(id="host-players", markup=False)

    def show(self, game: Game, addresses: list[str]) -> None:
        self.query_one("#host-join", Static).update(join_text(addresses))
        self.query_one("#host-pin", Digits).update(game.pin)
        here = len(game.connected)
        state = ("locked: nobody new can join (l unlocks)" if game.locked
                 else "open (l locks · x more time)")
        self.query_one("#host-lobby-state", Static).update(
            Content.from_markup(
                "[b]$n[/b] $players in · lobby $state",
                n=str(here),
                players="player" if here == 1 else "players",
                state=state,
            )
        )
        self._list(game)

    def _list(self, game: Game) -> None:
        players = self.query_one("#host-players", OptionList)
        before = self.selected_key()
        players.clear_options()
        players.add_options(
            Option(player_label(p.name, kicked=p.kicked, connected=p.connected), id=key)
            for key, p in game.players.items()
        )
        if players.option_count:
            keys = list(game.players)
            players.highlighted = keys.index(before) if before in keys else 0

    def selected_key(self) -> str | None:
        players = self.query_one("#host-players", OptionList)
        if players.highlighted is None or not players.option_count:
            return None
        return players.get_option_at_index(players.highlighted).id

    def select(self, name: str) -> None:
        """Highlight a player by name (tests, and after a kick)."""
        players = self.query_one("#host-players", OptionList)
        players.highlighted = players.get_option_index(name_key(name))
